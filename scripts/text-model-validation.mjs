// Usage (after `npm run build`): node scripts/text-model-validation.mjs FILE.dlmodel WEIGHTS.safetensors TEXT
//
// The validation loss of a trained text model on the characters its train block holds out, scored
// at the LAST position only: the loss the character after each held-out window gets. For
// text(…, targets: next) this is the run's validation loss; for targets: all it is the number that
// compares with a targets: next model on the same text, split and seed (the run's own validation
// loss also averages the positions inside the window, many of which predict "\n" padding).
// The held-out part is read with stride 1 whatever the train block's stride: every held-out
// character is scored once, so models trained with different strides are scored on the same
// characters (with split: contiguous, the text's last validation fraction).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = join(dirname(new URL(import.meta.url).pathname), '..', 'out');
const { checkDocument } = require(join(out, 'core/analysis'));
const { selectTrain } = require(join(out, 'core/train'));
const { openTextModel } = require(join(out, 'core/generate'));
const { prepareData } = require(join(out, 'core/data'));
const { runStreams } = require(join(out, 'core/common/random'));
const t = require(join(out, 'core/tensor'));

const [file, weightsPath, textPath] = process.argv.slice(2);
if (!file || !weightsPath || !textPath) throw new Error('usage: node scripts/text-model-validation.mjs FILE.dlmodel WEIGHTS.safetensors TEXT (the train block\'s text file)');
const analysis = checkDocument(readFileSync(file, 'utf8'), { documentFolder: '' });
const train = selectTrain(analysis, undefined);
if (typeof train === 'string') throw new Error(train);
const model = analysis.models.find((m) => m.name === train.modelName);
const opened = openTextModel(model, readFileSync(weightsPath));
if (!opened.ok) throw new Error(opened.message);
const { settings } = train;
const bytes = readFileSync(textPath);
const split = settings.data?.args.text('split') === 'contiguous' ? 'contiguous' : 'shuffled';
const request = { name: 'text', bytes, context: opened.model.info.context, targets: opened.model.info.targets ?? 'next', split, stride: 1 };
const prepared = prepareData(request, settings.validation, runStreams(settings.seed));
if (!prepared.ok) throw new Error(prepared.message);
const validation = prepared.value.validation;
const positions = validation.positions ?? 1;
const classes = opened.model.info.vocabulary.length;
const context = opened.model.info.context;
let lastLoss = 0;
let allLoss = 0;
const batch = 64;
for (let start = 0; start < validation.count; start += batch) {
  const count = Math.min(batch, validation.count - start);
  const inputs = validation.inputs.subarray(start * context, (start + count) * context);
  const tape = new t.Tape();
  const logits = tape.run(() => t.noGrad(() => opened.model.network.forward(t.tensor(inputs, [count, context]), { training: false }).logits.data.slice()));
  for (let s = 0; s < count; s++) {
    for (let p = 0; p < positions; p++) {
      const row = (s * positions + p) * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c] - max);
      const target = validation.targets[(start + s) * positions + p];
      const loss = Math.log(sum) + max - logits[row + target];
      allLoss += loss / positions;
      if (p === positions - 1) lastLoss += loss;
    }
  }
}
console.log(JSON.stringify({ file, validationSamples: validation.count, lastPositionLoss: lastLoss / validation.count, allPositionsLoss: allLoss / validation.count, heldOutCharacters: Array.from(validation.targets.filter((_, i) => i % positions === positions - 1).slice(0, 12)).join(',') }));
