import type { ArgumentSpec, CallableSpec, NamedSpec } from './types';

/** What a loss needs of the data target. */
export type LossTarget = 'classes' | 'binary' | 'real';

export interface LossSpec extends NamedSpec {
  readonly target: LossTarget;
  readonly torch: string;
}

/** Every loss of the spec; each is the mean over the batch (and over output elements for mse, mae). */
export const losses: readonly LossSpec[] = [
  { name: 'mse', target: 'real', torch: 'nn.MSELoss()', summary: 'Mean squared error (ŷ − y)².', doc: 'Maximum likelihood under Gaussian noise of fixed variance. Regression.' },
  { name: 'mae', target: 'real', torch: 'nn.L1Loss()', summary: 'Mean absolute error |ŷ − y|.', doc: 'Maximum likelihood under Laplace noise; robust to outliers. Regression.' },
  {
    name: 'binary_cross_entropy',
    target: 'binary',
    torch: 'nn.BCEWithLogitsLoss()',
    summary: 'Binary cross-entropy −[y·log p + (1 − y)·log(1 − p)], p = sigmoid(s).',
    doc: 'Maximum likelihood for a Bernoulli output. Needs one output; if the model ends in sigmoid() its output is read as a probability, otherwise as a logit. Computed stably from the logit. Targets 0/1.',
  },
  {
    name: 'cross_entropy',
    target: 'classes',
    torch: 'nn.CrossEntropyLoss()',
    summary: 'Cross-entropy −log p_y, p = softmax(s).',
    doc: 'Maximum likelihood for a categorical output over K classes. Needs K outputs; if the model ends in softmax its output is read as probabilities, otherwise as logits. Computed stably with log-sum-exp. Targets are class indices.',
  },
  {
    name: 'hinge',
    target: 'binary',
    torch: 'torch.clamp(1 - y * s, min=0).mean()',
    summary: 'Hinge loss max(0, 1 − y·s) with y ∈ {−1, +1}.',
    doc: 'The SVM margin loss: zero once a sample is on the right side with margin 1. Needs one output score (no sigmoid); classes 0/1 map to −1/+1.',
  },
];

export const lossNames: readonly string[] = losses.map((l) => l.name);

/** The loss with this name, if any. */
export function findLoss(name: string): LossSpec | undefined {
  return losses.find((l) => l.name === name);
}

const positiveNumber = { kind: 'number', min: 0, minExclusive: true } as const;
const nonNegative = { kind: 'number', min: 0 } as const;
const beta = { kind: 'number', min: 0, max: 1, maxExclusive: true } as const;
const lr = (defaultValue: number | undefined): ArgumentSpec => ({
  name: 'lr',
  // The range of lr is checked by the training-setup pass (DL512 error, DL513 warning).
  type: { kind: 'number' },
  positional: true,
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  doc: 'Learning rate: the step size. Must be positive; above 1 is almost always a mistake.',
});

/** The arguments Adam and AdamW share; they differ only in how weight decay acts and its default. */
const adamArgs = (weightDecay: number, weightDecayDoc: string): ArgumentSpec[] => [
  lr(0.001),
  { name: 'beta1', type: beta, default: 0.9, doc: 'Decay of the first-moment (mean) estimate.' },
  { name: 'beta2', type: beta, default: 0.999, doc: 'Decay of the second-moment (uncentred variance) estimate.' },
  { name: 'eps', type: nonNegative, default: 1e-8, doc: 'Added to the denominator for numerical stability.' },
  { name: 'weight_decay', type: nonNegative, default: weightDecay, doc: weightDecayDoc },
];

