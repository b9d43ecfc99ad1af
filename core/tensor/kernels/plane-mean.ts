/**
 * globalAvgPool2d's loops: the mean of each of `planes` runs of `length` floats, and its gradient.
 * They are the bits of the reshape → mean(axis 2) pair the op replaced (tested): each sum in
 * float64 in order, times 1/length; backward, each gradient rounded to float32 first, as mean's
 * rule stored it in the reshape's buffer, then added to (or, fresh, written into) dx.
 */

/** out[p] = (Σₗ x[p·length + l])·scale, the sum in float64 in order. */
export function planeMeans(x: Float32Array, planes: number, length: number, scale: number, out: Float32Array): void {
  for (let p = 0, at = 0; p < planes; p++) {
    let total = 0;
    for (const end = at + length; at < end; at++) total += x[at]!;
    out[p] = total * scale;
  }
}

/** dx[p·length + l] (+)= f32(0 + scale·dy[p]); `fresh`: dx is unwritten, so assign. */
export function planeMeansBackward(dy: Float32Array, planes: number, length: number, scale: number, dx: Float32Array, fresh: boolean): void {
  for (let p = 0, at = 0; p < planes; p++) {
    // mean's rule added scale·dy into the reshape's zeroed gradient: 0 + v (a −0 becomes +0), rounded.
    const g = Math.fround(0 + scale * dy[p]!);
    const end = at + length;
    if (fresh) {
      dx.fill(g, at, end);
      at = end;
    } else {
      for (; at < end; at++) dx[at] = dx[at]! + g;
    }
  }
}
