import { DiagnosticSink } from '../common/diagnostic-sink';
import type { Fix } from '../common/diagnostic';
import { formatList, formatShape } from '../common/format';
import { range, type TextRange } from '../common/range';
import { closestName, didYouMean } from '../common/suggest';
import type { Call, LayerStatement, TrainDeclaration, TrainEntry, Value } from '../syntax/tree';
import { bindArguments, checkValue, type ArgumentSources } from './arguments';
import { checkClassWeights, checkDistributionTarget, checkLogProbabilities, checkRedundantLogSoftmax, type LossUse } from './loss-checks';
import { checkSomethingToTrain } from './nothing-to-train';
import { defaultArguments, findActivation, findDataSet, findLoss, isMergeKind, layerEntry, optimizers, trainKeys, type LossSpec } from './catalog';
import type { ArgumentValue, BoundArguments } from './catalog/types';
import { checkReconstruction, checkUnitTargets } from './reconstruction-check';
import { checkPositionTargets } from './position-targets';
import { inputValueRange } from './input-value-range';
import { checkVae } from './vae-check';
import { checkSweep } from './sweep-checker';
import { probeDataSet, type DataDescription, type ProbeContext } from './data-probe';
import { sameShape } from './shape-math';
import type { ModelSummary, TrainSettings, TrainSummary } from './summary';
import { validationCount } from '../data/split';
import { checkValueModel } from './value-model-checker';
import { checkPolicyKeys, checkPolicyModel, envCall, policyAlgorithmOf, policyEnvironmentOf } from './policy-checker';

export interface TrainCheckContext {
  readonly sink: DiagnosticSink;
  readonly models: readonly ModelSummary[];
  readonly probe: Omit<ProbeContext, 'lossTarget'>;
}


/** The checked entries of a train block by key. */
interface Entries {
  readonly values: Map<string, ArgumentValue>;
  readonly sources: Map<string, TrainEntry>;
}

function readEntries(declaration: TrainDeclaration, sink: DiagnosticSink): Entries {
  const values = new Map<string, ArgumentValue>();
  const sources = new Map<string, TrainEntry>();
  for (const item of declaration.body?.items ?? []) {
    if (item.kind !== 'TrainEntry') continue;
    const key = item.key.text;
    const spec = trainKeys.find((k) => k.name === key);
    if (!spec) {
      const suggestion = closestName(key, trainKeys.map((k) => k.name));
      sink.report('DL313', item.key.range, `Unknown train key '${key}'${didYouMean(suggestion)} (keys: ${trainKeys.map((k) => k.name).join(', ')})`, {
        fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: item.key.range, newText: suggestion }] }] : [],
      });
      continue;
    }
    const first = sources.get(key);
    if (first) {
      sink.report('DL314', item.key.range, `'${key}' is set twice in this train block — remove one`, {
        related: [{ range: first.key.range, message: `first '${key}' here` }],
        fixes: [{ title: `Remove this '${key}'`, edits: [{ range: item.range, newText: '' }] }],
      });
      continue;
    }
    sources.set(key, item);
    // `sweep:` is checked after the model is known (its layer arguments name the model's layers): checkSweep.
    if (!item.value || key === 'sweep') continue; // the parser reported a missing value
    const checked = checkValue(item.value, spec.type, `train's ${key}`, sink);
    if (checked !== undefined) values.set(key, checked);
  }
  return { values, sources };
}

function resolveModel(declaration: TrainDeclaration, entries: Entries, context: TrainCheckContext): ModelSummary | undefined {
  const where = declaration.name?.range ?? declaration.keyword;
  const modelEntry = entries.sources.get('model');
  const written = entries.values.get('model');
  if (typeof written === 'string' && modelEntry?.value) {
    const model = context.models.find((m) => m.name === written);
    if (model) return model;
    const names = context.models.map((m) => m.name).filter((n) => n !== '');
    const suggestion = closestName(written, names);
    context.sink.report('DL309', modelEntry.value.range, `No model named '${written}' in this file${didYouMean(suggestion)}${names.length > 0 ? ` (models: ${formatList(names)})` : ''}`, {
      fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: modelEntry.value.range, newText: suggestion }] }] : [],
    });
    return undefined;
  }
  if (modelEntry) return undefined; // a wrong value was reported already
  if (context.models.length === 1) return context.models[0];
  if (context.models.length === 0) {
    context.sink.report('DL317', where, 'This train block has no model to train: the file declares none — add a model block');
  } else {
    context.sink.report('DL316', where, `This file has ${context.models.length} models, so train must say which — add model: ${context.models[0]!.name || 'Name'}`);
  }
  return undefined;
}

