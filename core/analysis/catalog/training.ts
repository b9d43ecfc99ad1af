import type { ArgumentSpec, CallableSpec } from './types';

/**
 * What a loss needs of the data target: class indices, two classes, real values shaped like the
 * output, or (kl_div) probability distributions: real targets as wide as the output.
 */
export type LossTarget = 'classes' | 'binary' | 'real' | 'distribution';

/**
 * A loss: a callable (`huber(delta: 0.5)`) whose name alone means the call with its defaults
 * (`loss: mse`). `reads` says what the model's output must be: scores (logits or probabilities
 * of a final softmax/sigmoid, the loss folds them), or log-probabilities (a final logsoftmax).
 */
export interface LossSpec extends CallableSpec {
  readonly family: 'loss';
  readonly target: LossTarget;
  readonly reads: 'scores' | 'log-probabilities';
  /** The `torch.nn.functional` call it equals, as the exported train.py writes it. */
  readonly torch: string;
}

/** Every loss; each is a mean over the batch (and over output elements for the element-wise ones). */
export const losses: readonly LossSpec[] = [
  { name: 'mse', family: 'loss', target: 'real', reads: 'scores', torch: 'F.mse_loss', summary: 'Mean squared error (ŷ − y)².', doc: 'Maximum likelihood under Gaussian noise of fixed variance. Regression.', args: [] },
  { name: 'mae', family: 'loss', target: 'real', reads: 'scores', torch: 'F.l1_loss', summary: 'Mean absolute error |ŷ − y|.', doc: 'Maximum likelihood under Laplace noise; robust to outliers. Regression.', args: [] },
  {
    name: 'huber',
    family: 'loss',
    target: 'real',
    reads: 'scores',
    torch: 'F.huber_loss',
    summary: 'Huber loss: ½d² for |d| < delta, delta·(|d| − ½delta) beyond, d = ŷ − y.',
    doc: 'Squared error near the target, absolute error far from it: robust to outliers with a smooth minimum. Regression; the mean over every output element, as `F.huber_loss(ŷ, y, delta=delta)`.',
    args: [{ name: 'delta', type: { kind: 'number', min: 0, minExclusive: true }, default: 1.0, doc: 'Where the loss turns from quadratic to linear (PyTorch requires delta > 0).' }],
  },
  {
    name: 'smooth_l1',
    family: 'loss',
    target: 'real',
    reads: 'scores',
    torch: 'F.smooth_l1_loss',
    summary: 'Smooth L1: ½d²/beta for |d| < beta, |d| − ½beta beyond, d = ŷ − y.',
    doc: 'Huber loss divided by beta, so its slope far from the target is 1 whatever beta is; beta 0 is mae. Regression, as `F.smooth_l1_loss(ŷ, y, beta=beta)`.',
    args: [{ name: 'beta', type: { kind: 'number', min: 0 }, default: 1.0, doc: 'Width of the quadratic zone (0 gives the absolute error).' }],
  },
  {
    name: 'binary_cross_entropy',
    family: 'loss',
    target: 'binary',
    reads: 'scores',
    torch: 'F.binary_cross_entropy_with_logits',
    summary: 'Binary cross-entropy −[y·log p + (1 − y)·log(1 − p)], p = sigmoid(s).',
    doc: 'Maximum likelihood for a Bernoulli output. Needs one output and targets 0/1, or with `target: input` an output shaped like the input and targets in [0, 1] (each pixel a Bernoulli). If the model ends in sigmoid() its output is read as a probability, otherwise as a logit. Computed stably from the logit.',
    args: [],
  },
  {
    name: 'cross_entropy',
    family: 'loss',
    target: 'classes',
    reads: 'scores',
    torch: 'F.cross_entropy',
    summary: 'Cross-entropy −log p_y, p = softmax(s); optionally class-weighted and label-smoothed.',
    doc: 'Maximum likelihood for a categorical output over K classes. Needs K outputs; if the model ends in softmax its output is read as probabilities, otherwise as logits. Computed stably with log-sum-exp. Targets are class indices. As `F.cross_entropy(s, y, weight=weights, label_smoothing=…)`: with weights the mean divides by the sum of the samples\' class weights.',
    args: [
      { name: 'weights', type: { kind: 'numbers', min: 0, minExclusive: true }, defaultText: 'none (every class 1)', doc: 'One positive weight per class (PyTorch `weight=`), e.g. to count a rare class more. The mean is Σ w_y·loss / Σ w_y over the batch.' },
      { name: 'label_smoothing', type: { kind: 'number', min: 0, max: 1 }, default: 0, doc: 'ε: the target becomes (1 − ε)·onehot + ε/K, as PyTorch\'s `label_smoothing=` (with weights, as PyTorch 1.13 combines them).' },
    ],
  },
  {
    name: 'nll',
    family: 'loss',
    target: 'classes',
    reads: 'log-probabilities',
    torch: 'F.nll_loss',
    summary: 'Negative log-likelihood −logp_y of log-probabilities.',
    doc: 'Cross-entropy split in two, as in PyTorch: the model ends in logsoftmax() and the loss reads its output as log-probabilities, `F.nll_loss(logp, y, weight=weights)`. Targets are class indices; with weights the mean divides by the sum of the samples\' class weights.',
    args: [
      { name: 'weights', type: { kind: 'numbers', min: 0, minExclusive: true }, defaultText: 'none (every class 1)', doc: 'One positive weight per class (PyTorch `weight=`), e.g. to count a rare class more. The mean is Σ w_y·loss / Σ w_y over the batch.' },
    ],
  },
  {
    name: 'kl_div',
    family: 'loss',
    target: 'distribution',
    reads: 'log-probabilities',
    torch: "F.kl_div(..., reduction='batchmean')",
    summary: 'Kullback–Leibler divergence Σ q·(log q − logp) per sample.',
    doc: 'How far the model\'s distribution (log-probabilities from a final logsoftmax()) is from target probabilities q: real targets as wide as the output, each row a distribution. The mean over samples, as `F.kl_div(logp, q, reduction=\'batchmean\')`.',
    args: [],
  },
  {
    name: 'hinge',
    family: 'loss',
    target: 'binary',
    reads: 'scores',
    torch: 'torch.clamp(1 - y * s, min=0).mean()',
    summary: 'Hinge loss max(0, 1 − y·s) with y ∈ {−1, +1}.',
    doc: 'The SVM margin loss: zero once a sample is on the right side with margin 1. Needs one output score (no sigmoid); classes 0/1 map to −1/+1.',
    args: [],
  },
  {
    name: 'vae',
    family: 'loss',
    target: 'real',
    reads: 'scores',
    torch: 'F.binary_cross_entropy_with_logits(…, reduction=\'sum\') + beta * KL, per sample',
    summary: 'Variational autoencoder: reconstruction + β·KL(N(μ, σ²) ‖ N(0, I)), per sample, averaged over the batch.',
    doc:
      'The negative evidence lower bound of Kingma & Welling (2013). The reconstruction term is summed over each sample\'s outputs (bce: binary cross-entropy from the logits before a closing sigmoid; mse: squared error of the output), KL = −½ Σ (1 + log σ² − μ² − σ²) over the latent units, read from the input of the model\'s `reparameterize()` layer (μ first, then log σ²). Needs `target: input` and exactly one `reparameterize()`. Both terms are reported per step and epoch.',
    args: [
      { name: 'reconstruction', type: { kind: 'choice', what: 'reconstruction term', choices: ['bce', 'mse'] }, default: 'bce', doc: '`bce` (pixels in [0, 1] as Bernoulli probabilities; end the decoder in sigmoid) or `mse` (Gaussian pixels of fixed variance).' },
      { name: 'beta', type: { kind: 'number', min: 0 }, default: 1.0, doc: 'Weight of the KL term (β-VAE, Higgins et al. 2017); 1 is the plain VAE, 0 an autoencoder with noise.' },
    ],
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

/** torch.optim's `weight_decay` of SGD, Adam, RMSprop and Adagrad: an L2 penalty added to the gradient before the update. */
const coupledWeightDecay: ArgumentSpec = { name: 'weight_decay', type: nonNegative, default: 0, doc: 'L2 penalty λ added to the gradient before the update: g ← g + λθ (torch.optim’s coupled weight decay).' };

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
      coupledWeightDecay,
    ],
  },
  {
    name: 'adam',
    family: 'optimizer',
    summary: 'Adam with bias correction — `torch.optim.Adam`.',
    doc: 'm ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + eps) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).',
    args: adamArgs(0, coupledWeightDecay.doc),
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
      coupledWeightDecay,
    ],
  },
  {
    name: 'adagrad',
    family: 'optimizer',
    summary: 'Adagrad — `torch.optim.Adagrad`.',
    doc: 'G ← G + g²; θ ← θ − lr·g/(√G + eps): each parameter’s step shrinks with its gradient history.',
    args: [lr(0.01), { name: 'eps', type: nonNegative, default: 1e-10, doc: 'Added to the denominator for numerical stability.' }, coupledWeightDecay],
  },
];