/** Optimizers with exactly `torch.optim`'s names, update rules and defaults. */
export const optimizers: readonly CallableSpec[] = [
  {
    name: 'sgd',
    family: 'optimizer',
    summary: 'Stochastic gradient descent, optionally with (Nesterov) momentum — `torch.optim.SGD`.',
    doc: 'v ← μ·v + g (g includes weight_decay·θ); θ ← θ − lr·v, or θ − lr·(g + μ·v) with Nesterov. `lr` is required.',
    args: [
      lr(undefined),
      { name: 'momentum', type: nonNegative, default: 0, doc: 'Momentum factor μ (0 disables it).' },
      { name: 'nesterov', type: { kind: 'boolean' }, default: false, doc: 'Nesterov momentum (needs momentum > 0).' },
      { name: 'weight_decay', type: nonNegative, default: 0, doc: 'L2 penalty added to the gradient: g + λθ.' },
    ],
  },
  {
    name: 'adam',
    family: 'optimizer',
    summary: 'Adam with bias correction — `torch.optim.Adam`.',
    doc: 'm ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + eps) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).',
    args: adamArgs(0, 'L2 penalty added to the gradient (coupled, as in torch.optim.Adam).'),
  },
  {
    name: 'adamw',
    family: 'optimizer',
    summary: 'Adam with decoupled weight decay — `torch.optim.AdamW`.',
    doc: 'θ ← θ − lr·λ·θ before the Adam step; the decay does not pass through the moment estimates.',
    args: adamArgs(0.01, 'Decoupled weight decay λ.'),
  },
  {
    name: 'rmsprop',
    family: 'optimizer',
    summary: 'RMSProp — `torch.optim.RMSprop`.',
    doc: 'v ← α·v + (1 − α)g²; θ ← θ − lr·g/(√v + eps), with optional momentum on that step.',
    args: [
      lr(0.01),
      { name: 'alpha', type: beta, default: 0.99, doc: 'Smoothing constant of the squared-gradient average.' },
      { name: 'eps', type: nonNegative, default: 1e-8, doc: 'Added to the denominator for numerical stability.' },
      { name: 'momentum', type: nonNegative, default: 0, doc: 'Momentum factor on the scaled step.' },
    ],
  },
  {
    name: 'adagrad',
    family: 'optimizer',
    summary: 'Adagrad — `torch.optim.Adagrad`.',
    doc: 'G ← G + g²; θ ← θ − lr·g/(√G + eps): each parameter’s step shrinks with its gradient history.',
    args: [lr(0.01), { name: 'eps', type: nonNegative, default: 1e-10, doc: 'Added to the denominator for numerical stability.' }],
  },
];

/** Per-epoch learning-rate schedules, as PyTorch's `StepLR` and `CosineAnnealingLR(T_max = epochs)`. */
export const schedules: readonly CallableSpec[] = [
  { name: 'constant', family: 'schedule', summary: 'The learning rate stays fixed.', doc: 'No schedule.', args: [] },
  {
    name: 'step',
    family: 'schedule',
    summary: 'Multiplies the learning rate by `gamma` every `every` epochs — `StepLR`.',
    doc: 'lr_e = lr·gamma^⌊e/every⌋ for epoch e (0-based).',
    args: [
      { name: 'every', type: { kind: 'integer', min: 1 }, doc: 'Epochs between decays (`step_size`).' },
      { name: 'gamma', type: positiveNumber, default: 0.1, doc: 'Decay factor.' },
    ],
  },
  {
    name: 'cosine',
    family: 'schedule',
    summary: 'Cosine annealing from lr to `min_lr` over the run — `CosineAnnealingLR(T_max = epochs)`.',
    doc: 'lr_e = min_lr + (lr − min_lr)·(1 + cos(π·e/epochs))/2.',
    args: [{ name: 'min_lr', type: nonNegative, default: 0, doc: 'The final learning rate (`eta_min`).' }],
  },
];

/**
 * The most epochs a block (or `--epochs`) may ask for: a run keeps a record per step, and a typo
 * such as `epochs: 4294967296` must be an error in the editor, not a run that never ends.
 */
export const maxEpochs = 1_000_000;

/** The keys of a `train` block. */
export const trainKeys: readonly ArgumentSpec[] = [
  { name: 'model', type: { kind: 'model' }, defaultText: 'the only model in the file', doc: 'The model to train.' },
  { name: 'data', type: { kind: 'call', family: 'data' }, doc: 'The data set: a generator, `digits()`, `csv(…)`, `idx(…)` or `text(…)`.' },
  { name: 'validation', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0.2, doc: 'Fraction of the samples held out for validation, after a seeded shuffle.' },
  { name: 'loss', type: { kind: 'choice', what: 'loss', choices: lossNames }, doc: 'The loss to minimise.' },
  { name: 'optimizer', type: { kind: 'call', family: 'optimizer' }, doc: 'The optimizer, e.g. `adam(lr: 0.01)`.' },
  { name: 'batch', type: { kind: 'batch' }, default: 32, doc: 'Minibatch size, or `full` for full-batch gradient descent.' },
  { name: 'epochs', type: { kind: 'integer', min: 1, max: maxEpochs }, default: 10, doc: 'Passes over the training split.' },
  { name: 'schedule', type: { kind: 'call', family: 'schedule' }, defaultText: 'constant()', doc: 'Learning-rate schedule per epoch.' },
  { name: 'seed', type: { kind: 'integer', min: 0, max: 4294967295 }, default: 0, doc: 'Seed for initialisation, data generation, shuffling and dropout: the same seed gives the same run.' },
];
