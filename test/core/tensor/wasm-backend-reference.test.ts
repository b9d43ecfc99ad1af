// The engine's own tests and the PyTorch fixtures (whole models: outputs, losses, every gradient;
// the layer ops of layer-ops.json)
// rerun under the reference backend (plain TypeScript kernels only),
// so both backends are held to the same references (the default run uses the fast backend with
// its size thresholds). The suites are loaded inside the describe, so their tests register as its
// subtests after the backend is set; each test file runs in its own process.
import { describe } from 'node:test';
import { setKernelBackend } from '../../../core/tensor';

describe('under the reference backend (plain TypeScript kernels only)', () => {
  setKernelBackend('reference');
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('../nn/network.test');
  require('./autodiff.test');
  require('./end-to-end.test');
  require('./errors.test');
  require('./gradients.test');
  require('./kernels.test');
  require('./numerics.test');
  require('./torch-layer-ops.test');
  /* eslint-enable @typescript-eslint/no-require-imports */
});
