import { runStreams } from '../common/random';
import { BackwardRecorder, buildStructure, centralDifference, EdgeIndex, gradientsAgree, ruleSteps, seedSteps, stepWithFormulas, tapeTensors, type BackpropResult, type GradientCheck, type OptimizerTrace, type StepContext, type TraceIteration, type TraceStructure } from '../inspect/backprop';
import { formatValue } from '../inspect/backprop';
import { computeLoss, lossScores, readsLogits, type Targets } from '../nn/losses';
import type { NamedParameter, Network } from '../nn/network';
import { createOptimizer, type OptimizerSetting } from '../nn/optimizers';
import * as t from '../tensor';
import { lossGradientFormula, optimizerLabel, optimizerVariants } from './backprop-text';
import type { TrainPlan } from './plan';
import { createRun } from './run';

/**
 * How large a model the step-through accepts. It draws every weight, every intermediate value and
 * every edge, and steps through one backward step per (op, scalar): at 60 weights the XOR 2-8-2
 * net already has ~70 scalars, ~100 edges and ~75 backward steps. Beyond that the picture stops
 * being readable and the walk takes hundreds of key presses; the Gradients tab shows a large
 * model's gradients per layer instead.
 */
export const backpropLimits = { weights: 60, scalars: 240 } as const;

/** Training steps traced per optimizer: enough to see momentum build up and Adam's bias correction fade. */
export const tracedIterations = 3;

/** The step-through of one training step of this plan on its first training example. */
export function buildBackpropTrace(plan: TrainPlan, iterations = tracedIterations): BackpropResult {
  const weights = Number(plan.model.trainableParams);
  if (weights > backpropLimits.weights) return refuse(`${plan.model.name} has ${weights.toLocaleString('en-US')} trainable weights`);
  // The vae loss seeds a second backward pass (its KL term, from the latent): one seed is drawn here.
  if (plan.loss.name === 'vae') return { ok: false, message: `${plan.model.name} trains with the vae loss, whose KL term starts a second backward pass from the latent; backpropagation step by step draws models with one loss seed. Train it and open the Gradients tab to see its gradients per layer.` };
  const created = createRun(plan);
  if (!created.ok) return created;
  const { network, data } = created.run;
  const sample = data.train.inputs.slice(0, data.train.sampleSize);
  const targets: Targets = data.train.targetKind === 'classes' ? Int32Array.of(data.train.targets[0]!) : data.train.targets.slice(0, data.train.targetSize);
  const step = new StepTracer(plan, network, sample, data.train.sampleShape, targets);
  const structure = step.structure();
  if (structure.scalars.length > backpropLimits.scalars) return refuse(`${plan.model.name} computes ${structure.scalars.length.toLocaleString('en-US')} numbers for one example`);
  const initial = network.parameters.map((p) => Float32Array.from(p.tensor.data));
  const optimizers: OptimizerTrace[] = optimizerVariants(plan.optimizer).map((setting, index) => {
    network.parameters.forEach((p, k) => p.tensor.data.set(initial[k]!));
    const optimizer = createOptimizer(setting, network.parameters.map((p) => p.tensor));
    const traced = Array.from({ length: iterations }, () => step.iteration(setting, optimizer));
    return { label: optimizerLabel(setting), fromFile: index === 0, iterations: traced };
  });
  network.parameters.forEach((p, k) => p.tensor.data.set(initial[k]!));
  const target = targets instanceof Int32Array ? `class ${targets[0]}` : `(${Array.from(targets, formatValue).join(', ')})`;
  const notes = [
    `One example: the first training sample, x = (${Array.from(sample, formatValue).join(', ')}), target ${target}.`,
    readsLogits(plan.loss) ? `${plan.loss.name} reads the scores before the final activation and hands ∂L/∂scores to the tape in one stable kernel, as PyTorch's fused losses do.` : `${plan.loss.name} hands ∂L/∂output to the tape (the seed of the backward pass).`,
    'Each gradient is checked against a central finite difference of the loss (float32, h = 0.01, Richardson-extrapolated).',
    ...(plan.clipNorm !== undefined ? ['clip_norm is not applied here: the updates use the raw gradients.'] : []),
  ];
  return { ok: true, trace: { model: plan.model.name, loss: plan.loss.name, notes, tensors: structure.tensors, scalars: structure.scalars, edges: step.edges.edges, optimizers } };
}

function refuse(what: string): BackpropResult {
  return {
    ok: false,
    message: `${what}: backpropagation step by step draws every number of the model and works up to ${backpropLimits.weights} trainable weights and ${backpropLimits.scalars} numbers per example (the XOR net or a logistic regression). Train it and open the Gradients tab to see its gradients per layer.`,
  };
}

/** One forward pass on the tape, its backward pass watched rule by rule, the checks and the update. */
class StepTracer {
  readonly edges = new EdgeIndex();
  private traced: TraceStructure | undefined;
  private readonly parameterNames: Map<t.Tensor, NamedParameter>;

  constructor(
    private readonly plan: TrainPlan,
    private readonly network: Network,
    private readonly sample: Float32Array,
    private readonly sampleShape: readonly number[],
    private readonly targets: Targets,
  ) {
    this.parameterNames = new Map(network.parameters.map((p) => [p.tensor as t.Tensor, p] as const));
  }

