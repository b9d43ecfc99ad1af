import type { ModelSummary } from '../../analysis';
import type { TrainPlan } from '../../train';
import { pyComment } from './python-text';

/** The README.md written into an exported PyTorch folder. */
export function generateReadme(model: ModelSummary, plan: TrainPlan | undefined, rawFileName: string, className: string, initFromFile: boolean): string {
  // The file name on one line, control characters escaped, as model.py's comments show it.
  const fileName = pyComment(rawFileName);
  const seedText = plan ? String(plan.seed) : '0';
  const dataIsGenerated = plan ? ['xor', 'circles', 'moons', 'spirals', 'gaussians', 'signals', 'plane', 'function'].includes(plan.data.name) : false;
  const training = plan
    ? `## Train

\`\`\`bash
python3 train.py                       # CPU, or the first GPU when there is one
python3 train.py --epochs 5 --seed 1   # override the train block's epochs / seed
python3 train.py --batch full          # full-batch gradient descent
torchrun --nproc_per_node 2 train.py   # DistributedDataParallel: gloo on CPU, nccl on GPUs
\`\`\`

(On Windows the command is \`python\` or \`py\`.) It prints one JSON object per line, like
\`dlmodel train --json\`: \`start\` (with \`initialLoss\`),
one \`epoch\` per epoch (\`loss\`, \`accuracy\`, \`valLoss\`, \`valAccuracy\`, \`lr\`, \`time\`), and \`done\`
(\`--steps\` adds one \`step\` event per minibatch). \`--save FILE\` writes the trained weights as
safetensors, which \`dlmodel train --init FILE\` and \`dlmodel export --init FILE\` read.

### What is the same as \`dlmodel train\`, and what is not

- **Data.** \`data.safetensors\` holds the data set exactly as dlmodel built it with seed ${seedText},
  before the split (\`inputs\`, \`targets\`). train.py splits it (a seeded Fisher–Yates shuffle of
  the split stream, validation = the first ceil(N·${plan.validation}) samples) and${plan.data.name === 'csv' && plan.data.normalize ? ' standardises the features with the training split\'s mean and standard deviation' : ' uses the values as they are'}, as dlmodel does.
- **Initial weights.** \`init.safetensors\` holds dlmodel's initial weights (PyTorch names and
  layouts: dense weights are [units, inputs]).${initFromFile ? ' They came from `dlmodel export --init`, so every seed starts from them.' : ''}
- **Minibatches.** Each epoch shuffles the training split with the run's shuffle stream
  (dlmodel's generator, Mulberry32, ported bit for bit in \`dlmodel_support.py\`) and cuts it into
  consecutive batches of ${plan.batch === 'full' ? 'all samples (batch: full, never shuffled)' : `${plan.batch} (the last one shorter)`}.
- **Loss, optimizer, schedule.** The same loss from the same scores (logits before a closing
  softmax/sigmoid), \`torch.optim\` with every argument of the train block, and the schedule
  stepped once per epoch.
- **Dropout.** By default the masks come from the run's dropout stream, drawn as dlmodel draws
  them, so a run matches \`dlmodel train\` step for step (up to float32 rounding, which grows
  slowly with the number of steps). \`--torch-dropout\` uses PyTorch's own masks instead: the
  same distribution, different draws, so the losses then differ from dlmodel's.
- **--seed N.** Changes the split, the minibatch order, the dropout masks and — unless the export
  was made with \`--init\` — the initial weights (drawn in Python by the ported initialisers, as
  \`dlmodel train --seed N\` draws them). ${dataIsGenerated ? `The data points stay those generated with seed ${seedText}: dlmodel would generate new points for another seed; for those, export again with \`dlmodel export --seed N\`.` : 'The data set does not depend on the seed, so the run is the one `dlmodel train --seed N` makes.'}
- **Not reported:** dlmodel's health checks (DL6xx) and the per-layer gradient and activation
  statistics.

### Distributed (DDP)

Under \`torchrun --nproc_per_node N\` every process builds the same split, order and weights.
Each global batch of B samples (the train block's \`batch\`) is cut into N contiguous slices
(the first B mod N ranks take one sample more); each rank runs its slice, its loss is the sum
over its samples times N/B, and DistributedDataParallel averages the gradients: the step is the
one a single process makes on the whole batch of B. Batch-norm layers use the statistics of the
whole global batch (\`GlobalBatchNorm\` all-reduces the sums, with gradients), and dropout masks
are the rows of the global batch's mask, so a DDP run reports the same losses as one process.
The epoch's metrics are summed over ranks; rank 0 evaluates the validation split and prints.

With PyTorch 1.13 on Python 3.11 (Debian 12's python3-torch) torchrun stops at start-up with
\`'NoneType' object has no attribute 'get'\`: it cannot parse its own default \`--redirects\`; add
\`--redirects 2 --tee 2\` (stderr only; the events on stdout are unchanged).
`
    : `## Train

${fileName} has no train block for this model, so there is no train.py: model.py and
init.safetensors hold the architecture and its initial weights (seed ${seedText}).
`;
  const rows = plan ? '| `train.py` | the train block: data, split, shuffle, loss, optimizer, schedule, epochs |\n| `data.safetensors` | the data set as dlmodel built it, before the split |\n' : '';
  return readmeText(model, rawFileName, className, rows, training);
}

/**
 * The README of an export: what it is, how to check PyTorch, its files (the model's, `rows`, the
 * support module's), how to use the model, then `training` (how to train, what matches dlmodel).
 */
export function readmeText(model: ModelSummary, rawFileName: string, className: string, rows: string, training: string, weightsPrefix = ''): string {
  const fileName = pyComment(rawFileName);
  const load = `dl.load_weights(model, "init.safetensors"${weightsPrefix === '' ? '' : `, "${weightsPrefix}"`})`;
  const held = weightsPrefix === '' ? 'the initial weights as dlmodel draws them' : `the initial weights as dlmodel draws them, each model's under its prefix (\`${weightsPrefix}*\` for ${className})`;
  return `# ${model.name} in PyTorch

Exported by \`dlmodel export\` from \`${fileName}\`. Needs Python 3.8+ and PyTorch 1.13 or later (nothing else).
Check that PyTorch imports (it prints its version):

\`\`\`bash
python3 -c "import torch; print(torch.__version__)"
\`\`\`

If it does not: \`pip install torch\` (see pytorch.org for the CUDA builds), or your system's package
(Debian and Ubuntu: \`sudo apt install python3-torch\`).

| file | what |
|---|---|
| \`model.py\` | \`${className}\`, an \`nn.Module\` whose submodules carry the .dlmodel layer names; each line says which .dlmodel line it comes from |
| \`init.safetensors\` | ${held} (\`${load}\`) |
${rows}| \`dlmodel_support.py\` | dlmodel's random streams and initialisers ported to Python, safetensors I/O, DDP helpers |

## Use the model

\`\`\`python
import dlmodel_support as dl
from model import ${className}

model = ${className}()
${load}
model.eval()
y = model(x)                  # what the .dlmodel model outputs
s = model(x, logits=True)     # the scores before a closing softmax/sigmoid (what the loss reads)
\`\`\`

${training}`;
}
