// The losses with arguments, exported to PyTorch and run on both sides (forward, full-batch steps,
// minibatch epochs): the generated train.py calls F.huber_loss, F.smooth_l1_loss and
// F.cross_entropy(weight=, label_smoothing=) and F.nll_loss(weight=) after a logsoftmax, and takes
// each batch's mean as dlmodel does.
import { exampleTests } from './examples-cases';

exampleTests([
  { file: 'test/fixtures/export/huber.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/smooth-l1.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/cross-entropy-weights.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/cross-entropy-weights-only.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/nll.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/nll-weights.dlmodel', fullSteps: 20, miniEpochs: 3 },
]);
