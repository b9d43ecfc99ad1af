/**
 * Float64 reference implementations of every tensor operation, written as directly from the
 * definitions as possible (naive loops, no tricks, no shared code with core/tensor), so that a
 * disagreement points at the engine. They also serve as the float64 forward of the gradient checks.
 */

/** A float64 array with a row-major shape. */
export interface Array64 {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** Builds an Array64. */
export function array64(data: ArrayLike<number>, shape: readonly number[]): Array64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

function count(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** The multi-index of flat position `flat` in `shape`. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis]!;
    flat = Math.floor(flat / shape[axis]!);
  }
  return index;
}

/** The flat position of `index` (aligned at the last axis, broadcast axes read at 0) in `shape`. */
function ravelBroadcast(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) {
    const i = index[index.length - shape.length + axis]!;
    flat = flat * shape[axis]! + (shape[axis] === 1 ? 0 : i);
  }
  return flat;
}

/** Elementwise f(a, b) with NumPy broadcasting. */
export function binary(a: Array64, b: Array64, f: (x: number, y: number) => number): Array64 {
  const rank = Math.max(a.shape.length, b.shape.length);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a.shape[a.shape.length - rank + i] ?? 1;
    const db = b.shape[b.shape.length - rank + i] ?? 1;
    shape.push(Math.max(da, db));
  }
  const data = new Float64Array(count(shape));
  for (let i = 0; i < data.length; i++) {
    const index = unravel(i, shape);
    data[i] = f(a.data[ravelBroadcast(index, a.shape)]!, b.data[ravelBroadcast(index, b.shape)]!);
  }
  return { data, shape };
}

/** Elementwise f(x). */
export function unary(x: Array64, f: (value: number) => number): Array64 {
  return { data: x.data.map(f), shape: x.shape };
}

/** a [..., n] · b [n, m]. */
export function matmul(a: Array64, b: Array64): Array64 {
  const n = a.shape[a.shape.length - 1]!;
  const m = b.shape[1]!;
  const rows = a.data.length / n;
  const data = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let total = 0;
      for (let p = 0; p < n; p++) total += a.data[r * n + p]! * b.data[p * m + j]!;
      data[r * m + j] = total;
    }
  }
  return { data, shape: [...a.shape.slice(0, -1), m] };
}

/** Σ over one axis (or all), optionally keeping it as 1; divided by the count when `average`. */
export function reduce(x: Array64, axis: number | undefined, keepDims: boolean, average: boolean): Array64 {
  if (axis === undefined) {
    const total = x.data.reduce((s, v) => s + v, 0);
    return { data: Float64Array.of(average ? total / x.data.length : total), shape: keepDims ? x.shape.map(() => 1) : [] };
  }
  const a = axis < 0 ? axis + x.shape.length : axis;
  const outShape = x.shape.map((d, i) => (i === a ? 1 : d));
  const data = new Float64Array(count(outShape));
  for (let i = 0; i < x.data.length; i++) {
    const index = unravel(i, x.shape);
    index[a] = 0;
    const at = ravelBroadcast(index, outShape);
    data[at] = data[at]! + x.data[i]!;
  }
  if (average) for (let i = 0; i < data.length; i++) data[i] = data[i]! / x.shape[a]!;
  return { data, shape: keepDims ? outShape : x.shape.filter((_, i) => i !== a) };
}

/** Softmax over the last axis, straight from the definition e^xⱼ / Σ e^xₖ. */
export function softmax(x: Array64): Array64 {
  const n = x.shape[x.shape.length - 1]!;
  const data = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / n; r++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.exp(x.data[r * n + j]!);
    for (let j = 0; j < n; j++) data[r * n + j] = Math.exp(x.data[r * n + j]!) / total;
  }
  return { data, shape: x.shape };
}

/** ln softmax over the last axis. */
export function logSoftmax(x: Array64): Array64 {
  return unary(softmax(x), Math.log);
}