/**
 * Learning-rate schedules, as PyTorch's schedulers: `StepLR`, `CosineAnnealingLR(T_max = epochs)` and
 * `ReduceLROnPlateau` step once per epoch, `OneCycleLR` once per minibatch.
 */
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
  {
    name: 'reduce_on_plateau',
    family: 'schedule',
    summary: 'Lowers the learning rate when the validation loss stops improving — `ReduceLROnPlateau(mode=\'min\')`.',
    doc:
      'After each epoch the validation loss is compared with the best so far: it improves when it is below best·(1 − threshold) (`threshold_mode=\'rel\'`). ' +
      'After more than `patience` epochs without improvement lr ← max(lr·factor, min_lr), then `cooldown` epochs pass before bad epochs count again. Needs a validation split.',
    args: [
      { name: 'factor', type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true }, default: 0.1, doc: 'Multiplies the learning rate at each reduction.' },
      { name: 'patience', type: { kind: 'integer', min: 0 }, default: 10, doc: 'Epochs without improvement tolerated before a reduction.' },
      { name: 'threshold', type: nonNegative, default: 1e-4, doc: 'Relative improvement that counts: the loss must fall below best·(1 − threshold).' },
      { name: 'cooldown', type: { kind: 'integer', min: 0 }, default: 0, doc: 'Epochs after a reduction during which bad epochs are not counted.' },
      { name: 'min_lr', type: nonNegative, default: 0, doc: 'The learning rate never goes below this.' },
    ],
  },
  {
    name: 'one_cycle',
    family: 'schedule',
    summary: 'One cycle: up to `max_lr`, then cosine annealing far below it, stepped every minibatch — `OneCycleLR`.',
    doc:
      'Over all steps of the run (epochs × steps per epoch): from max_lr/div_factor up to max_lr during the first pct_start of the steps, then down to max_lr/(div_factor·final_div_factor), both halves cosine (`anneal_strategy=\'cos\'`). ' +
      'It replaces the optimizer’s lr. Momentum is not cycled (`cycle_momentum=False`): the optimizer keeps the momentum or betas written in it.',
    args: [
      { name: 'max_lr', type: positiveNumber, positional: true, doc: 'The peak learning rate.' },
      { name: 'pct_start', type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true }, default: 0.3, doc: 'Fraction of the steps spent rising to max_lr.' },
      { name: 'div_factor', type: positiveNumber, default: 25, doc: 'The first learning rate is max_lr/div_factor.' },
      { name: 'final_div_factor', type: positiveNumber, default: 1e4, doc: 'The last learning rate is max_lr/(div_factor·final_div_factor).' },
    ],
  },
];

