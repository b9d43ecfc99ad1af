import type * as t from '../../tensor';
import { gradientInputs } from './tape-tensors';

/** What one rule of a backward pass added: its inputs' gradients before and after it ran. */
export interface RuleRecord {
  readonly node: t.Node;
  readonly before: ReadonlyMap<t.Tensor, Float32Array>;
  readonly after: ReadonlyMap<t.Tensor, Float32Array>;
}

/** Watches the engine's `backward` (its observer hook) and copies the gradients around each rule. */
export class BackwardRecorder implements t.BackwardObserver {
  readonly records: RuleRecord[] = [];
  private pending = new Map<t.Tensor, Float32Array>();

  beforeRule(node: t.Node): void {
    this.pending = new Map(gradientInputs(node).map((input) => [input, copyGradient(input)] as const));
  }

  afterRule(node: t.Node): void {
    const after = new Map(gradientInputs(node).map((input) => [input, copyGradient(input)] as const));
    this.records.push({ node, before: this.pending, after });
  }
}

function copyGradient(tensor: t.Tensor): Float32Array {
  return tensor.grad ? Float32Array.from(tensor.grad) : new Float32Array(tensor.size);
}