  /** The trace's tensors and scalars, from a first forward pass. */
  structure(): TraceStructure {
    if (!this.traced) this.pass(() => undefined);
    return this.traced!;
  }

  private forward(): { input: t.Tensor; scores: t.Tensor; activations: ReadonlyMap<string, t.Tensor> } {
    const input = t.tensor(Float32Array.from(this.sample), [1, ...this.sampleShape], { requiresGrad: true });
    const result = this.network.forward(input, { training: true, random: runStreams(this.plan.seed).dropout });
    return { input, scores: lossScores(this.plan.loss, result), activations: result.activations };
  }

  /** Runs a forward pass on the tape and hands the tensors and their scalar positions to `use`. */
  private pass<T>(use: (context: PassContext) => T): T {
    const { input, scores, activations } = this.forward();
    const layerOf = new Map([...activations].map(([layer, tensor]) => [tensor, layer] as const));
    const { tensors } = tapeTensors(scores, input, (tensor) => this.parameterNames.has(tensor));
    if (!this.traced) {
      const rangeOf = (layer: string): { start: number; end: number } | null => {
        const found = this.plan.model.layers.find((l) => l.name === layer);
        return found ? { start: found.statementRange.start, end: found.statementRange.end } : null;
      };
      this.traced = buildStructure(tensors, { parameter: (x) => this.parameterNames.get(x), layerOutput: (x) => layerOf.get(x), rangeOf, lossDescription: (s) => `${this.plan.loss.name}(${s}, y)` });
    }
    const structure = this.traced;
    if (tensors.length + 1 !== structure.tensors.length) throw new Error('backprop trace: the tape recorded a different graph on a later step');
    const firstOf = new Map(tensors.map((entry, k) => [entry.tensor, structure.tensors[k]!.firstScalar] as const));
    const context: StepContext = { scalars: structure.scalars, edges: this.edges, firstScalarOf: (x) => firstOf.get(x) ?? -1 };
    return use({ input, scores, tensors: tensors.map((e) => e.tensor), structure, context });
  }

  iteration(setting: OptimizerSetting, optimizer: ReturnType<typeof createOptimizer>): TraceIteration {
    t.zeroGrad(this.network.parameters.map((p) => p.tensor));
    return this.pass(({ scores, tensors, structure, context }) => {
      const loss = computeLoss(this.plan.loss, scores.data, this.targets, 1);
      const recorder = new BackwardRecorder();
      t.backward(scores, loss.grad, recorder);
      const lossScalar = structure.tensors[structure.lossTensor]!.firstScalar;
      const scoresSymbol = structure.tensors[tensors.indexOf(scores)]!.symbol;
      const touched = new Set<number>();
      const seeds = seedSteps(scores, loss.grad, lossScalar, this.plan.loss.name, (k) => lossGradientFormula(this.plan.loss.name, scoresSymbol, k), context);
      for (const seed of seeds) touched.add(seed.scalar);
      const backward = [...seeds, ...ruleSteps(recorder.records, context, touched)];
      const values = [...tensors.flatMap((x) => Array.from(x.data)), loss.value];
      const gradients = [...tensors.flatMap((x) => (x.grad ? Array.from(x.grad) : new Array<null>(x.size).fill(null))), 1];
      const forward = tensors.flatMap((x, k) => {
        const info = structure.tensors[k]!;
        return info.role === 'value' ? [{ tensor: k, text: `${info.symbol} = ${info.description}` }] : [];
      });
      forward.push({ tensor: structure.lossTensor, text: `L = ${structure.tensors[structure.lossTensor]!.description} = ${formatValue(loss.value)}` });
      const checks = this.checks(context);
      const parameters = this.network.parameters.map((p) => ({ data: p.tensor.data, grad: p.tensor.grad, firstScalar: context.firstScalarOf(p.tensor) })).filter((p) => p.firstScalar >= 0);
      const updates = stepWithFormulas(setting, optimizer, parameters);
      return { values, gradients, loss: loss.value, forward, backward, checks, updates };
    });
  }

  /** Each weight's tape gradient against a finite difference of the loss. */
  private checks(context: StepContext): GradientCheck[] {
    const lossAt = (): number =>
      t.noGrad(() => {
        const { scores } = this.forward();
        return computeLoss(this.plan.loss, scores.data, this.targets, 1).value;
      });
    const checks: GradientCheck[] = [];
    for (const { tensor } of this.network.parameters) {
      const first = context.firstScalarOf(tensor);
      if (first < 0) continue;
      for (let i = 0; i < tensor.size; i++) {
        const tape = tensor.grad[i]!;
        const finiteDifference = centralDifference(lossAt, tensor.data, i);
        checks.push({ scalar: first + i, tape, finiteDifference, agrees: gradientsAgree(tape, finiteDifference) });
      }
    }
    return checks;
  }
}

interface PassContext {
  readonly input: t.Tensor;
  readonly scores: t.Tensor;
  readonly tensors: readonly t.Tensor[];
  readonly structure: TraceStructure;
  readonly context: StepContext;
}