/** The model a policy block's `value:` names (DL309 when there is none by that name). */
function resolveValueModel(entries: Entries, context: TrainCheckContext): ModelSummary | undefined {
  const entry = entries.sources.get('value');
  const written = entries.values.get('value');
  if (typeof written !== 'string' || !entry?.value) return undefined;
  const model = context.models.find((m) => m.name === written);
  if (model) return model;
  const names = context.models.map((m) => m.name).filter((n) => n !== '');
  const suggestion = closestName(written, names);
  context.sink.report('DL309', entry.value.range, `No model named '${written}' in this file${didYouMean(suggestion)}${names.length > 0 ? ` (models: ${formatList(names)})` : ''}`, {
    fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: entry.value.range, newText: suggestion }] }] : [],
  });
  return undefined;
}

/** The statement of the model's last layer (not a residual's sum). */
function lastLayerStatement(model: ModelSummary): LayerStatement | undefined {
  const last = model.layers[model.layers.length - 1];
  return last && !isMergeKind(last.kind) ? findLayerStatement(model, last.statementRange) : undefined;
}

/** The activation the model ends in: a final activation layer, or the last layer's `activation:`. */
export function outputActivation(model: ModelSummary): string {
  const last = model.layers[model.layers.length - 1];
  if (!last) return 'linear';
  if (findActivation(last.kind)) return last.kind;
  const statement = lastLayerStatement(model);
  const activation = statement?.call?.args.find((a) => a.name?.text === 'activation')?.value;
  return activation?.kind === 'Name' ? activation.text : 'linear';
}

/** True when the model's first layer reads integer token ids (an embedding). */
function readsTokens(model: ModelSummary): boolean {
  const first = model.layers[0];
  return first !== undefined && !isMergeKind(first.kind) && layerEntry(first.kind).readsTokens;
}

/** A fix that sets the units (or filters) of the last dense layer to `units`. */
export function unitsFix(model: ModelSummary, units: number): Fix[] {
  const statement = lastLayerStatement(model);
  const call = statement?.call;
  const unitsArg = call?.callee.text === 'dense' ? call.args.find((a) => !a.name) ?? call.args.find((a) => a.name?.text === 'units') : undefined;
  if (!unitsArg?.value) {
    // Search backwards for the last dense when the model ends in an activation layer.
    const dense = [...model.layers].reverse().find((l) => l.kind === 'dense');
    if (!dense) return [];
    const denseStatement = findLayerStatement(model, dense.statementRange);
    const arg = denseStatement?.call?.args.find((a) => !a.name) ?? denseStatement?.call?.args.find((a) => a.name?.text === 'units');
    return arg?.value ? [{ title: `Set the output units to ${units}`, edits: [{ range: arg.value.range, newText: String(units) }] }] : [];
  }
  return [{ title: `Set the output units to ${units}`, edits: [{ range: unitsArg.value.range, newText: String(units) }] }];
}

function findLayerStatement(model: ModelSummary, at: TextRange): LayerStatement | undefined {
  const stack = [...(model.declaration.body?.items ?? [])];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === 'Layer' && item.range.start === at.start) return item;
    if (item.kind === 'Repeat' && item.body) stack.push(...item.body.items);
    if (item.kind === 'Residual') {
      if (item.body) stack.push(...item.body.items);
      if (item.shortcut?.body) stack.push(...item.shortcut.body.items);
    }
  }
  return undefined;
}

