import { formatShape } from '../../common/format';
import { checkSingle } from '../kernels/conv-geometry';
import type { PoolOptions } from '../kernels/pool-geometry';
import type { Tensor } from '../tensor';
import { avgPool2d, maxPool2d } from './pooling';
import { mean } from './reductions';
import { reshape } from './reshape';

/** Window size, stride (default: the window size) and padding (default 0) of a 1-D pooling. */
export interface Pool1dOptions {
  readonly kernel: number;
  readonly stride?: number;
  readonly padding?: number;
}

/**
 * Runs a 2-D pooling on the view x [batch, C, 1, L] with a [1, kernel] window, so 1-D pooling has
 * 2-D pooling's rules (padding never wins a max, first maximum on ties, count_include_pad) and
 * kernels, fast path included.
 */
function pool1d(op: string, pool: (x: Tensor, options: PoolOptions) => Tensor, x: Tensor, options: Pool1dOptions): Tensor {
  if (x.shape.length !== 3) throw new Error(`${op}: x must have rank 3 [batch, channels, length], got ${formatShape(x.shape)}`);
  const { kernel, stride = kernel, padding = 0 } = options;
  checkSingle(op, 'kernel', kernel, 1);
  checkSingle(op, 'stride', stride, 1);
  checkSingle(op, 'padding', padding, 0);
  const [batch, channels, length] = x.shape as [number, number, number];
  const out = pool(reshape(x, [batch, channels, 1, length]), { kernel: [1, kernel], stride: [1, stride], padding: [0, padding] });
  return reshape(out, [batch, channels, out.shape[3]!]);
}

/** Max pooling over x [batch, C, L], as torch.nn.functional.max_pool1d (ceil_mode off). */
export function maxPool1d(x: Tensor, options: Pool1dOptions): Tensor {
  return pool1d('maxPool1d', maxPool2d, x, options);
}

/** Average pooling over x [batch, C, L], as torch.nn.functional.avg_pool1d (count_include_pad). */
export function avgPool1d(x: Tensor, options: Pool1dOptions): Tensor {
  return pool1d('avgPool1d', avgPool2d, x, options);
}

/** The mean over each channel's sequence: x [batch, C, L] → [batch, C]. */
export function globalAvgPool1d(x: Tensor): Tensor {
  if (x.shape.length !== 3) throw new Error(`globalAvgPool1d: x must have rank 3 [batch, channels, length], got ${formatShape(x.shape)}`);
  return mean(x, { axis: 2 });
}
