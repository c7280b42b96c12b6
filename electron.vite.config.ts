import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { rendererMetaCsp } from './shared/csp';

/**
 * index.html's meta CSP is the same policy the app:// handler and web mode send as a header
 * (shared/csp.ts), so it can never be the looser one. The dev server needs inline scripts for hot reload:
 * there the tag is dropped (the header still applies in the built app).
 */
function rendererCspMeta(): Plugin {
  return {
    name: 'rdp-doctor-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) =>
        ctx.server
          ? html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
          : html.replace('%RENDERER_CSP%', rendererMetaCsp()),
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['zod', 'commander', 'picocolors', 'js-md4'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          // the worker thread of large scans (probeWorkerPool.ts), beside cli.js
          scanWorker: resolve(__dirname, 'electron/cli/scanWorker.ts'),
        },
        output: {
          // zod and the schemas built with it in their own chunk (issue 20): the probe checks its options by hand
          // (probeOptions.ts), so `rdp-doctor probe`, a scan's workers and `decode` load neither; the doors and
          // the reports that validate at the edge still do. (Left to the automatic split, they shared a chunk
          // with the probe, which every command that probes loads.)
          codeSplitting: {
            groups: [
              {
                name: 'schemas',
                // not what the schemas import (shared/probeConstants.ts): the probe needs that without them
                includeDependenciesRecursively: false,
                test: /node_modules[\\/]zod[\\/]|shared[\\/](probe|fleet|report|contract|settings|remediation|codes|channels|clientProfiles)\.ts$/,
              },
            ],
          },
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), rendererCspMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Shipped minified (about 370 kB instead of 848 kB); the source maps are not shipped (electron-builder.yml).
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