function checkOptimizer(entries: Entries, sink: DiagnosticSink): void {
  const call = entries.values.get('optimizer');
  if (!call || typeof call !== 'object' || Array.isArray(call)) return;
  const optimizerCall = call as Call;
  const spec = optimizers.find((o) => o.name === optimizerCall.callee.text);
  if (!spec) return;
  const lrArg = optimizerCall.args.find((a) => a.name?.text === 'lr') ?? optimizerCall.args.find((a) => !a.name);
  if (lrArg?.value?.kind === 'Number' && !Number.isNaN(lrArg.value.value)) {
    const lr = lrArg.value.value;
    if (lr <= 0) sink.report('DL512', lrArg.value.range, `The learning rate must be positive; got ${lrArg.value.text} — try ${spec.name === 'sgd' ? '0.1' : '0.001'}`);
    else if (lr > 1) sink.report('DL513', lrArg.value.range, `A learning rate of ${lrArg.value.text} is above 1 and will almost surely diverge — typical values are 1e-4 to 1e-1`);
  }
  const momentumArg = optimizerCall.args.find((a) => a.name?.text === 'momentum');
  const nesterovArg = optimizerCall.args.find((a) => a.name?.text === 'nesterov');
  const momentum = momentumArg?.value?.kind === 'Number' ? momentumArg.value.value : 0;
  if (nesterovArg?.value?.kind === 'Boolean' && nesterovArg.value.value && !(momentum > 0)) {
    sink.report('DL306', nesterovArg.value.range, 'Nesterov momentum needs momentum > 0 (PyTorch refuses it otherwise) — add momentum: 0.9');
  }
}

/** The value's range of a key that is set in the block. */
function keyValueRange(entries: Entries, key: string): TextRange | undefined {
  return entries.sources.get(key)?.value?.range;
}

/** A fix that removes a train entry (the whole line's text of it). */
function removeEntryFix(entries: Entries, key: string): Fix[] {
  const entry = entries.sources.get(key);
  return entry ? [{ title: `Remove '${key}'`, edits: [{ range: entry.range, newText: '' }] }] : [];
}

/**
 * Warmup, the schedule, early stopping and validation must fit together: warmup must end before
 * the run does and can only precede an epoch schedule; the plateau rule and early stopping read the
 * validation loss; warmup_factor and min_delta do nothing on their own.
 */
function checkScheduleOptions(entries: Entries, sink: DiagnosticSink): void {
  const warmup = entries.values.get('warmup');
  const epochs = entries.values.get('epochs') ?? trainKeys.find((k) => k.name === 'epochs')!.default;
  const schedule = entries.values.get('schedule');
  const scheduleName = typeof schedule === 'object' && 'kind' in schedule && schedule.kind === 'Call' ? schedule.callee.text : 'constant';
  const warmupRange = keyValueRange(entries, 'warmup');
  if (typeof warmup === 'number' && warmup > 0 && warmupRange) {
    if (typeof epochs === 'number' && warmup >= epochs) {
      sink.report('DL520', warmupRange, `warmup (${warmup} epochs) must be shorter than the run (${epochs} epochs) — the schedule after it would have no epochs; use fewer warmup epochs or more epochs`);
    }
    if (scheduleName === 'one_cycle' || scheduleName === 'reduce_on_plateau') {
      const why = scheduleName === 'one_cycle' ? 'one_cycle already warms up (its first pct_start of the steps)' : "PyTorch's SequentialLR cannot chain ReduceLROnPlateau";
      sink.report('DL521', warmupRange, `warmup cannot precede ${scheduleName}: ${why} — remove warmup, or use cosine() or step(…)`, { fixes: removeEntryFix(entries, 'warmup') });
    }
  }
  const validation = entries.values.get('validation');
  if (validation === 0) {
    const validationRange = keyValueRange(entries, 'validation');
    const related = validationRange ? [{ range: validationRange, message: 'validation: 0 holds no samples out' }] : [];
    const earlyRange = keyValueRange(entries, 'early_stopping');
    if (earlyRange) sink.report('DL522', earlyRange, 'early_stopping watches the validation loss, but validation is 0 — hold out a fraction, e.g. validation: 0.2', { related });
    if (scheduleName === 'reduce_on_plateau' && typeof schedule === 'object' && 'kind' in schedule && schedule.kind === 'Call') {
      sink.report('DL522', schedule.callee.range, 'reduce_on_plateau watches the validation loss, but validation is 0 — hold out a fraction, e.g. validation: 0.2', { related });
    }
  }
  const idle = (key: string, needs: string, active: boolean): void => {
    const at = keyValueRange(entries, key);
    if (at && !active) sink.report('DL523', entries.sources.get(key)!.key.range, `${key} has no effect without ${needs} — set ${needs} or remove ${key}`, { fixes: removeEntryFix(entries, key) });
  };
  idle('warmup_factor', 'warmup', typeof warmup === 'number' && warmup > 0);
  idle('min_delta', 'early_stopping', entries.values.has('early_stopping'));
}

