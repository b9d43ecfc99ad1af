import type { LayerSummary } from '../analysis';
import type { TextRange } from '../common/range';
import type { HealthFinding, LayerActivationStats } from './events';
import { median } from './statistics';
import type { HealthThresholds } from './thresholds';

/** What the health checks look at, gathered by the run. */
export interface HealthInputs {
  readonly thresholds: HealthThresholds;
  /** The layers with parameters (the rows of the gradient checks). */
  readonly layers: readonly { readonly name: string; readonly summary: LayerSummary; readonly hasWeight: boolean }[];
  /** Every layer of the model, to place activation findings. */
  readonly modelLayers: readonly LayerSummary[];
  /** Each layer's gradient norm per step so far (`steps` values are valid). */
  readonly gradNorms: readonly Float32Array[];
  readonly steps: number;
  readonly activations: readonly LayerActivationStats[];
  /** Each layer's median update ratio over the last epoch (NaN when it has no weight). */
  readonly updateRatioMedians: readonly number[];
  readonly epoch: number;
  /** True when the schedule has lowered the epoch's learning rate below the block's: small updates are then intended. */
  readonly annealed: boolean;
  readonly probeCount: number;
  readonly initialLoss: number | null;
  readonly expectedInitialLoss: number | null;
  readonly classCount: number | null;
  readonly outputLayer: LayerSummary | undefined;
}

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;
const short = (value: number): string => (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4) ? value.toExponential(1) : String(Number(value.toPrecision(3))));

/** The DL6xx findings of spec section 7 for the run so far, in model order. */
export function healthFindings(inputs: HealthInputs): HealthFinding[] {
  const { thresholds: th, layers } = inputs;
  const findings: HealthFinding[] = [];
  const at = (layer: LayerSummary): TextRange => layer.statementRange;
  const summaries = new Map<string, LayerSummary>();
  for (const layer of inputs.modelLayers) summaries.set(layer.name, layer);

  if (inputs.expectedInitialLoss !== null && inputs.initialLoss !== null && inputs.outputLayer && inputs.classCount !== null) {
    const expected = inputs.expectedInitialLoss;
    if (inputs.initialLoss > th.initialLossFactor * expected) {
      findings.push({
        code: 'DL606',
        severity: 'warning',
        layer: inputs.outputLayer.name,
        range: at(inputs.outputLayer),
        message: `Initial loss ${short(inputs.initialLoss)} is ${short(inputs.initialLoss / expected)}× the ${short(expected)} (ln ${inputs.classCount}) expected when the untrained model guesses uniformly over ${inputs.classCount} classes — its initial outputs are too large and confidently wrong: use a smaller init for the last layer (glorot) or standardise the inputs`,
      });
    }
  }

  // Vanishing: mean norm of each layer over the last window of steps against the largest such mean.
  if (inputs.steps > 0 && layers.length > 1) {
    const window = Math.max(1, Math.ceil(inputs.steps * th.vanishingWindow));
    const means = inputs.gradNorms.map((norms) => {
      let sum = 0;
      for (let s = inputs.steps - window; s < inputs.steps; s++) sum += norms[s]!;
      return sum / window;
    });
    const largest = Math.max(...means);
    const largestLayer = layers[means.indexOf(largest)]!;
    if (largest > 0 && Number.isFinite(largest)) {
      layers.forEach((layer, i) => {
        const mean = means[i]!;
        if (mean < th.vanishingRatio * largest) {
          findings.push({
            code: 'DL601',
            severity: 'warning',
            layer: layer.name,
            range: at(layer.summary),
            message: `Vanishing gradients: ${layer.name}'s gradient norm ${short(mean)} is ${short(mean / largest)}× that of ${largestLayer.name} (${short(largest)}) over the last ${window} steps, so it barely learns — use relu instead of sigmoid/tanh, he init, batchnorm, or a residual block`,
          });
        }
      });
    }
  }

  // Exploding: a step whose norm exceeds the threshold times that layer's median over the run.
  if (inputs.steps >= 2) {
    layers.forEach((layer, i) => {
      const norms = inputs.gradNorms[i]!.subarray(0, inputs.steps);
      const typical = median(norms);
      let peak = 0;
      for (let s = 0; s < norms.length; s++) peak = Math.max(peak, norms[s]!);
      if (typical > 0 && peak > th.explodingRatio * typical) {
        findings.push({
          code: 'DL602',
          severity: 'error',
          layer: layer.name,
          range: at(layer.summary),
          message: `Exploding gradients: ${layer.name}'s gradient norm reached ${short(peak)}, ${short(peak / typical)}× its median ${short(typical)} — lower the learning rate, standardise the inputs, or add batchnorm`,
        });
      }
    });
  }

  for (const stats of inputs.activations) {
    const summary = summaries.get(stats.layer);
    if (!summary) continue;
    if (stats.deadFraction !== null && stats.deadFraction > th.deadFraction) {
      findings.push({
        code: 'DL603',
        severity: 'warning',
        layer: stats.layer,
        range: at(summary),
        message: `Dead ReLU units: ${percent(stats.deadFraction)} of ${stats.layer}'s units output 0 for all ${inputs.probeCount} probe samples, so no gradient reaches them — lower the learning rate, use he init, or leaky_relu`,
      });
    }
    if (stats.saturatedFraction !== null && stats.saturatedFraction > th.saturatedFraction) {
      const band = stats.activation === 'tanh' ? `|tanh| > ${th.tanhSaturation}` : `sigmoid outside [${short(1 - th.sigmoidSaturation)}, ${th.sigmoidSaturation}]`;
      findings.push({
        code: 'DL604',
        severity: 'warning',
        layer: stats.layer,
        range: at(summary),
        message: `Saturated units: ${percent(stats.saturatedFraction)} of ${stats.layer}'s ${stats.activation} units have ${band} on more than ${percent(th.saturatedSamples)} of the probe samples, where the derivative is nearly 0 — standardise the inputs, use glorot init, a lower learning rate, or relu`,
      });
    }
  }

  layers.forEach((layer, i) => {
    const ratio = inputs.updateRatioMedians[i]!;
    if (!layer.hasWeight || !Number.isFinite(ratio)) return;
    if ((ratio < th.updateRatioLow && !inputs.annealed) || ratio > th.updateRatioHigh) {
      const fix = ratio < th.updateRatioLow ? 'raise the learning rate' : 'lower the learning rate';
      findings.push({
        code: 'DL607',
        severity: 'warning',
        layer: layer.name,
        range: at(layer.summary),
        message: `Update ratio ‖Δw‖/‖w‖ of ${layer.name}.weight has median ${short(ratio)} over epoch ${inputs.epoch} (healthy is about 1e-3; warned outside [${short(th.updateRatioLow)}, ${short(th.updateRatioHigh)}]) — ${fix}`,
      });
    }
  });

  return findings.sort((a, b) => a.range.start - b.range.start);
}
