/**
 * Export: a checked model (and its train block) as PyTorch files or an ONNX model, and network
 * weights as safetensors. Pure: every function takes and returns bytes and text; the CLI and the
 * extension write the files. docs/export.md describes the formats and what matches what.
 */
import { formatList } from '../common/format';
import type { DocumentAnalysis, ModelSummary } from '../analysis';
import type { FileAccess } from '../analysis/file-access';
import { runStreams } from '../common/random';
import { Network } from '../nn/network';
import { isPolicyTrain, planPolicy, type PolicyPlan } from '../rl/policy-plan';
import { planTraining, selectTrain, type TrainPlan } from '../train';
import { exportOnnx } from './onnx';
import { exportPolicyPytorch, exportPytorch, type ExportFile } from './pytorch';
import { loadPolicyWeights } from './policy-weights';
import { loadSafetensorsInto } from './weights';

export { encodeSafetensors, decodeSafetensors, type SafeTensor, type SafetensorsDtype, type SafetensorsFile, type SafetensorsResult } from './safetensors';
export { networkToSafetensors, loadSafetensorsInto, weightEntries, type LoadResult, type SaveOptions, type WeightEntry } from './weights';
export { exportPytorch, datasetToSafetensors, generateModelPy, generateTrainPy, generatePolicyTrainPy, exportPolicyPytorch, supportPy, type ExportFile, type PytorchExportInput, type PytorchExportResult, type PolicyExportInput, type SourceInfo } from './pytorch';
export { loadRunWeights, runCheckpointToSafetensors, runWeightsToSafetensors } from './run-weights';
export { readTextMetadata, textMetadata, vocabularyMismatch, type TextModelInfo, type TextMetadataResult } from './text-metadata';
export { loadPolicyWeights, policyPrefix, policyWeightsToSafetensors, valuePrefix } from './policy-weights';
export { checkpointToSafetensors, readTrainingState, trainingStateKey, type CheckpointRead } from './checkpoint';
export { exportOnnx, onnxOpset, onnxIrVersion, type OnnxExportOptions } from './onnx';

export type ExportTarget = 'pytorch' | 'onnx';

export interface ExportOptions {
  readonly target: ExportTarget;
  /** The .dlmodel file's text (for the line comments of model.py) and its name. */
  readonly text: string;
  readonly fileName: string;
  /** Which train block (needed when the file has several). */
  readonly trainName?: string;
  /** Export this model, not the one a train block trains (then there is no train.py). */
  readonly modelName?: string;
  /** Override the train block's values, as `dlmodel train --epochs/--episodes/--seed` do. */
  readonly epochs?: number;
  /** A policy block's episodes (env: …). */
  readonly episodes?: number;
  readonly seed?: number;
  /** Initial weights (safetensors) instead of the seed's. */
  readonly initWeights?: Uint8Array;
  /** Reads data files for the PyTorch export's data.safetensors (already path-checked). */
  readonly fileAccess?: FileAccess;
  /** Workspace-relative folder of the document ('' at the root). */
  readonly documentFolder?: string;
}

export type ExportResult =
  | { readonly ok: true; readonly model: ModelSummary; readonly plan?: TrainPlan | PolicyPlan; readonly files: ExportFile[] }
  | { readonly ok: false; readonly message: string };

const fail = (message: string): ExportResult => ({ ok: false, message });

/**
 * Everything `dlmodel export` and the editor's export command write, from a checked document:
 * for `pytorch` the files of the output folder, for `onnx` one file `model.onnx`. The model is the
 * one the train block trains (or `modelName`, or the only model); the initial weights are those
 * of the block's seed (or `seed`, or `initWeights`). Refuses while the document has errors.
 */
