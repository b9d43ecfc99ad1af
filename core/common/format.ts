/** `138357544` → `138,357,544`. Independent of the machine's locale so output is stable. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const digits = Math.trunc(Math.abs(value)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `[3, 224, 224]`. */
export function formatShape(shape: readonly number[] | undefined): string {
  return shape === undefined ? '?' : `[${shape.join(', ')}]`;
}

/** Bytes in binary units with one decimal: `527.8 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Large counts in engineering form: `15.47 G`, `86.70 M`, `1.28 k`. */
export function formatCompact(value: number): string {
  const steps: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of steps) {
    if (Math.abs(value) >= size) return `${(value / size).toFixed(2)} ${suffix}`;
  }
  return String(value);
}