/**
 * mse or mae on class targets: the output is compared with the one-hot encoding of the class
 * ([K] outputs), or with the class 0/1 itself for one output and two classes, as a PyTorch user
 * writes `F.mse_loss(out, F.one_hot(y, K).float())`. Suspicious (DL508), but it trains; any other
 * output shape has nothing to compare with (DL506).
 */
function checkRegressionOnClasses(loss: LossSpec, classes: number, output: readonly number[], outputRange: TextRange, lossValue: Value, sink: DiagnosticSink): void {
  const related = [{ range: outputRange, message: `model output ${formatShape(output)}` }];
  const fits = output.length === 1 && (output[0] === classes || (output[0] === 1 && classes === 2));
  if (!fits) {
    const single = classes === 2 ? ' (or dense(1) for the class 0/1)' : '';
    sink.report('DL506', outputRange, `${loss.name} on ${classes} classes compares the output with the one-hot target [${classes}]; got ${formatShape(output)} — end the model with dense(${classes})${single}, or use cross_entropy`, { related: [{ range: lossValue.range, message: `loss ${loss.name}` }] });
    return;
  }
  sink.report('DL508', lossValue.range, `${loss.name} is a regression loss but the data has ${classes} classes: it is trained on ${output[0] === 1 ? 'the class 0/1 as a number' : 'one-hot targets'} — cross_entropy${classes === 2 ? ' (or binary_cross_entropy)' : ''} usually learns faster and better`, { related });
}

/** The data's samples must have the model's input shape (DL504, with a fix that sets the input). */
function checkInputShape(model: ModelSummary, data: DataDescription, dataValue: Value, sink: DiagnosticSink): void {
  const input = model.input;
  const inputStatement = model.declaration.body?.items.find((s) => s.kind === 'Input');
  const inputRange = inputStatement?.range ?? model.declaration.keyword;
  if (input && !sameShape(input, data.sampleShape)) {
    sink.report('DL504', dataValue.range, `The data gives samples ${formatShape(data.sampleShape)} but model ${model.name} takes input ${formatShape(input)} — set input ${formatShape(data.sampleShape)}`, {
      related: [{ range: inputRange, message: `input ${formatShape(input)}` }],
      fixes: inputStatement?.kind === 'Input' && inputStatement.shape ? [{ title: `Set input ${formatShape(data.sampleShape)}`, edits: [{ range: inputStatement.shape.range, newText: formatShape(data.sampleShape) }] }] : [],
    });
  }
}

/** Where the model's output is written: its last layer's statement. */
function outputRangeOf(model: ModelSummary): TextRange {
  return model.layers[model.layers.length - 1]?.statementRange ?? model.declaration.keyword;
}

