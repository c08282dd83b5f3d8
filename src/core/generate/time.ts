// Dates of the generated data, as whole seconds since the epoch (UTC) and the text forms the
// sources use: TIMESTAMP 'YYYY-MM-DD HH:MM:SS' and DATE 'YYYY-MM-DD'. Formatting is the hot
// path at scale 1000 (millions of timestamps), hence the per-day cache instead of toISOString.
export const DAY = 86_400;
export const START_2023 = Date.UTC(2023, 0, 1) / 1000;
export const END_2024 = Date.UTC(2024, 11, 31, 23, 59, 59) / 1000;

export const sec = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 1000;

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const dayText = new Map<number, string>();

export function dateText(s: number): string {
  const day = Math.floor(s / DAY);
  let t = dayText.get(day);
  if (t === undefined) {
    t = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    dayText.set(day, t);
  }
  return t;
}

export function timestampText(s: number): string {
  const r = s - Math.floor(s / DAY) * DAY;
  return `${dateText(s)} ${TWO_DIGITS[Math.floor(r / 3600)]}:${TWO_DIGITS[Math.floor((r % 3600) / 60)]}:${TWO_DIGITS[r % 60]}`;
}
