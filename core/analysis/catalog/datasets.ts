import { textSplits, textTargets } from '../../data/text';
import type { CallableSpec } from './types';

const points = (defaultValue: number) => ({ name: 'points', type: { kind: 'integer', min: 2 }, default: defaultValue, doc: 'Number of samples in total, before the validation split.' }) as const;
const noise = (defaultValue: number) => ({ name: 'noise', type: { kind: 'number', min: 0 }, default: defaultValue, doc: 'Standard deviation of Gaussian noise added to each coordinate.' }) as const;
const classes = { name: 'classes', type: { kind: 'integer', min: 2, max: 1000 }, default: 2, doc: 'Number of classes.' } as const;

/** `mnist(path)` and `fashion_mnist(path)`: a folder of the standard IDX files, read as `idx(…)` reads them. */
function idxFolder(name: string, what: string, source: string): CallableSpec {
  return {
    name,
    family: 'data',
    summary: `${what} from a folder of the standard IDX files: samples [1, 28, 28], 10 classes.`,
    doc: `Reads \`train-images-idx3-ubyte\` and \`train-labels-idx1-ubyte\` (each \`.gz\` or raw) in the folder — the 60,000 training images, as torchvision’s \`train=True\`; the validation split is taken from them and the t10k test files are not read. Pixels scaled to [0, 1]. (${source}.)`,
    args: [
      { name: 'path', type: { kind: 'string' }, positional: true, doc: 'The folder holding the IDX files, relative to this .dlmodel file (`"."` for its own folder).' },
      { name: 'limit', type: { kind: 'integer', min: 0 }, default: 0, doc: 'Use at most this many samples (0 = all).' },
    ],
  };
}

/**
 * Every data set of the spec. Generators are seeded by the run; file readers take a path that is
 * relative to the .dlmodel file and must stay inside the workspace.
 */