/** Section 8 of the spec: output, loss and data target must fit together. */
function checkCompatibility(model: ModelSummary, written: WrittenLoss, data: DataDescription, dataValue: Value, lossValue: Value, sink: DiagnosticSink): void {
  const loss = written.spec;
  const output = model.output;
  if (!output) return;
  const outputRange = outputRangeOf(model);
  const related = [{ range: outputRange, message: `model output ${formatShape(output)}` }];
  const activation = outputActivation(model);
  const target = data.target;
  const use: LossUse = { ...written, value: lossValue, output, outputRange, activation };
  if (target.kind === 'classes' && target.positions !== undefined) {
    checkPositionTargets(use, { count: target.count, positions: target.positions }, dataValue.range, sink);
    return;
  }
  if (loss.target === 'distribution') {
    checkDistributionTarget(use, data, sink);
    checkLogProbabilities(use, sink);
    return;
  }
  if (loss.target === 'real') {
    if (target.kind === 'classes') {
      checkRegressionOnClasses(loss, target.count, output, outputRange, lossValue, sink);
      return;
    }
    if (!sameShape(output, target.shape)) {
      sink.report('DL506', outputRange, `${loss.name} compares the output with the target, so their shapes must match: output ${formatShape(output)}, target ${formatShape(target.shape)} — end the model with dense(${target.shape[target.shape.length - 1]})`, { related: [{ range: lossValue.range, message: `loss ${loss.name}` }] });
    }
    return;
  }
  if (target.kind === 'real') {
    sink.report('DL507', lossValue.range, `${loss.name} needs class targets but the data has real-valued targets — use mse or mae for regression`, { related });
    return;
  }
  if (loss.target === 'classes') {
    checkClassWeights(use, target.count, dataValue.range, sink);
    if (output.length !== 1) {
      // A text model with scores at every position wants text(…, targets: all).
      const perPosition = data.tokens && output.length === 2 && output[0] === data.sampleShape[0] && output[1] === target.count ? ', or train every position with text(…, targets: all)' : '';
      sink.report('DL506', outputRange, `${loss.name} needs an output [K] of class scores; got ${formatShape(output)} — add flatten() and dense(${target.count})${perPosition}`, { related: [{ range: lossValue.range, message: `loss ${loss.name}` }] });
    } else if (output[0] !== target.count) {
      sink.report('DL505', outputRange, `The model outputs ${output[0]} scores but the data has ${target.count} classes — the last dense layer needs ${target.count} units`, {
        related: [{ range: dataValue.range, message: `${target.count} classes` }],
        fixes: unitsFix(model, target.count),
      });
    }
    checkLogProbabilities(use, sink);
    checkRedundantLogSoftmax(use, sink);
    if (activation === 'sigmoid' && loss.name === 'cross_entropy') sink.report('DL509', outputRange, 'The model ends in sigmoid but cross_entropy expects logits or softmax probabilities — use softmax() or no activation', { related: [{ range: lossValue.range, message: 'loss cross_entropy' }] });
    return;
  }
  // binary_cross_entropy and hinge: one output, two classes.
  if (target.count !== 2) {
    sink.report('DL507', lossValue.range, `${loss.name} is for 2 classes but the data has ${target.count} — use cross_entropy with dense(${target.count})`, { related });
  }
  if (output.length !== 1 || output[0] !== 1) {
    sink.report('DL506', outputRange, `${loss.name} needs one output; got ${formatShape(output)} — end the model with dense(1)${loss.name === 'binary_cross_entropy' ? ' (optionally then sigmoid())' : ''}`, {
      related: [{ range: lossValue.range, message: `loss ${loss.name}` }],
      fixes: output.length === 1 ? unitsFix(model, 1) : [],
    });
  }
  if (activation === 'softmax' || activation === 'logsoftmax') {
    sink.report('DL509', outputRange, `${activation} over a single output is always ${activation === 'softmax' ? 1 : 0}, so ${loss.name} cannot learn — use sigmoid() or no activation`, { related: [{ range: lossValue.range, message: `loss ${loss.name}` }] });
  } else if (loss.name === 'hinge' && (activation === 'sigmoid' || activation === 'tanh')) {
    sink.report('DL509', outputRange, `hinge wants a raw score s with margin |s| ≥ 1; ${activation} squashes it — remove the activation`, { related: [{ range: lossValue.range, message: 'loss hinge' }] });
  }
}

/**
 * Checks one `train` block: its keys and values, the model it names, the data set (reading data
 * files through the injected access), and whether model, loss and data fit together.
 */