/** Cross-correlation as PyTorch's conv2d, by the definition: seven nested loops (filter o sees channel group ⌊o/(f/groups)⌋). */
export function conv2d(x: Array64, w: Array64, bias: Array64 | undefined, stride: [number, number], padding: [number, number], dilation: [number, number], groups = 1): Array64 {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [f, c, kh, kw] = w.shape as [number, number, number, number];
  const channelsIn = x.shape[1]!;
  const oh = Math.floor((h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  const data = new Float64Array(n * f * oh * ow);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < f; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let total = bias ? bias.data[o]! : 0;
          const firstChannel = Math.floor(o / (f / groups)) * c;
          for (let ch = 0; ch < c; ch++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const y = i * stride[0] - padding[0] + p * dilation[0];
                const z = j * stride[1] - padding[1] + q * dilation[1];
                if (y < 0 || y >= h || z < 0 || z >= wd) continue;
                total += x.data[((b * channelsIn + firstChannel + ch) * h + y) * wd + z]! * w.data[((o * c + ch) * kh + p) * kw + q]!;
              }
          data[((b * f + o) * oh + i) * ow + j] = total;
        }
  return { data, shape: [n, f, oh, ow] };
}

/** Max or average pooling by the definition: padding is −∞ for max, 0 (and counted) for average. */
export function pool2d(x: Array64, kind: 'max' | 'avg', kernel: [number, number], stride: [number, number], padding: [number, number]): Array64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = Math.floor((h + 2 * padding[0] - kernel[0]) / stride[0]) + 1;
  const ow = Math.floor((w + 2 * padding[1] - kernel[1]) / stride[1]) + 1;
  const data = new Float64Array(n * c * oh * ow);
  for (let plane = 0; plane < n * c; plane++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let best = -Infinity;
        let total = 0;
        for (let p = 0; p < kernel[0]; p++)
          for (let q = 0; q < kernel[1]; q++) {
            const y = i * stride[0] - padding[0] + p;
            const z = j * stride[1] - padding[1] + q;
            const value = y < 0 || y >= h || z < 0 || z >= w ? (kind === 'max' ? -Infinity : 0) : x.data[(plane * h + y) * w + z]!;
            best = Math.max(best, value);
            total += value;
          }
        data[(plane * oh + i) * ow + j] = kind === 'max' ? best : total / (kernel[0] * kernel[1]);
      }
  return { data, shape: [n, c, oh, ow] };
}

/** Training-mode batch norm: per channel, over every other axis, with the biased variance. */
export function batchNorm(x: Array64, gamma: Array64, beta: Array64, eps: number): Array64 {
  const channels = x.shape[1]!;
  const data = new Float64Array(x.data.length);
  for (let ch = 0; ch < channels; ch++) {
    const members: number[] = [];
    for (let i = 0; i < x.data.length; i++) if (unravel(i, x.shape)[1] === ch) members.push(i);
    const mu = members.reduce((s, i) => s + x.data[i]!, 0) / members.length;
    const variance = members.reduce((s, i) => s + (x.data[i]! - mu) ** 2, 0) / members.length;
    for (const i of members) data[i] = (gamma.data[ch]! * (x.data[i]! - mu)) / Math.sqrt(variance + eps) + beta.data[ch]!;
  }
  return { data, shape: x.shape };
}

/** Layer norm over the last axis with the biased variance. */
export function layerNorm(x: Array64, gamma: Array64, beta: Array64, eps: number): Array64 {
  const n = x.shape[x.shape.length - 1]!;
  const data = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / n; r++) {
    const row = Array.from(x.data.subarray(r * n, (r + 1) * n));
    const mu = row.reduce((s, v) => s + v, 0) / n;
    const variance = row.reduce((s, v) => s + (v - mu) ** 2, 0) / n;
    for (let j = 0; j < n; j++) data[r * n + j] = (gamma.data[j]! * (row[j]! - mu)) / Math.sqrt(variance + eps) + beta.data[j]!;
  }
  return { data, shape: x.shape };
}

