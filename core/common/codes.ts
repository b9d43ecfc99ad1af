import type { Severity } from './diagnostic';

/**
 * Every diagnostic code the product emits, with its default severity and a one-line title.
 * Codes are stable: once published, a code keeps its meaning (retire a code, never reuse it).
 * Ranges follow the phases of the spec: 1xx lexical, 2xx syntax, 3xx names and arguments,
 * 4xx shapes, 5xx training setup, 6xx training health.
 */
export const diagnosticCodes = {
  // Lexical
  DL101: { severity: 'error', title: 'Unexpected character' },
  DL102: { severity: 'error', title: 'Unterminated string' },
  DL103: { severity: 'error', title: 'Malformed number' },
  DL104: { severity: 'error', title: 'Invalid escape sequence in a string' },
  DL105: { severity: 'error', title: 'The file is not valid UTF-8 text' },
  DL106: { severity: 'error', title: 'The file is too large to check' },
  // Syntax
  DL201: { severity: 'error', title: 'Expected a closing `)`' },
  DL202: { severity: 'error', title: 'Expected a closing `]`' },
  DL203: { severity: 'error', title: 'Expected a closing `}`' },
  DL204: { severity: 'error', title: 'Expected a value' },
  DL205: { severity: 'error', title: 'Expected `model` or `train` at the top level' },
  DL206: { severity: 'error', title: 'Duplicate `input`' },
  DL207: { severity: 'error', title: '`input` must be the first statement of a model' },
  DL208: { severity: 'error', title: 'A model needs an `input`' },
  DL209: { severity: 'error', title: 'Expected a statement' },
  DL210: { severity: 'error', title: 'Positional argument after a named argument' },
  DL211: { severity: 'error', title: 'Nesting too deep' },
  DL212: { severity: 'error', title: 'Expected a name' },
  DL213: { severity: 'error', title: 'Expected `:`' },
  DL214: { severity: 'error', title: 'Expected `{`' },
  DL215: { severity: 'error', title: '`shortcut` without a `residual` before it' },
  DL216: { severity: 'error', title: 'Expected a shape such as `[3, 32, 32]`' },
  DL217: { severity: 'error', title: 'Expected an integer' },
  DL218: { severity: 'error', title: 'Expected `(`' },
  // Names and arguments
  DL301: { severity: 'error', title: 'Unknown layer' },
  DL302: { severity: 'error', title: 'Unknown argument' },
  DL303: { severity: 'error', title: 'Duplicate argument' },
  DL304: { severity: 'error', title: 'Missing required argument' },
  DL305: { severity: 'error', title: 'Wrong argument type' },
  DL306: { severity: 'error', title: 'Value out of range' },
  DL307: { severity: 'error', title: 'Duplicate layer name' },
  DL308: { severity: 'error', title: 'Duplicate model name' },
  DL309: { severity: 'error', title: 'Unknown model in `train`' },
  DL311: { severity: 'error', title: 'Too many positional arguments' },
  DL312: { severity: 'error', title: 'Unknown name for this argument' },
  DL313: { severity: 'error', title: 'Unknown `train` key' },
  DL314: { severity: 'error', title: 'Duplicate `train` key' },
  DL315: { severity: 'error', title: 'Duplicate `train` block name' },
  DL316: { severity: 'error', title: '`train` must name its model when the file has several' },
  DL317: { severity: 'error', title: 'No model to train' },
  DL318: { severity: 'error', title: 'Unknown layer name as an input' },
  DL319: { severity: 'error', title: 'Layer name used before it is defined' },
  DL320: { severity: 'error', title: 'A layer with parameters as an `activation:` value' },
  DL321: { severity: 'error', title: 'A name given inside `repeat` read outside its copy' },
  DL322: { severity: 'warning', title: 'A `repeat … as` name the body never reads' },
  // Shapes
  DL401: { severity: 'error', title: 'Wrong input rank for a layer' },
  DL402: { severity: 'error', title: 'Window larger than its input' },
  DL403: { severity: 'error', title: '`padding: same` needs stride 1 and an odd kernel' },
  DL404: { severity: 'error', title: 'Residual body and shortcut shapes differ' },
  DL405: { severity: 'warning', title: '`dense` on an input of rank 3 or more' },
  DL406: { severity: 'error', title: '`embedding` must come directly after an integer input' },
  DL407: { severity: 'error', title: 'Invalid input shape' },
  DL408: { severity: 'error', title: 'Layer output too large to count exactly' },
  DL409: { severity: 'warning', title: 'Bias cancelled by the `batchnorm()` right after it' },
  DL410: { severity: 'error', title: 'Merge inputs differ in shape' },
  DL411: { severity: 'error', title: '`concat` axis out of range' },
  DL412: { severity: 'warning', title: 'Layer output computed but never used' },
  DL413: { severity: 'error', title: 'Channels or filters not divisible by `groups`' },
  DL414: { severity: 'error', title: 'More than one `-1` in a `reshape`' },
  DL415: { severity: 'error', title: '`permute` axes are not a permutation of the sample\'s axes' },
  DL416: { severity: 'error', title: 'Axis out of range for the input' },
  DL417: { severity: 'warning', title: '`trainable: false` on a layer without parameters' },
  DL418: { severity: 'error', title: '`reshape` to a different number of elements' },
  // ex11 (DL423–DL426)
  DL423: { severity: 'error', title: 'Nothing to train: the model has no trainable parameters' },
  DL427: { severity: 'error', title: '`attention` width not divisible by `heads`' },
  DL428: { severity: 'error', title: 'More positions than `positional_embedding` encodes' },
  DL435: { severity: 'error', title: '`reparameterize` needs an even, flat input [2·z]' },
  // Training setup
  DL501: { severity: 'error', title: 'Missing `data`' },
  DL502: { severity: 'error', title: 'Missing `loss`' },
  DL503: { severity: 'error', title: 'Missing `optimizer`' },
  DL504: { severity: 'error', title: 'Data sample shape differs from the model input' },
  DL505: { severity: 'error', title: 'Output size differs from the number of classes' },
  DL506: { severity: 'error', title: 'Loss unsuited to the model output' },
  DL507: { severity: 'error', title: 'Loss unsuited to the data target' },
  DL508: { severity: 'warning', title: 'Regression loss on class targets' },
  DL509: { severity: 'warning', title: 'Output activation unsuited to the loss' },
  DL510: { severity: 'error', title: 'Data file missing or unreadable' },
  DL511: { severity: 'error', title: 'Data path outside the workspace' },
  DL512: { severity: 'error', title: 'Learning rate must be positive' },
  DL513: { severity: 'warning', title: 'Learning rate above 1' },
  DL514: { severity: 'warning', title: 'Batch larger than the training split' },
  DL515: { severity: 'error', title: 'Data file malformed' },
  DL516: { severity: 'information', title: 'Data file checks need a trusted workspace' },
  DL517: { severity: 'error', title: '`target: input` needs an output shaped like the input' },
  DL518: { severity: 'error', title: 'Image augmentation on data that is not images' },
  DL520: { severity: 'error', title: 'Warmup not shorter than the run' },
  DL521: { severity: 'error', title: 'Warmup before a schedule that cannot follow one' },
  DL522: { severity: 'error', title: 'Validation loss needed but no validation split' },
  DL523: { severity: 'warning', title: 'Training setting without effect' },
  // Losses with arguments and log-probability losses (DL530–DL539)
  DL530: { severity: 'error', title: 'Loss reads log-probabilities but the model does not end in `logsoftmax()`' },
  DL531: { severity: 'error', title: 'Class weights differ from the number of classes' },
  DL532: { severity: 'warning', title: '`logsoftmax()` before `cross_entropy`, which applies log-softmax itself' },
  DL533: { severity: 'error', title: '`binary_cross_entropy` targets outside [0, 1]' },
  // Text models: a target per position, generation (DL540–DL544)
  DL540: { severity: 'error', title: '`text(targets: all)` needs class scores per position' },
  DL541: { severity: 'error', title: '`text(targets: all)` needs cross_entropy or nll' },
  // Reinforcement learning: policy train blocks (DL545–DL559)
  DL545: { severity: 'error', title: 'A train block with both `data` and `env`' },
  DL546: { severity: 'error', title: '`loss` in a policy train block' },
  DL547: { severity: 'warning', title: 'Training setting without effect on a policy run' },
  DL548: { severity: 'error', title: 'Policy setting without `env`' },
  DL549: { severity: 'error', title: 'Model input does not fit the environment’s observation' },
  DL550: { severity: 'error', title: 'Model output does not fit the environment’s actions' },
  DL551: { severity: 'error', title: 'Policy output is not logits or softmax probabilities' },
  // Variational autoencoders (DL565–DL569)
  DL565: { severity: 'error', title: '`vae` loss without a `reparameterize()` layer' },
  DL566: { severity: 'error', title: '`vae` loss with several `reparameterize()` layers' },
  DL567: { severity: 'error', title: '`vae` loss without `target: input`' },
  DL568: { severity: 'warning', title: '`reparameterize()` without the `vae` loss' },
  // Sweeps (`sweep: grid(…)` in a train block, DL570–DL579)
  DL570: { severity: 'error', title: 'Sweep is not `grid(…)` or `random(n, …)`' },
  DL571: { severity: 'error', title: 'Unknown sweep key' },
  DL572: { severity: 'error', title: 'Sweep names a layer the model does not name' },
  DL573: { severity: 'error', title: 'Sweep names an argument the layer does not have' },
  DL574: { severity: 'error', title: 'Sweep values are not a non-empty list' },
  DL575: { severity: 'error', title: 'Unknown sweep metric' },
  DL576: { severity: 'error', title: 'Sweep too large' },
  DL577: { severity: 'error', title: 'Key swept twice' },
  // Training health (published while or after training)
  DL601: { severity: 'warning', title: 'Vanishing gradients' },
  DL602: { severity: 'error', title: 'Exploding gradients' },
  DL603: { severity: 'warning', title: 'Dead ReLU units' },
  DL604: { severity: 'warning', title: 'Saturated units' },
  DL605: { severity: 'error', title: 'Loss is not finite' },
  DL606: { severity: 'warning', title: 'Initial loss far from its expected value' },
  DL607: { severity: 'warning', title: 'Update-to-weight ratio far from 1e-3' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

/**
 * Codes no longer emitted, with what replaced them: a retired code is never reused for another
 * meaning, so a report or a suppression that names it still means what it meant.
 */
export const retiredCodes: Readonly<Record<string, { readonly title: string; readonly why: string }>> = {
  DL310: { title: 'Named layer inside `repeat`', why: 'names inside `repeat` are local to each copy (`repeat N as x { … }`); reading one outside its copy is DL321' },
};
