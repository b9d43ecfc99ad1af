import { isMergeKind, layerEntry } from '../analysis/catalog';
import { batchesPerEpoch, shapeSize } from '../data';
import { validationCount } from '../data/split';
import type { TrainPlan } from './plan';

/** Float32 values each optimizer keeps per parameter besides the value and its gradient. */
const optimizerSlots = { sgd: 1, adam: 2, adamw: 2, rmsprop: 2, adagrad: 1 } as const;

/**
 * A generous estimate of the bytes a run needs, checked before it starts so that a model too big
 * for the machine fails with a clear message instead of an out-of-memory crash: the data set (with
 * its file bytes), parameters with gradients and optimizer state, and per-batch activations with
 * their gradients and saved values (conv's unfolded columns), and the per-step record of each
 * parameter layer's gradient norm (the health checks read the whole run's history).
 */
export function estimateTrainingBytes(plan: TrainPlan): number {
  const description = plan.dataDescription;
  const sample = shapeSize(description.sampleShape);
  const target = description.target.kind === 'classes' ? 1 : shapeSize(description.target.shape);
  let fileBytes = 0;
  if (plan.data.name === 'csv' || plan.data.name === 'text') fileBytes = plan.data.bytes.byteLength;
  // IDX: the files, and the inflated pixels (one byte each) the loader keeps while converting.
  if (plan.data.name === 'idx') fileBytes = plan.data.images.byteLength + plan.data.labels.byteLength + description.samples * sample;
  const dataBytes = description.samples * (sample + target) * 4 + fileBytes;
  const model = plan.model;
  // An estimate: counts past 2^53 round, which only makes an absurd model's refusal approximate.
  const parameterBytes = Number(model.trainableParams) * 4 * (2 + optimizerSlots[plan.optimizer.name]) + Number(model.nonTrainableParams) * 4;
  const batch = plan.batch === 'full' ? description.samples : Math.min(plan.batch, description.samples);
  let activationValues = sample;
  for (const layer of model.layers) {
    activationValues += layer.outputShape ? shapeSize(layer.outputShape) : 0;
    if (!isMergeKind(layer.kind) && layer.inputShape && layer.outputShape && layer.args) {
      activationValues += layerEntry(layer.kind).savedValues({ args: layer.args, input: layer.inputShape, inputs: [layer.inputShape], output: layer.outputShape });
    }
  }
  // Output, its gradient and a saved copy per layer, in the training tape and the probe/eval tapes.
  const activationBytes = batch * activationValues * 4 * 3 + Math.min(256, description.samples) * activationValues * 4 * 2;
  const parameterLayers = model.layers.filter((layer) => layer.trainableParams > 0).length;
  const stepRecordBytes = parameterLayers * plannedSteps(plan) * 4;
  return dataBytes + parameterBytes + activationBytes + stepRecordBytes;
}

/** The steps a plan will take: minibatches per epoch of its training split, times its epochs. */
export function plannedSteps(plan: TrainPlan): number {
  const samples = plan.dataDescription.samples;
  const trainSamples = samples - validationCount(samples, plan.validation);
  return batchesPerEpoch(trainSamples, plan.batch) * plan.epochs;
}
