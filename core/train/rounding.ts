/**
 * Rounds to 5 significant digits of the largest magnitude (`scale`): as compact in JSON as
 * toPrecision, at a multiply and a round per value instead of a string round trip, which was most
 * of a capture's time (a 32-unit layer is 3,872 values per frame). `digits` significant digits of
 * the scale are kept (5 unless told).
 */
export function rounderFor(scale: number, digits = 5): (value: number) => number {
  if (!(scale > 0) || !Number.isFinite(scale)) return () => 0;
  const inverse = 10 ** (digits - 1 - Math.floor(Math.log10(scale)));
  return (value) => Math.round(value * inverse) / inverse;
}

/** `values` rounded to `digits` significant digits of their largest magnitude, as a plain array. */
export function roundedToScale(values: ArrayLike<number>, digits: number): number[] {
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]!));
  const round = rounderFor(scale, digits);
  return Array.from(values, (v) => (Number.isFinite(v) ? round(v) : 0));
}
