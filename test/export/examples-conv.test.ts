// The convolutional examples (2-D and 1-D, and the convolutional autoencoder): exported to PyTorch, run on both sides, compared. Their full-batch
// runs hold out 90 % of the digits so that 20 steps take seconds, not minutes.
//
// digits-resnet's minibatch run is the one place where float32 rounding is not small: Adam's
// first steps are ±lr·sign(gradient), its batch-norm layers make many conv-weight gradients
// near-zero sums of cancelling terms, and a flipped sign is a full-size step. PyTorch against
// itself (1 vs 2 threads) already differs by 2e-5 in the first epoch's loss and 1.2e-3 in its
// validation loss, 5e-3 after two epochs. So it is compared over one epoch, with the validation
// loss at 2e-2 (docs/export.md), on dlmodel's default (WebAssembly) kernels.
import { exampleTests } from './examples-cases';

exampleTests([
  { file: 'examples/digits-cnn.dlmodel', fullSteps: 20, fullValidation: 0.9, miniEpochs: 2 },
  { file: 'examples/digits-resnet.dlmodel', fullSteps: 20, fullValidation: 0.9, miniEpochs: 1, miniValidationTolerance: 2e-2 },
  { file: 'examples/signal-cnn1d.dlmodel', fullSteps: 20, miniEpochs: 2 },
  { file: 'examples/digits-conv-autoencoder.dlmodel', fullSteps: 20, fullValidation: 0.9, miniEpochs: 2 },
]);
