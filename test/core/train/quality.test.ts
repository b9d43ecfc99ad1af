// Training quality: every example with a train block that trains in seconds is trained in full, as
// written, and must reach the validation accuracy (or error) that the same model, data and budget
// reach in PyTorch. The export tests (issue 6) run the same runs in PyTorch and compare the losses
// epoch by epoch; the bars here are the floor a PyTorch user would expect on these data sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEvents, eventsOf, planFile } from '../../helpers/training';

interface Bar {
  readonly example: string;
  /** Minimum validation accuracy, for classification. */
  readonly accuracy?: number;
  /** Maximum validation loss. */
  readonly loss?: number;
  readonly why: string;
}

const bars: readonly Bar[] = [
  { example: 'xor', accuracy: 0.95, why: 'quadrants at least 0.3 from the axes with noise 0.1: a 2-8-2 tanh net separates them' },
  { example: 'moons', accuracy: 0.98, why: 'moons with noise 0.1 are separable by a small MLP' },
  { example: 'circles', accuracy: 0.97, why: 'disc inside ring; hinge on one score' },
  { example: 'gaussians', accuracy: 0.9, why: 'four blobs with spread 1: the overlap caps accuracy near 96%' },
  { example: 'logistic-regression', accuracy: 0.88, why: 'two blobs 5.66 apart with spread 2: the best line misclassifies ~8%, so ~92% is the ceiling' },
  { example: 'spirals', accuracy: 0.9, why: 'three arms, noise 0.15, 200 epochs of Adam' },
  { example: 'iris', accuracy: 0.9, why: 'iris is ~96% separable by a linear model on standardised features' },
  { example: 'digits-mlp', accuracy: 0.95, why: 'scikit-learn digits: an MLP reaches 97–98% on held-out images' },
  { example: 'plane', loss: 0.02, why: 'noise σ = 0.1, so the best mean squared error is σ² = 0.01' },
  { example: 'function-fit', loss: 0.01, why: 'noiseless sin(3x) on [−3, 3]: a 1-32-32-1 tanh net fits it well below 0.01' },
  { example: 'char-model', loss: 2.3, why: 'next character over 40 symbols: uniform guessing is ln 40 = 3.69; a small model reaches ~2' },
  { example: 'char-lstm', loss: 2.0, why: 'the same text read by an LSTM: below the MLP character model (2.03 after its 20 epochs)' },
];

for (const bar of bars) {
  test(`${bar.example} reaches ${bar.accuracy !== undefined ? `validation accuracy ≥ ${bar.accuracy}` : `validation loss ≤ ${bar.loss}`} (${bar.why})`, () => {
    const events = allEvents(planFile(`examples/${bar.example}.dlmodel`));
    assert.deepEqual(eventsOf(events, 'failed'), []);
    const done = eventsOf(events, 'done')[0]!;
    const epochs = eventsOf(events, 'epoch');
    if (bar.accuracy !== undefined) assert.ok(done.valAccuracy! >= bar.accuracy, `validation accuracy ${done.valAccuracy}`);
    if (bar.loss !== undefined) assert.ok(done.valLoss! <= bar.loss, `validation loss ${done.valLoss}`);
    // Training made progress: the last epoch's loss is well below the first's.
    assert.ok(epochs[epochs.length - 1]!.loss < epochs[0]!.loss * 0.8, `loss ${epochs[0]!.loss} → ${epochs[epochs.length - 1]!.loss}`);
  });
}
