// The recurrent example exported to PyTorch and run on both sides (its own file, so node runs it
// in parallel with the others): train.py's draws of nn.LSTM's initial tensors, the forward pass,
// full-batch steps and a minibatch epoch with dropout must match dlmodel's.
import { exampleTests } from './examples-cases';

exampleTests([{ file: 'examples/char-lstm.dlmodel', fullSteps: 10, miniEpochs: 1 }]);
