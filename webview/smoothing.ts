/**
 * TensorBoard's scalar smoothing: an exponential moving average with debiasing, so the curve
 * starts at the first value instead of at 0. With weight w, ema_t = w·ema_{t−1} + (1 − w)·y_t
 * (ema_0 = 0) and the shown value is ema_t / (1 − w^t), t counting finite values. Missing or
 * non-finite values are passed through and do not advance t.
 */
export function smoothDebiased(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.max(0, Math.min(0.999, weight));
  if (w === 0) return [...values];
  let ema = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return value;
    ema = ema * w + (1 - w) * value;
    count++;
    return ema / (1 - w ** count);
  });
}