export function checkTrain(declaration: TrainDeclaration, context: TrainCheckContext): TrainSummary {
  const { sink } = context;
  const entries = readEntries(declaration, sink);
  const where = declaration.name?.range ?? declaration.keyword;
  const missingKey = (key: string, code: 'DL501' | 'DL502' | 'DL503', example: string): void => {
    if (!entries.sources.has(key)) sink.report(code, where, `This train block needs '${key}' — e.g. ${example}`, { fixes: [insertKeyFix(declaration, `${example}`)] });
  };
  const isPolicy = entries.sources.has('env');
  if (!isPolicy) {
    missingKey('data', 'DL501', 'data: spirals(classes: 3)');
    missingKey('loss', 'DL502', 'loss: cross_entropy');
  }
  missingKey('optimizer', 'DL503', 'optimizer: adam(lr: 0.001)');
  const model = resolveModel(declaration, entries, context);
  if (model) checkSomethingToTrain(model, where, sink);
  checkOptimizer(entries, sink);
  checkPolicyKeys(entries, isPolicy, sink);
  if (isPolicy) return checkPolicyTrain(declaration, entries, model, context);
  checkScheduleOptions(entries, sink);
  const sweepEntry = entries.sources.get('sweep');
  const sweep = sweepEntry?.value ? checkSweep(sweepEntry.range, sweepEntry.value, model, sink, entries.values.get('epochs') ?? trainKeys.find((k) => k.name === 'epochs')!.default) : undefined;

  const loss = writtenLoss(entries.values.get('loss'));
  const dataCall = entries.values.get('data') as Call | undefined;
  const dataEntry = entries.sources.get('data');
  let data: DataDescription | undefined;
  let dataSettings: TrainSettings['data'];
  if (dataCall && dataEntry?.value) {
    const spec = findDataSet(dataCall.callee.text);
    if (spec) {
      // Arguments were checked when the value was read; bind again silently to get their values.
      const binding = bindArguments(dataCall, spec.args, spec.name, new DiagnosticSink());
      if (binding.complete) dataSettings = { name: spec.name, args: binding.args };
      const probed = probeDataSet(spec.name, binding.args, { ...context.probe, ...(loss ? { lossTarget: loss.spec.target } : {}) });
      if ('description' in probed) data = probed.description;
      else if ('problem' in probed) {
        const source = probed.problem.argument ? binding.sources.get(probed.problem.argument)?.value : undefined;
        let at = source?.range ?? dataCall.callee.range;
        if (source && probed.problem.offsetInValue !== undefined) at = insideString(source.range, probed.problem.offsetInValue);
        sink.report(probed.problem.code, at, probed.problem.message);
      }
    }
  }
  const lossValue = entries.sources.get('loss')?.value;
  // A target that was written but is wrong (reported already) leaves what the model must output unknown.
  const targetKnown = !entries.sources.has('target') || entries.values.has('target');
  if (model && data && loss && dataEntry?.value && lossValue && targetKnown) {
    checkInputShape(model, data, dataEntry.value, sink);
    const targetValue = entries.sources.get('target')?.value;
    const reconstructs = entries.values.get('target') === 'input';
    checkVae(model, loss.spec.name, reconstructs, lossValue.range, sink);
    // A vae without target: input has nothing to compare its output with: DL567 says so.
    if (reconstructs && targetValue) {
      checkReconstruction(model, loss.spec, data, outputActivation(model), { lossValue, targetValue, outputRange: outputRangeOf(model) }, sink);
      if (dataSettings) checkUnitTargets(loss.spec, inputValueRange(dataSettings.name, dataSettings.args), { lossValue, targetValue }, sink);
    } else if (loss.spec.name !== 'vae') checkCompatibility(model, loss, data, dataEntry.value, lossValue, sink);
    checkBatch(entries, data, sink);
  }
  if (data) checkAugment(entries, data, dataCall, sink);
  if (model && data && !data.tokens && readsTokens(model) && dataEntry?.value) {
    const kind = model.layers[0]!.kind;
    sink.report('DL504', dataEntry.value.range, `Model ${model.name} starts with ${kind}, which reads integer tokens, but ${dataCall?.callee.text}(…) gives real-valued samples — use text(…) data or remove the ${kind}`);
  }
  return { ...(declaration.name ? { name: declaration.name.text } : {}), declaration, ...(model ? { modelName: model.name } : {}), ...(data ? { data } : {}), ...(sweep ? { sweep } : {}), settings: settingsOf(entries, dataSettings, loss) };
}

