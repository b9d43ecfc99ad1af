// The digits VAE exported to PyTorch: model.py returns (output, mu, logvar), train.py's loss is
// reconstruction + β·KL with ε from the same noise stream, and both sides' losses agree per epoch.
import { exampleTests } from './examples-cases';

exampleTests([{ file: 'examples/digits-vae.dlmodel', fullSteps: 20, miniEpochs: 3 }]);
