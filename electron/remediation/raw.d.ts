// Repo scripts (.sh, .ps1) are imported as text with Vite's ?raw suffix (build, vitest).
declare module '*?raw' {
  const text: string;
  export default text;
}
