// Every small example with a train block: exported to PyTorch, run on both sides, compared.
import { exampleTests } from './examples-cases';

exampleTests([
  { file: 'examples/xor.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/circles.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/moons.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/plane.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/gaussians.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/logistic-regression.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/spirals.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/iris.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/function-fit.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/char-model.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/digits-mlp.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'examples/digits-autoencoder.dlmodel', fullSteps: 20, miniEpochs: 3 },
]);