export function buildExport(analysis: DocumentAnalysis, options: ExportOptions): ExportResult {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    return fail(`the file has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${first.code} ${first.message}) — run dlmodel check and fix ${errors.length === 1 ? 'it' : 'them'}`);
  }
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)) return fail(`seed must be an integer in [0, 4294967295]; got ${options.seed}`);
  let model: ModelSummary | undefined;
  let plan: TrainPlan | undefined;
  let policyPlan: PolicyPlan | undefined;
  let seed = options.seed ?? 0;
  if (options.modelName !== undefined) {
    if (options.trainName !== undefined) return fail('choose either a model (--model) or a train block (--train), not both');
    model = analysis.models.find((m) => m.name === options.modelName);
    if (!model) return fail(`no model named '${options.modelName}'${analysis.models.length > 0 ? ` (models: ${formatList(analysis.models.map((m) => m.name))})` : ''}`);
  } else if (analysis.trains.length > 0) {
    const train = selectTrain(analysis, options.trainName);
    if (typeof train === 'string') return fail(train);
    model = analysis.models.find((m) => m.name === train.modelName);
    if (!model) return fail('the train block names no model that can be exported');
    seed = options.seed ?? train.settings.seed;
    const policy = isPolicyTrain(train);
    // An override that does not apply would be silently ignored: refuse it and name the one that does.
    if (policy && options.epochs !== undefined) return fail('this train block trains a policy (env: …), which plays episodes, not epochs — use --episodes');
    if (!policy && options.episodes !== undefined) return fail('episodes are for a policy train block (env: …); this one trains on data — use --epochs');
    if (options.target === 'pytorch' && policy) {
      const planned = planPolicy(analysis, train, { ...(options.episodes === undefined ? {} : { episodes: options.episodes }), ...(options.seed === undefined ? {} : { seed: options.seed }) });
      if (!planned.ok) return fail(planned.message);
      policyPlan = planned.plan;
    } else if (options.target === 'pytorch') {
      const planned = planTraining(analysis, {
        ...(options.trainName === undefined ? {} : { trainName: options.trainName }),
        ...(options.fileAccess ? { fileAccess: options.fileAccess } : {}),
        documentFolder: options.documentFolder ?? '',
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      if (!planned.ok) return fail(planned.message);
      plan = planned.plan;
    }
  } else if (options.trainName !== undefined) {
    return fail(`no train block named '${options.trainName}' (the file has no train block)`);
  } else if (analysis.models.length === 1) {
    model = analysis.models[0]!;
  } else {
    return fail(analysis.models.length === 0 ? 'the file has no model to export' : `the file has ${analysis.models.length} models and no train block — choose one with --model NAME (${formatList(analysis.models.map((m) => m.name))})`);
  }
  let network: Network;
  let valueNetwork: Network | undefined;
  try {
    const init = runStreams(seed).init;
    network = new Network(model, init);
    // The value model draws after the policy from the same stream, as PolicyRun builds the two.
    if (policyPlan?.valueModel) valueNetwork = new Network(policyPlan.valueModel, init);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (options.initWeights) {
    const loaded = policyPlan ? loadPolicyWeights(network, valueNetwork, options.initWeights) : loadSafetensorsInto(network, options.initWeights);
    if (!loaded.ok) return fail(loaded.message);
  }
  if (options.target === 'onnx') {
    const bytes = exportOnnx(network, { docString: `${model.name} from ${options.fileName}` });
    return { ok: true, model, files: [{ path: 'model.onnx', contents: bytes }] };
  }
  if (policyPlan) {
    const files = exportPolicyPytorch({ plan: policyPlan, network, ...(valueNetwork ? { valueNetwork } : {}), source: { text: options.text, fileName: options.fileName }, initFromFile: options.initWeights !== undefined });
    return { ok: true, model, plan: policyPlan, files };
  }
  const exported = exportPytorch({
    model,
    ...(plan ? { plan } : {}),
    network,
    source: { text: options.text, fileName: options.fileName },
    initFromFile: options.initWeights !== undefined,
  });
  if (!exported.ok) return fail(exported.message);
  return { ok: true, model, ...(plan ? { plan } : {}), files: exported.files };
}
