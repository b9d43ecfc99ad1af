// mse and mae on class targets (one-hot, or the class 0/1 for one output): exported to PyTorch,
// run on both sides, compared — the generated train.py regresses onto the same targets.
import { exampleTests } from './examples-cases';

exampleTests([
  { file: 'test/fixtures/export/mse-one-hot.dlmodel', fullSteps: 20, miniEpochs: 3 },
  { file: 'test/fixtures/export/mae-binary.dlmodel', fullSteps: 20, miniEpochs: 3 },
]);
