// "3 min ago" for the Pipeline tree's table rows (the exact ISO time goes in the tooltip). No
// `vscode` import: unit-tested.

/** How long ago `iso` was, coarsely; a time in the future (clock skew) reads "just now". */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return d === 1 ? '1 day ago' : `${d} days ago`;
  return `on ${iso.slice(0, 10)}`;
}
