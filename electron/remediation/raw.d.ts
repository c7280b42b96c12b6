// Repo scripts (.sh, .ps1) are imported as text with Vite's ?raw suffix (build, vitest).
declare module '*?raw' {
  const text: string;
  export default text;
}

// Vite's import.meta.glob (build, vitest), as the repo uses it: eager, each file's text.
interface ImportMeta {
  glob<T>(patterns: string | string[], options: { query: '?raw'; import: 'default'; eager: true }): Record<string, T>;
}
