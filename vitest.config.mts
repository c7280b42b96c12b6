import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Four layers: unit (pure, fast), integration (real RDP peers on loopback), windows (the scripts in a real
// PowerShell engine), e2e (Chromium via web mode). They run one layer after the other (sequence.groupOrder): real servers and Chromium competing with the
// unit workers for 2 cores once made an xrdp TLS handshake fail in CI-like runs.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real servers on a 2-core machine: one file at a time keeps timings honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          // Windows driver (issue 11): the real PowerShell engine (tests/windows/host) runs the scripts,
          // the Pester suite and the exact command line the Node runner builds.
          name: 'windows',
          include: ['tests/windows/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 3 },
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