/** Rows of table picked by indices. */
export function gatherRows(table: Array64, indices: ArrayLike<number>, indexShape: readonly number[]): Array64 {
  const dim = table.shape[1]!;
  const data = new Float64Array(indices.length * dim);
  for (let r = 0; r < indices.length; r++) for (let j = 0; j < dim; j++) data[r * dim + j] = table.data[indices[r]! * dim + j]!;
  return { data, shape: [...indexShape, dim] };
}

/** x[r, indices[r]] for each row of the last axis. */
export function selectLast(x: Array64, indices: ArrayLike<number>): Array64 {
  const k = x.shape[x.shape.length - 1]!;
  const data = new Float64Array(indices.length);
  for (let r = 0; r < indices.length; r++) data[r] = x.data[r * k + indices[r]!]!;
  return { data, shape: x.shape.slice(0, -1) };
}

/** erf by its Maclaurin series, good to about 1e-12 for |x| ≤ 3 in float64 (and ±1 beyond 6). */
export function erfSeries(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let total = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const next = term / (2 * n + 1);
    total += next;
    if (Math.abs(next) < 1e-17 * Math.abs(total)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

/** GELU from its definition with the series erf. */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erfSeries(x / Math.SQRT2));
}

/** PyTorch's conv_transpose2d by its definition: each input element scatters weight[ci, co]·x into the output. */
export function convTranspose2d(x: Array64, w: Array64, bias: Array64 | undefined, stride: [number, number], padding: [number, number], outputPadding: [number, number], dilation: [number, number] = [1, 1], groups = 1): Array64 {
  const [n, cin, h, wd] = x.shape as [number, number, number, number];
  const [, groupCout, kh, kw] = w.shape as [number, number, number, number];
  const cout = groupCout * groups;
  const groupCin = cin / groups;
  const oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const ow = (wd - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  const data = new Float64Array(n * cout * oh * ow);
  for (let b = 0; b < n; b++)
    for (let co = 0; co < cout; co++) for (let k = 0; k < oh * ow; k++) data[(b * cout + co) * oh * ow + k] = bias ? bias.data[co]! : 0;
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < cin; ci++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < wd; j++)
          // Input channel ci feeds the output channels of its group: g·groupCout + c.
          for (let c = 0; c < groupCout; c++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const co = Math.floor(ci / groupCin) * groupCout + c;
                const y = i * stride[0] - padding[0] + p * dilation[0];
                const z = j * stride[1] - padding[1] + q * dilation[1];
                if (y < 0 || y >= oh || z < 0 || z >= ow) continue;
                data[((b * cout + co) * oh + y) * ow + z] = data[((b * cout + co) * oh + y) * ow + z]! + x.data[((b * cin + ci) * h + i) * wd + j]! * w.data[((ci * groupCout + c) * kh + p) * kw + q]!;
              }
  return { data, shape: [n, cout, oh, ow] };
}

/** Upsampling by integer factors: nearest reads ⌊i/s⌋; bilinear (align_corners=False) interpolates at max((i + ½)/s − ½, 0). */
export function upsample(x: Array64, scale: [number, number], mode: 'nearest' | 'bilinear'): Array64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = h * scale[0];
  const ow = w * scale[1];
  const data = new Float64Array(n * c * oh * ow);
  const at = (plane: number, y: number, z: number): number => x.data[(plane * h + y) * w + z]!;
  const taps = (i: number, s: number, size: number): [number, number, number] => {
    const src = Math.max((i + 0.5) / s - 0.5, 0);
    const lo = Math.floor(src);
    return [lo, Math.min(lo + 1, size - 1), src - lo];
  };
  for (let plane = 0; plane < n * c; plane++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let value: number;
        if (mode === 'nearest') value = at(plane, Math.floor(i / scale[0]), Math.floor(j / scale[1]));
        else {
          const [y0, y1, ly] = taps(i, scale[0], h);
          const [z0, z1, lz] = taps(j, scale[1], w);
          value = (1 - ly) * ((1 - lz) * at(plane, y0, z0) + lz * at(plane, y0, z1)) + ly * ((1 - lz) * at(plane, y1, z0) + lz * at(plane, y1, z1));
        }
        data[(plane * oh + i) * ow + j] = value;
      }
  return { data, shape: [n, c, oh, ow] };
}

