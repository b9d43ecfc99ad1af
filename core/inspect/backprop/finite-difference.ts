/**
 * ∂loss/∂θᵢ by central differences, for checking the tape. The loss is computed in float32, so a
 * tiny step drowns in rounding: with step h the central difference's rounding error is about
 * ε·|L|/h (ε = 6e-8) and its truncation error h²·|L'''|/6. h = 1e-2 keeps rounding near 1e-6, and
 * Richardson's extrapolation (4·D(h/2) − D(h))/3 cancels the h² term, leaving O(h⁴) ≈ 1e-9.
 * Each difference divides by the steps actually taken (θ ± h rounded to float32), not by 2h.
 */
export const finiteDifferenceStep = 1e-2;

export function centralDifference(loss: () => number, values: Float32Array, index: number, step = finiteDifferenceStep): number {
  const coarse = difference(loss, values, index, step);
  const fine = difference(loss, values, index, step / 2);
  return (4 * fine - coarse) / 3;
}

function difference(loss: () => number, values: Float32Array, index: number, step: number): number {
  const original = values[index]!;
  try {
    values[index] = original + step;
    const up = values[index];
    const lossUp = loss();
    values[index] = original - step;
    const down = values[index];
    const lossDown = loss();
    return (lossUp - lossDown) / (up - down);
  } finally {
    values[index] = original;
  }
}

/** Whether the tape's gradient and the finite difference agree (absolute 1e-4, relative beyond 1). */
export function gradientsAgree(tape: number, finiteDifference: number): boolean {
  return Math.abs(tape - finiteDifference) <= 1e-4 * Math.max(1, Math.abs(finiteDifference));
}
