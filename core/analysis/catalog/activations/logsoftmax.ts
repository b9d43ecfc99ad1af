import { defineActivation } from '../entry';

export const logsoftmax = defineActivation({
  name: 'logsoftmax',
  summary: 'Log-softmax over the last axis: xᵢ − log Σⱼ eˣʲ.',
  doc: 'Log-probabilities of a categorical distribution, computed stably; the output unit for the `nll` loss (which reads its output, not the scores before it).',
  args: [],
  torch: 'nn.LogSoftmax(dim=-1)',
  example: { input: [5], call: 'logsoftmax()' },
  // nll reads the log-probabilities themselves: no loss looks behind this unit.
  outputUnit: false,
  forward: (t, x) => t.logSoftmax(x),
  torchModule: () => 'nn.LogSoftmax(dim=-1)',
  torchFunction: (x) => `F.log_softmax(${x}, dim=-1)`,
  onnx: (graph, x, output) => graph.node('LogSoftmax', [x], output, [graph.int('axis', -1)]),
  // Not element-wise: each output reads the whole row.
  elementwise: 'none',
});