/** Adaptive average pooling to [oh, ow]: windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉). */
export function adaptiveAvgPool2d(x: Array64, size: [number, number]): Array64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = size;
  const data = new Float64Array(n * c * oh * ow);
  for (let plane = 0; plane < n * c; plane++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const y0 = Math.floor((i * h) / oh);
        const y1 = Math.ceil(((i + 1) * h) / oh);
        const z0 = Math.floor((j * w) / ow);
        const z1 = Math.ceil(((j + 1) * w) / ow);
        let total = 0;
        for (let y = y0; y < y1; y++) for (let z = z0; z < z1; z++) total += x.data[(plane * h + y) * w + z]!;
        data[(plane * oh + i) * ow + j] = total / ((y1 - y0) * (z1 - z0));
      }
  return { data, shape: [n, c, oh, ow] };
}

/** out[index] = x[index with axis axes[k] set to index[k]], through unravel and ravel. */
export function permute(x: Array64, axes: readonly number[]): Array64 {
  const shape = axes.map((a) => x.shape[a]!);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) {
    const index = unravel(i, shape);
    const source = new Array<number>(x.shape.length);
    axes.forEach((a, k) => (source[a] = index[k]!));
    data[i] = x.data[ravelBroadcast(source, x.shape)]!;
  }
  return { data, shape };
}

/** torch.cat along `axis`, element by element. */
export function concat(parts: readonly Array64[], axis: number): Array64 {
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
  const data = new Float64Array(count(shape));
  for (let i = 0; i < data.length; i++) {
    const index = unravel(i, shape);
    let k = 0;
    while (index[axis]! >= parts[k]!.shape[axis]!) index[axis] = index[axis]! - parts[k++]!.shape[axis]!;
    data[i] = parts[k]!.data[ravelBroadcast(index, parts[k]!.shape)]!;
  }
  return { data, shape };
}

/** PReLU: x where x > 0, else slope·x, the slope being weight[0] or weight[channel of axis 1]. */
export function prelu(x: Array64, weight: Array64): Array64 {
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) {
    const slope = weight.data.length === 1 ? weight.data[0]! : weight.data[unravel(i, x.shape)[1]!]!;
    data[i] = x.data[i]! > 0 ? x.data[i]! : slope * x.data[i]!;
  }
  return { data, shape: x.shape };
}

/** One product per leading index: a [..., m, k] · b [..., k, n] (b [..., n, k] read transposed when `transposeB`). */
export function batchMatmul(a: Array64, b: Array64, transposeB: boolean): Array64 {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
  const batch = a.data.length / (m * k);
  const data = new Float64Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let total = 0;
        for (let p = 0; p < k; p++) total += a.data[i * m * k + r * k + p]! * b.data[i * k * n + (transposeB ? c * k + p : p * n + c)]!;
        data[i * m * n + r * n + c] = total;
      }
    }
  }
  return { data, shape: [...a.shape.slice(0, -2), m, n] };
}

/** Softmax of x [..., T, T] after adding −∞ above the diagonal (the causal mask), by the definition. */
export function causalSoftmax(x: Array64): Array64 {
  const length = x.shape[x.shape.length - 1]!;
  const masked = x.data.map((v, flat) => (flat % length > Math.floor(flat / length) % length ? -Infinity : v));
  return softmax({ data: masked, shape: x.shape });
}

/** Elements start…start + length along `axis`. */
export function narrow(x: Array64, axis: number, start: number, length: number): Array64 {
  const shape = x.shape.map((d, i) => (i === axis ? length : d));
  const data = new Float64Array(count(shape));
  for (let i = 0; i < data.length; i++) {
    const index = unravel(i, shape);
    index[axis] = index[axis]! + start;
    data[i] = x.data[ravelBroadcast(index, x.shape)]!;
  }
  return { data, shape };
}
