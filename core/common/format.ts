/** `138357544` → `138,357,544`. Independent of the machine's locale so output is stable; a bigint is printed exactly. */
export function formatCount(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const negative = value < 0;
  const digits = typeof value === 'bigint' ? (negative ? -value : value).toString() : Math.trunc(Math.abs(value)).toString();
  return (negative ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `[3, 224, 224]`. */
export function formatShape(shape: readonly number[] | undefined): string {
  return shape === undefined ? '?' : `[${shape.join(', ')}]`;
}

/** Bytes in binary units with one decimal: `527.8 MiB`. A display: bigints are rounded to a number. */
export function formatBytes(bytes: number | bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Large counts in engineering form: `15.47 G`, `86.70 M`, `1.28 k`. A display: bigints are rounded. */
export function formatCompact(value: number | bigint): string {
  const steps: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of steps) {
    if (Math.abs(Number(value)) >= size) return `${(Number(value) / size).toFixed(2)} ${suffix}`;
  }
  return String(value);
}

/** How many items a message lists before it says how many more there are. */
export const listedItemsLimit = 20;

/** How many characters of one listed item a message shows. */
export const listedItemLength = 80;

/** The text, or its first `max` characters and `…` (a CSV header name can be megabytes long). */
export function shorten(text: string, max = listedItemLength): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/**
 * `a, b, c` — or, past `limit` items, the first ones and `… and 9,980 more`, each item shortened,
 * so a message about a file with ten million columns stays one line long.
 */
export function formatList(items: readonly string[], limit = listedItemsLimit, separator = ', '): string {
  const shown = items.slice(0, limit).map((item) => shorten(item));
  return items.length <= limit ? shown.join(separator) : `${shown.join(separator)}${separator}… and ${formatCount(items.length - limit)} more`;
}

/**
 * A count as JSON: a number while it is exact as one (up to 2^53 − 1), else its decimal digits as a
 * string — JSON readers parse numbers into doubles, which would silently round the count.
 */
export function jsonCount(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** A signed count for deltas: `+1,024`, `−512` (a true minus sign), `0`. */
export function formatSignedCount(value: number | bigint): string {
  const n = BigInt(value);
  return n > 0n ? `+${formatCount(n)}` : n < 0n ? `−${formatCount(-n)}` : '0';
}

/** `a → b` when two versions of a value differ, else `a`; the one side alone when the other is absent. */
export function formatBeforeAfter(before: string | undefined, after: string | undefined): string {
  if (before === undefined) return after ?? '';
  if (after === undefined || after === before) return before;
  return `${before} → ${after}`;
}