/**
 * A policy train block (`env: …`): no data set and no loss — the environment gives the
 * observations and rewards, the algorithm the loss (DL545, DL546 when they are written anyway).
 */
function checkPolicyTrain(declaration: TrainDeclaration, entries: Entries, model: ModelSummary | undefined, context: TrainCheckContext): TrainSummary {
  const { sink } = context;
  const dataEntry = entries.sources.get('data');
  if (dataEntry) sink.report('DL545', dataEntry.key.range, 'A train block learns either from data or from an environment (env: …), not both — remove data, or remove env to train on the data', { fixes: removeEntryFix(entries, 'data') });
  const lossEntry = entries.sources.get('loss');
  if (lossEntry) sink.report('DL546', lossEntry.key.range, 'A policy train block (env: …) minimises its algorithm’s policy-gradient loss, not a data loss — remove loss', { fixes: removeEntryFix(entries, 'loss') });
  const env = policyEnvironmentOf(entries);
  const envRange = envCall(entries)?.callee.range ?? entries.sources.get('env')!.key.range;
  if (model && env) checkPolicyModel(env, { model, envRange, outputRange: outputRangeOf(model), activation: outputActivation(model), unitsFix: (units) => unitsFix(model, units) }, sink);
  const algorithm = policyAlgorithmOf(entries);
  const valueModel = resolveValueModel(entries, context);
  if (algorithm) {
    const algorithmValue = entries.sources.get('algorithm')?.value;
    const baselineArg = algorithmValue?.kind === 'Call' ? algorithmValue.args.find((a) => a.name?.text === 'baseline') : undefined;
    const baselineRange = baselineArg?.range ?? algorithmValue?.range ?? envRange;
    checkValueModel(
      { baseline: algorithm.args.text('baseline'), baselineRange, valueEntry: entries.sources.get('value'), valueModel, policy: model, env, activation: valueModel ? outputActivation(valueModel) : 'linear', unitsFix: (units) => (valueModel ? unitsFix(valueModel, units) : []) },
      sink,
    );
  }
  const settings = settingsOf(entries, undefined, undefined);
  return {
    ...(declaration.name ? { name: declaration.name.text } : {}),
    declaration,
    ...(model ? { modelName: model.name } : {}),
    settings: { ...settings, ...(env ? { env } : {}), ...(algorithm ? { algorithm } : {}), ...(valueModel ? { valueModel: valueModel.name } : {}) },
  };
}

/**
 * Where a problem at `offset` in a string's value lies in the text: inside the quotes, clamped so
 * that an unterminated string (no closing quote to step back over) still gives start ≤ end.
 */
function insideString(literal: TextRange, offset: number): TextRange {
  const contentEnd = Math.max(literal.start + 1, literal.end - 1);
  return range(Math.min(literal.start + 1 + offset, contentEnd), contentEnd);
}

/** A checked `loss:` value (a bare name or a call) with its arguments bound, defaults filled in. */
interface WrittenLoss {
  readonly spec: LossSpec;
  readonly args: BoundArguments;
  readonly sources?: ArgumentSources;
}

function writtenLoss(value: ArgumentValue | undefined): WrittenLoss | undefined {
  if (typeof value === 'string') {
    const spec = findLoss(value);
    return spec ? { spec, args: defaultArguments(spec.args) } : undefined;
  }
  if (typeof value !== 'object' || !('kind' in value) || value.kind !== 'Call') return undefined;
  const spec = findLoss(value.callee.text);
  if (!spec) return undefined;
  // Arguments were checked when the value was read; bind again silently to get their values.
  const binding = bindArguments(value, spec.args, spec.name, new DiagnosticSink());
  return binding.complete ? { spec, args: binding.args, sources: binding.sources } : undefined;
}

