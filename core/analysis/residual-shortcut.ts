import type { Fix } from '../common/diagnostic';
import { range } from '../common/range';
import type { ResidualStatement } from '../syntax/tree';
import type { Shape } from './summary';

/**
 * The layer a `shortcut { … }` needs to map a residual's input to its body's output, when one
 * layer does it: `dense(N)` for vectors, a 1×1 `conv2d` (strided when the size shrinks) for
 * images. Undefined otherwise (the message then only says to make the shapes equal).
 */
export function shortcutLayer(input: Shape, output: Shape): string | undefined {
  if (input.length === 1 && output.length === 1) return `dense(${output[0]})`;
  if (input.length !== 3 || output.length !== 3) return undefined;
  const [channels, height, width] = output as [number, number, number];
  const [, inHeight, inWidth] = input as [number, number, number];
  const stride = Math.max(1, Math.round(inHeight / height));
  // A 1×1 convolution with this stride, no padding, gives floor((n − 1) / stride) + 1.
  const fits = (n: number, out: number): boolean => Math.floor((n - 1) / stride) + 1 === out;
  if (!fits(inHeight, height) || !fits(inWidth, width)) return undefined;
  return `conv2d(${channels}, 1${stride > 1 ? `, stride: ${stride}` : ''})`;
}

/** Adds `shortcut { layer }` right after the residual's body (where the language expects it). */
export function addShortcutFix(statement: ResidualStatement, layer: string): Fix | undefined {
  const end = statement.body?.range.end;
  if (end === undefined) return undefined;
  return { title: `Add shortcut { ${layer} }`, edits: [{ range: range(end, end), newText: ` shortcut { ${layer} }` }] };
}
