import type { ModelSummary } from '../../analysis';
import { runStreams } from '../../common/random';
import { buildDataSet, type Dataset } from '../../data';
import type { Network } from '../../nn/network';
import type { TrainPlan } from '../../train';
import { encodeSafetensors, type SafeTensor } from '../safetensors';
import { networkToSafetensors } from '../weights';
import { generateModelPy, type SourceInfo } from './model-py';
import { generateReadme } from './readme';
import { supportPy } from './support-py';
import { generateTrainPy } from './train-py';
import { generateGeneratePy } from './generate-py';
import { anchoredSequence } from '../../generate/kv-cache';
import { textMetadata } from '../text-metadata';
import { textModelInfo } from '../../train/text-model';

export { generateModelPy, statementText, finalActivationLayer, type SourceInfo } from './model-py';
export { generateTrainPy } from './train-py';
export { generatePolicyTrainPy } from './policy-train-py';
export { exportPolicyPytorch, type PolicyExportInput } from './policy-export';
export { supportPy } from './support-py';

/** One file of an export: a path relative to the output folder and its contents. */
export interface ExportFile {
  readonly path: string;
  readonly contents: string | Uint8Array;
}

export interface PytorchExportInput {
  readonly model: ModelSummary;
  /** The train block's plan; without one only the model, its weights and the support module are written. */
  readonly plan?: TrainPlan;
  /** The network holding the initial weights (the plan's seed, or `--init`). */
  readonly network: Network;
  readonly source: SourceInfo;
  /** The weights came from a file (`--init`), not from the seed. */
  readonly initFromFile?: boolean;
}

export type PytorchExportResult = { readonly ok: true; readonly files: ExportFile[] } | { readonly ok: false; readonly message: string };

/** A data set, as dlmodel builds it before the split, as safetensors (`inputs`, `targets`). */
export function datasetToSafetensors(dataset: Dataset, description: string): Uint8Array {
  const inputs: SafeTensor = { dtype: 'F32', shape: [dataset.count, ...dataset.sampleShape], data: dataset.inputs };
  const targets: SafeTensor =
    dataset.targetKind === 'classes'
      ? { dtype: 'I32', shape: dataset.positions === undefined ? [dataset.count] : [dataset.count, dataset.positions], data: dataset.targets }
      : { dtype: 'F32', shape: [dataset.count, ...dataset.targetShape], data: dataset.targets };
  const metadata: Record<string, string> = {
    producer: 'dlmodel studio',
    data: description,
    target: dataset.targetKind,
    tokens: String(dataset.tokens),
  };
  if (dataset.targetKind === 'classes') {
    metadata['classes'] = String(dataset.classCount);
    if (dataset.classNames) metadata['classNames'] = JSON.stringify(dataset.classNames);
  }
  if (dataset.featureNames) metadata['featureNames'] = JSON.stringify(dataset.featureNames);
  return encodeSafetensors(
    [
      ['inputs', inputs],
      ['targets', targets],
    ],
    metadata,
  );
}

/**
 * The PyTorch export of a model and (optionally) its train block: model.py, train.py,
 * dlmodel_support.py, init.safetensors, data.safetensors and README.md. Pure: builds the data set
 * from the plan (generators draw from the plan's seed) and returns the files' contents.
 */
export function exportPytorch(input: PytorchExportInput): PytorchExportResult {
  const { model, plan, network, source } = input;
  const { className, text: modelPy } = generateModelPy(model, source);
  const initFromFile = input.initFromFile === true;
  const built = plan ? buildDataSet(plan.data, runStreams(plan.seed).data) : undefined;
  if (built && !built.ok) return { ok: false, message: built.error.message };
  const dataset = built?.value;
  // A text model's vocabulary travels with its weights and, for generate.py, as vocabulary.json.
  const text = plan && dataset ? textModelInfo(plan, dataset) : undefined;
  const initMetadata = { seed: String(plan?.seed ?? 0), source: initFromFile ? 'file' : 'seed', ...(text ? textMetadata(text) : {}) };
  const files: ExportFile[] = [
    { path: 'model.py', contents: modelPy },
    { path: 'dlmodel_support.py', contents: supportPy },
    { path: 'init.safetensors', contents: networkToSafetensors(network, { metadata: initMetadata }) },
  ];
  if (plan && dataset) {
    files.push({ path: 'data.safetensors', contents: datasetToSafetensors(dataset, plan.data.name) });
    files.push({ path: 'train.py', contents: generateTrainPy(plan, { className, source, initFromFile, ...(text ? { textMetadata: textMetadata(text) } : {}) }) });
  }
  if (text) {
    files.push({ path: 'vocabulary.json', contents: `${JSON.stringify(text, null, 2)}\n` });
    files.push({ path: 'generate.py', contents: generateGeneratePy(className, model.name, text, anchoredSequence(model, text.targets)) });
  }
  files.push({ path: 'README.md', contents: generateReadme(model, plan, source.fileName, className, initFromFile) });
  return { ok: true, files };
}
