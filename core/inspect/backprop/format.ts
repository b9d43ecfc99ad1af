/**
 * Numbers in the chain-rule and update texts: four significant digits, a true minus sign, and
 * parentheses around a negative factor so `0.31 · (−0.5)` reads as a product.
 */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e-3 && magnitude < 1e5 ? trimZeros(magnitude.toPrecision(4)) : trimExponent(magnitude.toExponential(3));
  return value < 0 ? `−${text}` : text;
}

/** A factor inside a product or after an operator: negative values in parentheses. */
export function formatFactor(value: number): string {
  const text = formatValue(value);
  return value < 0 ? `(${text})` : text;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function trimExponent(text: string): string {
  const [mantissa, exponent] = text.split('e') as [string, string];
  return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
}
