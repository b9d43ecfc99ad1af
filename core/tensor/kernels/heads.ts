/**
 * Attention's head split and join as single passes. Seen as [outer, T, C] and [outer, heads, T, s]
 * (s = the head size): splitting takes columns start + h·s … start + (h + 1)·s of each row of x
 * into head h, which is narrow → reshape → permute(0, 2, 1, 3) in one copy; joining is the
 * inverse, permute(0, 2, 1, 3) → reshape. Their adjoints add the values back along the same map.
 */
export interface HeadsLayout {
  readonly outer: number;
  readonly heads: number;
  readonly length: number;
  readonly headSize: number;
  /** The row width of the [outer, T, C] side. */
  readonly columns: number;
  /** The first column taken from each row of the [outer, T, C] side. */
  readonly start: number;
}

/** out[o, h, t, j] = scale · x[o, t, start + h·s + j] (a scale of 1 copies exactly). */
export function splitHeadsForward(x: Float32Array, layout: HeadsLayout, scale: number, out: Float32Array): void {
  const { outer, heads, length, headSize, columns, start } = layout;
  let to = 0;
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      let from = o * length * columns + start + h * headSize;
      for (let t = 0; t < length; t++, from += columns, to += headSize) {
        if (scale === 1) for (let j = 0; j < headSize; j++) out[to + j] = x[from + j]!;
        else for (let j = 0; j < headSize; j++) out[to + j] = scale * x[from + j]!;
      }
    }
  }
}

/** dx[o, t, start + h·s + j] += scale · dy[o, h, t, j]. */
export function splitHeadsBackward(dy: Float32Array, layout: HeadsLayout, scale: number, dx: Float32Array): void {
  const { outer, heads, length, headSize, columns, start } = layout;
  let from = 0;
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      let to = o * length * columns + start + h * headSize;
      for (let t = 0; t < length; t++, to += columns, from += headSize) {
        for (let j = 0; j < headSize; j++) dx[to + j] = dx[to + j]! + scale * dy[from + j]!;
      }
    }
  }
}

/** out[o, t, h·s + j] = x[o, h, t, j] (start 0, columns heads·s). */
export function mergeHeadsForward(x: Float32Array, layout: HeadsLayout, out: Float32Array): void {
  const { outer, heads, length, headSize, columns } = layout;
  let from = 0;
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      let to = o * length * columns + h * headSize;
      for (let t = 0; t < length; t++, to += columns, from += headSize) {
        for (let j = 0; j < headSize; j++) out[to + j] = x[from + j]!;
      }
    }
  }
}

/** dx[o, h, t, j] += dy[o, t, h·s + j]. */
export function mergeHeadsBackward(dy: Float32Array, layout: HeadsLayout, dx: Float32Array): void {
  const { outer, heads, length, headSize, columns } = layout;
  let to = 0;
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      let from = o * length * columns + h * headSize;
      for (let t = 0; t < length; t++, from += columns, to += headSize) {
        for (let j = 0; j < headSize; j++) dx[to + j] = dx[to + j]! + dy[from + j]!;
      }
    }
  }
}
