import { appliedActivation } from '../analysis/catalog';
import { modelInputValue } from '../analysis';
import { evaluateExpression, parseExpression } from '../data/expression';
import type { FitData, FitFrame } from './panel-data';
import { rounderFor } from './rounding';
import type { TrainingRun } from './run';

/**
 * The Fit tab's data for a one-input, one-output regression (`function("sin(3*x)")`): the network's
 * curve over the input range per recorded epoch, beside the target function and the training
 * points, and — when the output is a `dense(1)` without activation reading one hidden layer — each
 * hidden unit's contribution w_j·h_j(x) (the universal-approximation picture: the contributions
 * plus the output bias are the curve). The curve is the network's eval forward at `xs`.
 */

export interface FitOptions {
  /** Points on the curve. */
  readonly resolution?: number;
  /** At most this many training points and hidden units are kept. */
  readonly maxPoints?: number;
  readonly maxUnits?: number;
}

const round = (value: number): number => (value === 0 || !Number.isFinite(value) ? 0 : Number(value.toPrecision(5)));

/** True for a model with one input value and one real output value. */
export function recordsFit(run: TrainingRun): boolean {
  const { train } = run.data;
  return train.targetKind === 'real' && train.sampleSize === 1 && train.targetSize === 1 && !train.tokens && run.plan.target !== 'input' && train.count > 0;
}

/** The hidden layer the output `dense(1)` reads, and the output layer's name, when the picture applies. */
function unitsSource(run: TrainingRun): { hidden: string; output: string } | null {
  const { graph } = run.plan.model;
  const node = graph.nodes[graph.output];
  const activation = appliedActivation(node?.layer ?? { kind: 'dense' })?.entry.name;
  if (!node || node.layer.kind !== 'dense' || (activation !== undefined && activation !== 'linear')) return null;
  const input = node.inputs[0]!;
  if (input === modelInputValue) return null;
  return { hidden: graph.nodes[input]!.layer.name, output: node.layer.name };
}

/** Records the network's curve over the input range, one frame per captured epoch. */
export class FitRecorder {
  private readonly frames: FitFrame[] = [];
  private readonly xs: Float32Array;
  private readonly source: { hidden: string; output: string } | null;
  private readonly base: Omit<FitData, 'frames'>;

  constructor(
    private readonly run: TrainingRun,
    private readonly options: FitOptions = {},
  ) {
    const { train } = run.data;
    let [low, high] = [Infinity, -Infinity];
    for (const x of train.inputs) [low, high] = [Math.min(low, x), Math.max(high, x)];
    if (low === high) [low, high] = [low - 1, high + 1];
    const n = options.resolution ?? 121;
    this.xs = Float32Array.from({ length: n }, (_, i) => low + ((high - low) * i) / (n - 1));
    this.source = unitsSource(run);
    const request = run.plan.data;
    const parsed = request.name === 'function' ? parseExpression(request.expression) : undefined;
    const keep = Math.min(train.count, options.maxPoints ?? 600);
    const stride = train.count / keep;
    const points: number[] = [];
    for (let i = 0; i < keep; i++) {
      const j = Math.floor(i * stride);
      points.push(round(train.inputs[j]!), round(train.targets[j]!));
    }
    this.base = {
      xs: Array.from(this.xs),
      expression: request.name === 'function' ? request.expression : null,
      target: parsed?.ok ? Array.from(this.xs, (x) => round(evaluateExpression(parsed.expression, x))) : null,
      points,
      layer: this.source?.hidden ?? null,
    };
  }

  capture(epoch: number): void {
    this.frames.push(this.frameAt(epoch));
  }

  /** The curve (and unit contributions) under the current weights. */
  frameAt(epoch: number): FitFrame {
    const rows = this.xs.length;
    return this.run.forwardEval(this.xs, rows, (result) => {
      const curve = Array.from(result.output.data.subarray(0, rows), round);
      const source = this.source;
      const activation = source ? result.activations.get(source.hidden) : undefined;
      const state = source ? this.run.network.stateOf(source.output) : undefined;
      if (!activation || !state?.weight) return { epoch, curve, bias: null, units: [] };
      const hidden = activation.size / rows;
      const shown = Math.min(hidden, this.options.maxUnits ?? 64);
      // dense weights are [in, out]: with one output, unit j's weight is weight[j].
      const weight = state.weight.data;
      let scale = 0;
      for (let j = 0; j < shown; j++) for (let r = 0; r < rows; r++) scale = Math.max(scale, Math.abs(weight[j]! * activation.data[r * hidden + j]!));
      const roundUnit = rounderFor(scale);
      const units = Array.from({ length: shown }, (_, j) => Array.from({ length: rows }, (_, r) => roundUnit(weight[j]! * activation.data[r * hidden + j]!)));
      return { epoch, curve, bias: state.bias ? round(state.bias.data[0]!) : 0, units };
    });
  }

  snapshot(): FitData {
    return { ...this.base, frames: this.frames };
  }
}