/**
 * The most epochs a block (or `--epochs`) may ask for: a run keeps a record per step, and a typo
 * such as `epochs: 4294967296` must be an error in the editor, not a run that never ends.
 */
export const maxEpochs = 1_000_000;
/** The most episodes one policy run may play. */
export const maxEpisodes = 1_000_000;

/** The values of the `target` key: the data set's own targets, or its inputs (reconstruction). */
export const trainTargets = ['labels', 'input'] as const;
export type TrainTarget = (typeof trainTargets)[number];

/** The keys of a `train` block. */
export const trainKeys: readonly ArgumentSpec[] = [
  { name: 'model', type: { kind: 'model' }, defaultText: 'the only model in the file', doc: 'The model to train.' },
  { name: 'data', type: { kind: 'call', family: 'data' }, doc: 'The data set: a generator, `digits()`, `csv(…)`, `idx(…)` or `text(…)`.' },
  { name: 'validation', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0.2, doc: 'Fraction of the samples held out for validation, after a seeded shuffle.' },
  { name: 'loss', type: { kind: 'call', family: 'loss', bareName: true }, doc: 'The loss to minimise: a name (`cross_entropy`) or a call with arguments (`huber(delta: 0.5)`).' },
  {
    name: 'target',
    type: { kind: 'choice', what: 'target', choices: trainTargets },
    default: 'labels',
    doc: 'What the model learns to output: `labels`, the data set’s own targets (classes or values), or `input`, the sample itself — an autoencoder, trained with `mse`, `mae` or `binary_cross_entropy` on an output shaped like the input.',
  },
  {
    name: 'augment',
    type: { kind: 'calls', family: 'augmentation' },
    defaultText: '[] (none)',
    doc: 'Image augmentations applied, in order, to each training sample of each minibatch (never to validation): `random_crop(padding)`, `horizontal_flip(p)`. Images only ([C, H, W] samples); random numbers from the run’s seed.',
  },
  { name: 'optimizer', type: { kind: 'call', family: 'optimizer' }, doc: 'The optimizer, e.g. `adam(lr: 0.01)`.' },
  { name: 'batch', type: { kind: 'batch' }, default: 32, doc: 'Minibatch size, or `full` for full-batch gradient descent.' },
  { name: 'epochs', type: { kind: 'integer', min: 1, max: maxEpochs }, default: 10, doc: 'Passes over the training split.' },
  { name: 'schedule', type: { kind: 'call', family: 'schedule' }, defaultText: 'constant()', doc: 'Learning-rate schedule: per epoch, except `one_cycle` (per minibatch).' },
  {
    name: 'warmup',
    type: { kind: 'integer', min: 0, max: maxEpochs },
    default: 0,
    doc:
      'Epochs of linear warmup before the schedule: the lr rises from lr·warmup_factor to lr over `warmup` epochs, then the schedule starts from its own epoch 0 ' +
      '(`SequentialLR([LinearLR(start_factor=warmup_factor, total_iters=warmup), schedule], milestones=[warmup])`; cosine then anneals over epochs − warmup). Not with `reduce_on_plateau` or `one_cycle`.',
  },
  { name: 'warmup_factor', type: { kind: 'number', min: 0, max: 1, minExclusive: true }, default: 0.01, doc: 'The first warmup epoch’s lr is lr·warmup_factor (`LinearLR`’s `start_factor`; torchvision’s `--lr-warmup-decay`).' },
  {
    name: 'clip_norm',
    type: positiveNumber,
    defaultText: 'none',
    doc: 'Clips the gradients by their global norm before each step: when the norm of all gradients together exceeds it, every gradient is scaled by clip_norm/(norm + 1e-6) — `torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)`.',
  },
  {
    name: 'early_stopping',
    type: { kind: 'integer', min: 1, max: maxEpochs },
    defaultText: 'none',
    doc:
      'Patience: stop when the validation loss has not improved (fallen below best − min_delta) for this many epochs. The weights of the epoch with the lowest validation loss become the run’s final weights (saved and exported), whether the run stops early or not. Needs a validation split.',
  },
  { name: 'min_delta', type: nonNegative, default: 0, doc: 'How much the validation loss must fall below the best so far to count as an improvement for `early_stopping`.' },
  // Policy train blocks (reinforcement learning): `env` instead of `data` and `loss`.
  { name: 'env', type: { kind: 'call', family: 'env' }, doc: 'The environment a policy learns in, instead of `data`: `bandit(arms: 10)`, `gridworld(…)` or `cartpole()`. The model maps an observation to one score per action (logits, or probabilities with a final `softmax()`).' },
  { name: 'algorithm', type: { kind: 'call', family: 'algorithm', bareName: true }, defaultText: 'reinforce()', doc: 'How a policy learns from its episodes: `reinforce(gamma: 0.99, baseline: mean, entropy: 0.01)`.' },
  { name: 'episodes', type: { kind: 'integer', min: 1, max: maxEpisodes }, default: 500, doc: 'Episodes a policy plays (and learns from) in total.' },
  {
    name: 'value',
    type: { kind: 'model' },
    defaultText: 'none',
    doc: 'The value model V(s) of `reinforce(baseline: value)`: a second model (not a head of the policy) that maps an observation to one number, the expected return from that state. It learns in the same step as the policy, on the mean squared error (V(s_t) − G_t)².',
  },
  { name: 'seed', type: { kind: 'integer', min: 0, max: 4294967295 }, default: 0, doc: 'Seed for initialisation, data generation, shuffling and dropout: the same seed gives the same run.' },
  {
    name: 'sweep',
    type: { kind: 'call', family: 'sweep' },
    defaultText: 'none',
    doc: 'Runs the block several times with some values changed and ranks the runs (`dlmodel sweep FILE`, *Run Sweep*): `grid(key: [values], …, metric: val_loss)` for every combination, or `random(n, key: [values], …)` for n of them. A key is a train key, `lr`, or a named layer’s argument as `layer.argument`.',
  },
];