export const dataSets: readonly CallableSpec[] = [
  { name: 'xor', family: 'data', summary: 'Two classes in the XOR pattern of the four quadrants; samples [2].', doc: 'Not linearly separable: needs a hidden layer.', args: [points(400), noise(0.1)] },
  { name: 'circles', family: 'data', summary: 'A disc inside a ring, two classes; samples [2].', doc: 'Separable by a circle: needs a non-linear boundary.', args: [points(400), noise(0.1)] },
  { name: 'moons', family: 'data', summary: 'Two interleaving half circles, two classes; samples [2].', doc: 'The scikit-learn moons.', args: [points(400), noise(0.1)] },
  { name: 'spirals', family: 'data', summary: 'Interleaved spirals, one per class; samples [2].', doc: 'Hard for shallow models: the boundary winds around the origin.', args: [classes, points(400), noise(0.1)] },
  {
    name: 'gaussians',
    family: 'data',
    summary: 'One isotropic Gaussian blob per class; samples [2].',
    doc: 'Nearly linearly separable when `spread` is small.',
    args: [classes, points(400), { name: 'spread', type: { kind: 'number', min: 0, minExclusive: true }, default: 1.0, doc: 'Standard deviation of each blob.' }],
  },
  {
    name: 'signals',
    family: 'data',
    summary: 'Noisy periodic signals, one wave shape per class (sine, square, sawtooth, triangle); samples [1, length].',
    doc: 'Each signal has a random number of periods (2 to 6) and a random phase, so the class is the shape of the wave, not where it is: a task for `conv1d` and a global pooling.',
    args: [
      { name: 'classes', type: { kind: 'integer', min: 2, max: 4 }, default: 4, doc: 'Number of wave shapes, in the order sine, square, sawtooth, triangle.' },
      { name: 'length', type: { kind: 'integer', min: 2, max: 100000 }, default: 64, doc: 'Values per signal.' },
      { name: 'samples', type: { kind: 'integer', min: 2 }, default: 800, doc: 'Number of signals in total, before the validation split.' },
      noise(0.3),
    ],
  },
  { name: 'plane', family: 'data', summary: 'A noisy plane y = a·x₁ + b·x₂ + c: regression with samples [2] and one real target.', doc: 'Linear regression: a dense(1) model fits it exactly.', args: [points(400), noise(0.1)] },
  {
    name: 'function',
    family: 'data',
    summary: 'Samples of a function of one variable: samples [1], one real target.',
    doc: 'The expression may use `x`, numbers, `+ − * / ^`, parentheses and `sin cos tan exp log sqrt abs tanh sigmoid relu`. It is parsed, never evaluated as code.',
    args: [
      { name: 'expression', type: { kind: 'string' }, positional: true, doc: 'The function of x, e.g. "sin(3*x)".' },
      { name: 'from', type: { kind: 'number' }, default: -3, doc: 'Smallest x.' },
      { name: 'to', type: { kind: 'number' }, default: 3, doc: 'Largest x (must be greater than `from`).' },
      points(200),
      noise(0),
    ],
  },
  {
    name: 'digits',
    family: 'data',
    summary: 'The built-in 8×8 handwritten digits (1,797 samples, 10 classes); samples [1, 8, 8], or [64] with flat: true.',
    doc: 'UCI Optical Recognition of Handwritten Digits (Alpaydin & Kaynak, 1998; CC BY 4.0). Pixels scaled to [0, 1].',
    args: [{ name: 'flat', type: { kind: 'boolean' }, default: false, doc: 'Give each sample as [64] instead of [1, 8, 8].' }],
  },
  {
    name: 'csv',
    family: 'data',
    summary: 'A CSV file with a header row: samples [features], the target from one column.',
    doc: 'The target is classes if its column is text or the loss is a classification loss, otherwise a real value. Every other column must be numeric.',
    args: [
      { name: 'path', type: { kind: 'string' }, positional: true, doc: 'Path of the CSV file, relative to this .dlmodel file.' },
      { name: 'target', type: { kind: 'string' }, defaultText: 'the last column', doc: 'Name of the target column.' },
      { name: 'normalize', type: { kind: 'boolean' }, default: true, doc: 'Standardise each feature with the training split’s mean and standard deviation.' },
    ],
  },
  {
    name: 'idx',
    family: 'data',
    summary: 'Images and labels in MNIST’s IDX format (`.gz` or raw): samples [1, H, W].',
    doc: 'Pixels scaled to [0, 1]. Fashion-MNIST and MNIST ship in this format.',
    args: [
      { name: 'images', type: { kind: 'string' }, doc: 'Path of the images file (magic 0x00000803).' },
      { name: 'labels', type: { kind: 'string' }, doc: 'Path of the labels file (magic 0x00000801).' },
      { name: 'limit', type: { kind: 'integer', min: 0 }, default: 0, doc: 'Use at most this many samples (0 = all).' },
    ],
  },
  idxFolder('mnist', 'MNIST handwritten digits', 'LeCun, Cortes & Burges, 1998'),
  idxFolder('fashion_mnist', 'Fashion-MNIST clothing images', 'Xiao, Rasul & Vollgraf, 2017; class names T-shirt/top … Ankle boot'),
  {
    name: 'text',
    family: 'data',
    summary: 'Next-character prediction on a text file: samples [context] of tokens, one class per character (or per position with targets: all).',
    doc: 'The vocabulary is the file’s distinct characters sorted by code point, always including `\\n`, which ends each line and pads the context at the start of each line.',
    args: [
      { name: 'path', type: { kind: 'string' }, positional: true, doc: 'Path of the text file (UTF-8), relative to this .dlmodel file.' },
      { name: 'context', type: { kind: 'integer', min: 1, max: 4096 }, default: 8, doc: 'How many previous characters the model sees.' },
      {
        name: 'targets',
        type: { kind: 'choice', what: 'text target', choices: textTargets },
        default: 'next',
        doc: '`next`: one class per sample, the character after the context (the model outputs [V]). `all`: the next character at each of the `context` positions (input position k predicts the token at k + 1, the last predicts the character after the context), so the model outputs [context, V] and cross_entropy averages over positions and samples, as `F.cross_entropy` on [B, V, T].',
      },
      {
        name: 'split',
        type: { kind: 'choice', what: 'text split', choices: textSplits },
        default: 'shuffled',
        doc: 'How `validation:` holds out characters. `shuffled`: random samples, as every data set. `contiguous`: the last fraction of the text, as `data[:n]` / `data[n:]` in a PyTorch character model, so no held-out character is a target of any training window (with `targets: all` a shuffled split trains on most held-out characters from neighbouring windows: compare models on `contiguous`).',
      },
      {
        name: 'stride',
        type: { kind: 'integer', min: 1, max: 4096 },
        default: 1,
        doc: 'Keep the sample of every `stride`-th character only (characters stride, 2·stride, … through the file). With `targets: all` and `stride` equal to `context` the windows tile the text, so an epoch shows each character once as a target instead of `context` times: what makes a transformer epoch on a few hundred KB of text take minutes, as `range(0, len(data), context)` windows in PyTorch.',
      },
    ],
  },
];

/** The data set with this name, if any. */
export function findDataSet(name: string): CallableSpec | undefined {
  return dataSets.find((d) => d.name === name);
}
