// text(…, targets: all) exported to PyTorch: train.py reads the [B, T, V] scores as [B, V, T] for
// F.cross_entropy, so its losses and per-position accuracies must equal dlmodel's (forward, 20
// full-batch steps, 3 minibatch epochs), as for every example.
import { exampleTests } from './examples-cases';

exampleTests([{ file: 'test/fixtures/export/char-positions.dlmodel', fullSteps: 20, miniEpochs: 3 }]);