/** The block's values with the catalog's defaults filled in. */
function settingsOf(entries: Entries, data: TrainSettings['data'], loss: WrittenLoss | undefined): TrainSettings {
  const value = entries.values;
  const numberOr = (key: string, fallback: number): number => {
    const v = value.get(key);
    return typeof v === 'number' ? v : fallback;
  };
  const batch = value.get('batch');
  const callOf = (key: string): Call | undefined => {
    const v = value.get(key);
    return typeof v === 'object' && 'kind' in v && v.kind === 'Call' ? v : undefined;
  };
  const optimizer = callOf('optimizer');
  const schedule = callOf('schedule');
  const optional = (key: string): number | undefined => {
    const v = value.get(key);
    return typeof v === 'number' ? v : undefined;
  };
  const clipNorm = optional('clip_norm');
  const earlyStopping = optional('early_stopping');
  return {
    ...(loss ? { loss: { name: loss.spec.name, args: loss.args } } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(schedule ? { schedule } : {}),
    ...(data ? { data } : {}),
    batch: batch === 'full' ? 'full' : typeof batch === 'number' ? batch : 32,
    epochs: numberOr('epochs', 10),
    seed: numberOr('seed', 0),
    validation: numberOr('validation', 0.2),
    ...(clipNorm === undefined ? {} : { clipNorm }),
    warmup: numberOr('warmup', defaultNumber('warmup')),
    warmupFactor: numberOr('warmup_factor', defaultNumber('warmup_factor')),
    ...(earlyStopping === undefined ? {} : { earlyStopping }),
    minDelta: numberOr('min_delta', defaultNumber('min_delta')),
    target: value.get('target') === 'input' ? 'input' : 'labels',
    augment: augmentCalls(value.get('augment')),
    episodes: numberOr('episodes', defaultNumber('episodes')),
  };
}

/** The catalog's default of a numeric train key. */
function defaultNumber(key: string): number {
  const value = trainKeys.find((k) => k.name === key)?.default;
  if (typeof value !== 'number') throw new Error(`train key '${key}' has no numeric default in the catalog`);
  return value;
}

/** The calls of a checked `augment: […]` list (every item a checked call). */
function augmentCalls(value: ArgumentValue | undefined): readonly Call[] {
  return typeof value === 'object' && 'kind' in value && value.kind === 'List' ? value.items.filter((item): item is Call => item.kind === 'Call') : [];
}

/** Augmentations move and mirror pixels: they need [C, H, W] images (DL518). */
function checkAugment(entries: Entries, data: DataDescription, dataCall: Call | undefined, sink: DiagnosticSink): void {
  const calls = augmentCalls(entries.values.get('augment'));
  const value = entries.sources.get('augment')?.value;
  if (calls.length === 0 || !value) return;
  if (data.sampleShape.length === 3 && !data.tokens) return;
  const what = data.tokens ? 'integer tokens' : `samples ${formatShape(data.sampleShape)}`;
  const flat = dataCall?.callee.text === 'digits' ? ' — use digits() without flat: true, whose samples are [1, 8, 8]' : ' — remove augment, or use image data such as digits(), idx(…) or mnist(…)';
  sink.report('DL518', value.range, `${calls.map((c) => c.callee.text).join(' and ')} ${calls.length === 1 ? 'needs' : 'need'} images [C, H, W], but ${dataCall?.callee.text ?? 'the data'}(…) gives ${what}${flat}`);
}

function checkBatch(entries: Entries, data: DataDescription, sink: DiagnosticSink): void {
  const batch = entries.values.get('batch');
  const batchEntry = entries.sources.get('batch');
  const validation = (entries.values.get('validation') as number | undefined) ?? 0.2;
  const trainSamples = data.samples - validationCount(data.samples, validation);
  if (typeof batch === 'number' && batchEntry?.value && batch > trainSamples) {
    sink.report('DL514', batchEntry.value.range, `batch ${batch} is larger than the training split (${trainSamples} samples), so every step is full-batch — use batch: full or a smaller batch`);
  }
}

/** Inserts a missing key as the first line of the block. */
function insertKeyFix(declaration: TrainDeclaration, line: string): Fix {
  const at = declaration.body ? declaration.body.range.start + 1 : declaration.range.end;
  return { title: `Add ${line.split(':')[0]}`, edits: [{ range: range(at, at), newText: `\n  ${line}` }] };
}
