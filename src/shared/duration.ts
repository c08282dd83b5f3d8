// The one way a duration is shown, in the editor (tree, notifications), the webviews (browser
// bundles: no Node imports here) and the CLI: "0.4 ms", "850 ms", "12.3 s", "4 min 5 s".

/** A duration in milliseconds as text; '—' when unknown (null, undefined, NaN). Below a
 * millisecond's tenth it shows 0 ms; under 10 ms keeps one decimal (span timings are that
 * short), under a second whole ms, under a minute seconds with one decimal. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
