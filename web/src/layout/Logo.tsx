/** The platform's mark (not a state emblem): stacked records joined by an exchange line. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <rect width="32" height="32" rx="6" fill="#c8242b" />
      <path d="M8 10.5h16M8 16h16M8 21.5h9" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
      <circle cx="22.5" cy="21.5" r="2.6" fill="#ffd666" />
    </svg>
  );
}
