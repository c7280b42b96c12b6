/** The app's mark (the monitor of assets/icon.png), drawn as SVG so it stays sharp at any zoom. */
export function AppIcon() {
  return (
    <svg className="app-icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="4" fill="#0f6cbd" />
      <rect x="7" y="8" width="18" height="12" rx="1" fill="none" stroke="#fff" strokeWidth="2" />
      <path d="M16 20v4M11 25h10" stroke="#fff" strokeWidth="2" />
      <circle cx="12.5" cy="14" r="1.2" fill="#fff" />
      <circle cx="16" cy="14" r="1.2" fill="#fff" />
      <circle cx="19.5" cy="14" r="1.2" fill="#fff" />
    </svg>
  );
}
