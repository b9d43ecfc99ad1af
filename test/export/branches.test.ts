// Branches and merges exported to PyTorch (torch.cat / +) and run on both sides: an Inception-like
// block, a DenseNet-like block (with batch norm), a U-Net-like skip (concat along axis −3 and a
// three-way add), and the digits-inception example. Forward pass, full-batch steps and minibatch
// epochs compared within the tolerances of every other example (docs/export.md).
import { exampleTests } from './examples-cases';

exampleTests([
  { file: 'test/fixtures/export/branches-inception.dlmodel', fullSteps: 10, miniEpochs: 2 },
  { file: 'test/fixtures/export/branches-densenet.dlmodel', fullSteps: 10, miniEpochs: 2 },
  { file: 'test/fixtures/export/branches-unet.dlmodel', fullSteps: 10, miniEpochs: 2 },
  { file: 'examples/digits-inception.dlmodel', fullSteps: 10, fullValidation: 0.9, miniEpochs: 1 },
]);
