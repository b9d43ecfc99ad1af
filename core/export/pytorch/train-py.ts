import { isMergeKind, layerEntry } from '../../analysis/catalog';
import type { Augmentation } from '../../data';
import type { ModelSummary } from '../../analysis';
import type { OptimizerSetting } from '../../nn/optimizers';
import type { TrainPlan } from '../../train';
import type { EpochSchedule } from '../../nn/schedule';
import { expectedInitialLoss, type CrossEntropySetting, type NllSetting, type VaeLossSetting } from '../../nn/losses';
import { LineIndex } from '../../common/line-index';
import { pyBool, pyFloat, pyNumber } from './python';
import { pyComment, pyDocText, pyString } from './python-text';
import { statementText, type SourceInfo } from './model-py';

/** What the generated train.py needs besides the plan. */
export interface TrainScriptOptions {
  readonly className: string;
  readonly source: SourceInfo;
  /** The exported initial weights came from `--init`: init.safetensors stays the start whatever --seed says. */
  readonly initFromFile: boolean;
  /** A text model's vocabulary, context and targets, saved with the trained weights (`--save`). */
  readonly textMetadata?: Readonly<Record<string, string>>;
}

/** The torch.optim constructor of a train block's optimizer, every argument spelt out. */
export function optimizerCode(optimizer: OptimizerSetting): string {
  const a = optimizer.args;
  const n = (name: string): string => pyFloat(a[name] as number);
  switch (optimizer.name) {
    case 'sgd':
      return `torch.optim.SGD(parameters, lr=${n('lr')}, momentum=${n('momentum')}, dampening=0.0, weight_decay=${n('weight_decay')}, nesterov=${pyBool(a['nesterov'] === true)})`;
    case 'adam':
      return `torch.optim.Adam(parameters, lr=${n('lr')}, betas=(${n('beta1')}, ${n('beta2')}), eps=${n('eps')}, weight_decay=${n('weight_decay')})`;
    case 'adamw':
      return `torch.optim.AdamW(parameters, lr=${n('lr')}, betas=(${n('beta1')}, ${n('beta2')}), eps=${n('eps')}, weight_decay=${n('weight_decay')})`;
    case 'rmsprop':
      return `torch.optim.RMSprop(parameters, lr=${n('lr')}, alpha=${n('alpha')}, eps=${n('eps')}, weight_decay=${n('weight_decay')}, momentum=${n('momentum')}, centered=False)`;
    case 'adagrad':
      return `torch.optim.Adagrad(parameters, lr=${n('lr')}, lr_decay=0.0, weight_decay=${n('weight_decay')}, initial_accumulator_value=0.0, eps=${n('eps')})`;
    default: {
      const unreachable: never = optimizer.name;
      return unreachable;
    }
  }
}

/** The scheduler of an epoch schedule (after any warmup: cosine anneals over the epochs left). */
function epochScheduleCode(schedule: EpochSchedule, epochs: string): string | undefined {
  switch (schedule.name) {
    case 'constant':
      return undefined;
    case 'step':
      return `torch.optim.lr_scheduler.StepLR(optimizer, step_size=${pyNumber(schedule.every)}, gamma=${pyFloat(schedule.gamma)})`;
    case 'cosine':
      return `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${epochs}, eta_min=${pyFloat(schedule.minLr)})`;
    default: {
      const unreachable: never = schedule;
      return unreachable;
    }
  }
}

/** The body of make_schedule(optimizer, epochs, steps_per_epoch) and when its scheduler steps. */
function scheduleCode(plan: TrainPlan): { body: string; steps: 'epoch' | 'step' | 'plateau' } {
  const s = plan.schedule;
  switch (s.name) {
    case 'reduce_on_plateau':
      return {
        steps: 'plateau',
        body: `    return torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=${pyFloat(s.factor)}, patience=${pyNumber(s.patience)}, threshold=${pyFloat(s.threshold)}, threshold_mode='rel', cooldown=${pyNumber(s.cooldown)}, min_lr=${pyFloat(s.minLr)}, eps=1e-08)`,
      };
    case 'one_cycle':
      return {
        steps: 'step',
        body: `    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=${pyFloat(s.maxLr)}, total_steps=epochs * steps_per_epoch, pct_start=${pyFloat(s.pctStart)}, anneal_strategy='cos', cycle_momentum=False, div_factor=${pyFloat(s.divFactor)}, final_div_factor=${pyFloat(s.finalDivFactor)}, three_phase=False)`,
      };
    case 'constant':
    case 'step':
    case 'cosine': {
      const warmup = plan.warmup;
      if (!warmup) {
        const main = epochScheduleCode(s, 'epochs');
        return { steps: 'epoch', body: main ? `    return ${main}` : '    return None  # constant(): the learning rate never changes' };
      }
      const linear = `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=${pyFloat(warmup.startFactor)}, end_factor=1.0, total_iters=WARMUP)`;
      const main = epochScheduleCode(s, 'epochs - WARMUP');
      if (!main) return { steps: 'epoch', body: `    return ${linear}  # warmup, then constant()` };
      return {
        steps: 'epoch',
        body: `    # SequentialLR (torch 1.13) steps \`after\` with an epoch argument at the milestone, which only warns of a deprecation.\n    warnings.filterwarnings('ignore', message='The epoch parameter in')\n    warmup = ${linear}\n    after = ${main}\n    return torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, after], milestones=[WARMUP])`,
      };
    }
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

/** `loss_divisor` of every loss but weighted cross-entropy: the batch mean divides by the samples. */
const perSampleDivisor = `

def loss_divisor(targets):
    """What a batch's mean loss divides its per-sample losses' sum by: the number of samples."""
    return len(targets)`;

/**
 * per_sample_loss and correct_count of the element-wise losses (mse, mae, huber, smooth_l1); on
 * class targets they compare the output with the one-hot class (or the class 0/1 for one output)
 * and count argmax (or > 0.5) hits, as dlmodel does. `call(a, b)` is the F.* call with reduction='none'.
 */
function regressionLossCode(name: string, formula: string, call: (scores: string, targets: string) => string, classes: boolean): string {
  if (!classes) {
    return `READS_LOGITS = False  # the loss reads the model's output


def per_sample_loss(scores, targets):
    """${formula}, averaged over each sample's outputs (the batch mean is taken by the caller)."""
    return ${call('scores', 'targets.reshape(scores.shape)')}.flatten(1).mean(1)


def correct_count(scores, targets):
    return 0  # regression: no accuracy${perSampleDivisor}`;
  }
  return `READS_LOGITS = False  # the loss reads the model's output


def regression_targets(scores, targets):
    """${name} on classes regresses onto the one-hot class, or onto the class 0/1 itself for one output."""
    if scores.shape[1] == 1:
        return targets.to(scores.dtype).reshape(scores.shape)
    return F.one_hot(targets, scores.shape[1]).to(scores.dtype)


def per_sample_loss(scores, targets):
    """${formula} against the class targets, averaged over each sample's outputs (the batch mean is taken by the caller)."""
    return ${call('scores', 'regression_targets(scores, targets)')}.flatten(1).mean(1)


def correct_count(scores, targets):
    if scores.shape[1] == 1:
        return int(((scores.reshape(-1) > 0.5).long() == targets).sum())
    return int((scores.argmax(1) == targets).sum())${perSampleDivisor}`;
}

const argmaxCount = `def correct_count(scores, targets):
    return int((scores.argmax(-1) == targets).sum())`;

/**
 * `class_scores(scores)`: F.cross_entropy and F.nll_loss want the classes on axis 1, so with a
 * class target per position (`text(…, targets: all)`) the [B, T, V] scores are read as [B, V, T].
 */
function classScoresCode(positions: number | undefined): string {
  if (positions === undefined) return `def class_scores(scores):
    return scores  # [B, V]: one class target per sample`;
  return `def class_scores(scores):
    """text(…, targets: all): the [B, T, V] scores as [B, V, T], so the loss averages over positions and samples."""
    return scores.transpose(1, 2)`;
}

/**
 * cross_entropy as \`F.cross_entropy(s, y, weight=, label_smoothing=)\`: per sample with
 * reduction='none' (PyTorch 1.13 returns each sample's weighted, smoothed term), and the batch
 * mean divides their sum by Σ w_y, which is what reduction='mean' does.
 */
function crossEntropyCode(loss: CrossEntropySetting, positions: number | undefined): string {
  const weights = loss.weights ? `torch.tensor([${loss.weights.map(pyFloat).join(', ')}], dtype=torch.float32)` : 'None';
  return `READS_LOGITS = True  # the loss reads forward(x, logits=True): the scores before a closing softmax
CLASS_WEIGHTS = ${weights}  # weights: one per class (None: all 1)
LABEL_SMOOTHING = ${pyFloat(loss.labelSmoothing)}  # label_smoothing


${classScoresCode(positions)}


def per_sample_loss(scores, targets):
    """cross_entropy: F.cross_entropy from the logits (log-sum-exp) with the block's weights and label smoothing, per class target."""
    weight = None if CLASS_WEIGHTS is None else CLASS_WEIGHTS.to(scores.device, scores.dtype)
    return F.cross_entropy(class_scores(scores), targets, weight=weight, label_smoothing=LABEL_SMOOTHING, reduction='none')


${argmaxCount}


${classWeightDivisor}`;
}

/** A batch's divisor for a class-weighted loss (cross_entropy, nll): Σ w_y, or the rows without weights. */
const classWeightDivisor = `def loss_divisor(targets):
    """What a batch's mean loss divides its per-target losses' sum by: Σ of the targets' class weights, as F.cross_entropy(weight=…) and F.nll_loss(weight=…) do."""
    if CLASS_WEIGHTS is None:
        return targets.numel()
    return float(CLASS_WEIGHTS[targets.cpu()].double().sum())`;

/** binary_cross_entropy with `target: input`: every output element a Bernoulli with its input value as target. */
const reconstructionBceCode = `READS_LOGITS = True  # the loss reads forward(x, logits=True): the logits before a closing sigmoid


def per_sample_loss(scores, targets):
    """binary_cross_entropy from the logits against the input's values in [0, 1] (target: input), averaged over each sample's outputs."""
    return F.binary_cross_entropy_with_logits(scores, targets.reshape(scores.shape), reduction='none').flatten(1).mean(1)


def correct_count(scores, targets):
    return 0  # a reconstruction: no accuracy${perSampleDivisor}`;

/** One augmentation as train.py's AUGMENT lists it: (name, argument). */
function augmentationTuple(augmentation: Augmentation): string {
  switch (augmentation.name) {
    case 'random_crop':
      return `('random_crop', ${pyNumber(augmentation.padding)})`;
    case 'horizontal_flip':
      return `('horizontal_flip', ${pyFloat(augmentation.p)})`;
    default: {
      const unreachable: never = augmentation;
      return unreachable;
    }
  }
}

/** nll as \`F.nll_loss(logp, y, weight=)\`: per sample (−w_y·logp[y]), the batch mean over Σ w_y, as reduction='mean' does. */
function nllCode(loss: NllSetting, positions: number | undefined): string {
  const weights = loss.weights ? `torch.tensor([${loss.weights.map(pyFloat).join(', ')}], dtype=torch.float32)` : 'None';
  return `READS_LOGITS = False  # the loss reads the model's output: log-probabilities from its closing logsoftmax
CLASS_WEIGHTS = ${weights}  # weights: one per class (None: all 1)


${classScoresCode(positions)}


def per_sample_loss(scores, targets):
    """nll: F.nll_loss on the log-probabilities with the block's weights, −w_y·logp[y] per class target."""
    weight = None if CLASS_WEIGHTS is None else CLASS_WEIGHTS.to(scores.device, scores.dtype)
    return F.nll_loss(class_scores(scores), targets, weight=weight, reduction='none')


${argmaxCount}


${classWeightDivisor}`;
}

/** A VAE's loss: forward returns (output, mu, logvar) (model.py), per_sample_loss reads all three. */
function vaeLossCode(loss: VaeLossSetting): string {
  const reconstruction =
    loss.reconstruction === 'bce'
      ? `F.binary_cross_entropy_with_logits(output, targets.reshape(output.shape), reduction='none').flatten(1).sum(1)`
      : `F.mse_loss(output, targets.reshape(output.shape), reduction='none').flatten(1).sum(1)`;
  return `READS_LOGITS = ${loss.reconstruction === 'bce' ? 'True  # the bce term reads forward(x, logits=True): the logits before a closing sigmoid' : "False  # the mse term reads the model's output"}
BETA = ${pyFloat(loss.beta)}  # vae(beta: …): the weight of the KL term


def reconstruction_terms(output, targets):
    """${loss.reconstruction} summed over each sample's outputs (the likelihood of the whole sample)."""
    return ${reconstruction}


def kl_terms(mu, logvar):
    """KL(N(mu, exp(logvar)) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²) per sample (Kingma & Welling 2013)."""
    return -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).flatten(1).sum(1)


def per_sample_loss(scores, targets):
    """vae(reconstruction: ${loss.reconstruction}, beta: ${pyFloat(loss.beta)}): reconstruction + BETA·KL per sample; scores = (output, mu, logvar)."""
    output, mu, logvar = scores
    return reconstruction_terms(output, targets) + BETA * kl_terms(mu, logvar)


def correct_count(scores, targets):
    return 0  # a reconstruction: no accuracy${perSampleDivisor}`;
}

/** per_sample_loss, correct_count and loss_divisor for the block's loss. */
function lossCode(plan: TrainPlan): string {
  const loss = plan.loss;
  const target = plan.dataDescription.target;
  const classes = target.kind === 'classes';
  const positions = target.kind === 'classes' ? target.positions : undefined;
  switch (loss.name) {
    case 'cross_entropy':
      return crossEntropyCode(loss, positions);
    case 'binary_cross_entropy':
      if (plan.target === 'input') return reconstructionBceCode;
      return `READS_LOGITS = True  # the loss reads forward(x, logits=True): the logit before a closing sigmoid


def per_sample_loss(scores, targets):
    """binary_cross_entropy from the logit, as nn.BCEWithLogitsLoss; targets 0/1."""
    return F.binary_cross_entropy_with_logits(scores.reshape(-1), targets.to(scores.dtype), reduction='none')


def correct_count(scores, targets):
    return int(((scores.reshape(-1) > 0).long() == targets).sum())${perSampleDivisor}`;
    case 'hinge':
      return `READS_LOGITS = False  # the loss reads the model's output, the score s


def per_sample_loss(scores, targets):
    """hinge: max(0, 1 − y·s) with the classes 0/1 mapped to y = −1/+1."""
    signs = targets.to(scores.dtype) * 2 - 1
    return torch.clamp(1 - signs * scores.reshape(-1), min=0)


def correct_count(scores, targets):
    return int(((scores.reshape(-1) > 0).long() == targets).sum())${perSampleDivisor}`;
    case 'nll':
      return nllCode(loss, positions);
    case 'kl_div':
      return `READS_LOGITS = False  # the loss reads the model's output: log-probabilities from its closing logsoftmax


def per_sample_loss(scores, targets):
    """kl_div: F.kl_div(logp, q) summed over each sample's outputs; the mean over samples is reduction='batchmean'."""
    return F.kl_div(scores, targets.reshape(scores.shape), reduction='none').flatten(1).sum(1)


def correct_count(scores, targets):
    return 0  # probability targets: no accuracy${perSampleDivisor}`;
    case 'mse':
      return regressionLossCode('mse', 'mse: (ŷ − y)²', (a, b) => `F.mse_loss(${a}, ${b}, reduction='none')`, classes);
    case 'mae':
      return regressionLossCode('mae', 'mae: |ŷ − y|', (a, b) => `F.l1_loss(${a}, ${b}, reduction='none')`, classes);
    case 'huber':
      return regressionLossCode('huber', `huber(delta: ${pyFloat(loss.delta)})`, (a, b) => `F.huber_loss(${a}, ${b}, reduction='none', delta=${pyFloat(loss.delta)})`, classes);
    case 'smooth_l1':
      return regressionLossCode('smooth_l1', `smooth_l1(beta: ${pyFloat(loss.beta)})`, (a, b) => `F.smooth_l1_loss(${a}, ${b}, reduction='none', beta=${pyFloat(loss.beta)})`, classes);
    case 'vae':
      return vaeLossCode(loss);
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/** The layers whose tensors draw from the init stream, in the order dlmodel draws them (their catalog `Initialisation`): INIT_ORDER's rows. */
export function initOrder(model: ModelSummary): string[] {
  const rows: string[] = [];
  for (const layer of model.layers) {
    if (isMergeKind(layer.kind) || !layer.args || !layer.inputShape || !layer.outputShape) continue;
    const { init } = layerEntry(layer.kind).parameters({ args: layer.args, input: layer.inputShape, inputs: [layer.inputShape], output: layer.outputShape });
    switch (init.kind) {
      case 'fan':
        rows.push(`    (${pyString(layer.name)}, 'fan', ${pyString(init.init)}, ${init.fanIn}, ${init.fanOut}, 'weight', 'bias'),`);
        break;
      case 'fans':
        for (const draw of init.draws) {
          rows.push(`    (${pyString(layer.name)}, 'fan', ${pyString(draw.init)}, ${draw.fanIn}, ${draw.fanOut}, ${pyString(draw.weight)}, ${draw.bias === undefined ? 'None' : pyString(draw.bias)}),`);
        }
        break;
      case 'normal':
        rows.push(`    (${pyString(layer.name)}, 'normal', 'normal', 0, 0, 'weight', None),`);
        break;
      case 'recurrent':
        rows.push(`    (${pyString(layer.name)}, 'recurrent', 'default', ${init.hidden}, 0, None, None),`);
        break;
      case 'constant':
        break; // nothing drawn: the module starts as PyTorch constructs it
      default: {
        const unreachable: never = init;
        return unreachable;
      }
    }
  }
  return rows;
}

/** The generated train.py for one plan. */
export function generateTrainPy(plan: TrainPlan, options: TrainScriptOptions): string {
  const { source } = options;
  const lines = new LineIndex(source.text);
  const declaration = plan.train.declaration;
  const line = lines.positionAt(declaration.range.start).line + 1;
  const entryText = (key: string, fallback: string): string => {
    const entry = declaration.body?.items.find((item) => item.kind === 'TrainEntry' && item.key.text === key);
    return entry && entry.kind === 'TrainEntry' && entry.value ? statementText(source.text, entry.value.range) : fallback;
  };
  const target = plan.dataDescription.target;
  const classes = target.kind === 'classes' ? target.count : undefined;
  const positions = target.kind === 'classes' ? target.positions : undefined;
  const expectedLoss = classes === undefined ? null : expectedInitialLoss(plan.loss, classes);
  const expected = expectedLoss === null ? 'None' : pyFloat(expectedLoss);
  const parameterLayers = plan.model.layers.filter((l) => l.trainableParams > 0n).map((l) => pyString(l.name));
  const standardize = plan.data.name === 'csv' && plan.data.normalize;
  const contiguous = plan.data.name === 'text' && plan.data.split === 'contiguous';
  const blockName = plan.trainName === undefined ? 'the train block' : `train ${plan.trainName}`;
  const schedule = scheduleCode(plan);

  return `#!/usr/bin/env python3
"""Trains ${pyDocText(plan.model.name)} as ${pyDocText(blockName)} of ${pyDocText(source.fileName)} does, in PyTorch. Generated by \`dlmodel export\`.

    python train.py [--epochs N] [--seed N] [--batch N|full] [--device cpu|cuda] [--init FILE] [--save FILE]
    torchrun --nproc_per_node N train.py [the same options]

Prints one JSON object per line with the fields of \`dlmodel train --json\`: start, one epoch event per
epoch (loss, accuracy, valLoss, valAccuracy, lr, elapsedMs), done, or error (schema:
train-py-events.schema.json in dlmodel's docs/schemas). README.md says what matches dlmodel
exactly and what does not.
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dlmodel_support as dl  # noqa: E402
from model import ${options.className}  # noqa: E402

# ---- ${pyComment(blockName)} (${pyComment(source.fileName)}, line ${line}) ----
SEED = ${pyNumber(plan.seed)}  # seed
EPOCHS = ${pyNumber(plan.epochs)}  # epochs
BATCH = ${plan.batch === 'full' ? "'full'" : pyNumber(plan.batch)}  # batch
VALIDATION = ${pyFloat(plan.validation)}  # validation
LOSS = ${pyString(entryText('loss', plan.loss.name))}  # loss
DATA = ${pyString(entryText('data', plan.data.name))}
SPLIT_CONTIGUOUS = ${pyBool(contiguous)}  # text(…, split: contiguous): hold out the text's tail instead of shuffled samples
STANDARDIZE = ${pyBool(standardize)}  # csv(…, normalize: true): standardise with the training split's statistics
TARGET_INPUT = ${pyBool(plan.target === 'input')}  # target: input — every sample is its own target (an autoencoder)
AUGMENT = [${plan.augment.map(augmentationTuple).join(', ')}]  # augment: ${pyComment(entryText('augment', '[]'))} — training batches only, from the augment stream
CLASSES = ${classes === undefined ? 'None' : pyNumber(classes)}
POSITIONS = ${positions === undefined ? 'None' : pyNumber(positions)}  # text(…, targets: all): a class target at each of these positions
EXPECTED_INITIAL_LOSS = ${expected}  # ln K for cross_entropy and nll over K classes, ln 2 for binary_cross_entropy
INIT_FROM_FILE = ${pyBool(options.initFromFile)}  # exported with --init: init.safetensors is the start for every seed
PROBE_SIZE = 256  # the initial loss is measured on the first (up to) 256 training samples, eval mode
MODEL_NAME = ${pyString(plan.model.name)}
TEXT_METADATA = {${Object.entries(options.textMetadata ?? {}).map(([key, value]) => `${pyString(key)}: ${pyString(value)}`).join(', ')}}  # a text model's vocabulary, context and targets: saved with --save for generate
TRAIN_NAME = ${plan.trainName === undefined ? 'None' : pyString(plan.trainName)}
PARAMETER_LAYERS = [${parameterLayers.join(', ')}]
CLIP_NORM = ${plan.clipNorm === undefined ? 'None' : pyFloat(plan.clipNorm)}  # clip_norm: torch.nn.utils.clip_grad_norm_ before each step
WARMUP = ${pyNumber(plan.warmup?.epochs ?? 0)}  # warmup epochs
SCHEDULE_STEPS = ${pyString(schedule.steps)}  # when the scheduler steps: 'epoch', 'step' (every minibatch) or 'plateau' (with the validation loss)
EARLY_STOPPING = ${plan.earlyStopping === undefined ? 'None' : pyNumber(plan.earlyStopping.patience)}  # early_stopping patience in epochs
MIN_DELTA = ${pyFloat(plan.earlyStopping?.minDelta ?? 0)}  # min_delta
# Layers with weights in the order dlmodel draws them from the run's init stream (layer, rule,
# init, fan_in, fan_out): used when --seed differs from SEED, to start where \`dlmodel train --seed\` does.
INIT_ORDER = [
${initOrder(plan.model).join('\n')}
]


def make_optimizer(parameters):
    # optimizer: ${pyComment(entryText('optimizer', plan.optimizer.name))}
    return ${optimizerCode(plan.optimizer)}


def make_schedule(optimizer, epochs, steps_per_epoch):
    # schedule: ${pyComment(entryText('schedule', 'constant()'))}${plan.warmup ? `, after warmup: ${pyNumber(plan.warmup.epochs)}` : ''}
${schedule.body}


${lossCode(plan)}
${trainMain(options.className)}`;
}

/** The model-independent rest of train.py. */
function trainMain(className: string): string {
  return String.raw`

def finite(value):
    """JSON has no NaN or infinity: such values are reported as null."""
    return value if value is not None and math.isfinite(value) else None


def detached(scores):
    """The scores without their graph (a VAE's forward returns (output, mu, logvar))."""
    return tuple(s.detach() for s in scores) if isinstance(scores, tuple) else scores.detach()


def evaluate(model, inputs, targets, device, chunk=256):
    """Mean loss and accuracy over a data set in eval mode (running statistics, no dropout)."""
    model.eval()
    total, divisor, correct = 0.0, 0.0, 0
    with torch.no_grad():
        for start in range(0, len(inputs), chunk):
            x = inputs[start:start + chunk].to(device)
            y = targets[start:start + chunk].to(device)
            scores = model(x, logits=READS_LOGITS)
            total += float(per_sample_loss(scores, y).double().sum())
            divisor += loss_divisor(y)
            correct += correct_count(scores, y)
    if len(inputs) == 0:
        return None, None
    # Accuracy over the class targets: one per sample, or per position with targets: all.
    return total / divisor, (correct / targets.numel() if CLASSES is not None else None)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description='Train ' + MODEL_NAME + ' as dlmodel does, in PyTorch (single process or torchrun).')
    parser.add_argument('--epochs', type=int, default=EPOCHS, help='passes over the training split (default %(default)s)')
    parser.add_argument('--seed', type=int, default=SEED, help='the run seed (default %(default)s): split, initial weights, shuffle and dropout; see README.md')
    parser.add_argument('--batch', default=None, help="minibatch size or 'full' (default: the train block's, " + str(BATCH) + ')')
    parser.add_argument('--device', default=None, help='cpu or cuda (default: cuda when available)')
    parser.add_argument('--init', default=None, help='start from these weights (a safetensors file) instead of init.safetensors')
    parser.add_argument('--save', default=None, help='write the trained weights here (safetensors; dlmodel train --init reads it)')
    parser.add_argument('--torch-dropout', action='store_true', help="PyTorch's own dropout masks instead of dlmodel's dropout stream")
    parser.add_argument('--steps', action='store_true', help='also print a step event per minibatch')
    arguments = parser.parse_args(argv)
    if arguments.epochs < 1:
        parser.error('--epochs must be at least 1')
    if not 0 <= arguments.seed <= 0xFFFFFFFF:
        parser.error('--seed must be an integer from 0 to 4294967295')
    batch = BATCH if arguments.batch is None else arguments.batch
    if batch != 'full':
        try:
            batch = int(batch)
        except ValueError:
            parser.error("--batch must be a positive integer or 'full'")
        if batch < 1:
            parser.error("--batch must be a positive integer or 'full'")
    arguments.batch = batch
    return arguments


def main(argv=None):
    arguments = parse_arguments(argv)
    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    distributed = world > 1
    device = torch.device(arguments.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    if distributed:
        import torch.distributed as dist
        if device.type == 'cuda':
            device = torch.device('cuda', local_rank)
            torch.cuda.set_device(device)
        dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo')

    def emit(event):
        if rank == 0:
            print(json.dumps(event), flush=True)

    seed = arguments.seed
    epochs = arguments.epochs
    streams = dl.run_streams(seed)

    # The data set as dlmodel built it (before the split), then the split of this seed.
    tensors, _ = dl.load_safetensors(os.path.join(HERE, 'data.safetensors'))
    (train_x, train_y), (val_x, val_y) = dl.split(tensors['inputs'], tensors['targets'], VALIDATION, streams['split'], SPLIT_CONTIGUOUS)
    if STANDARDIZE:
        (train_x, val_x), _, _ = dl.standardize(train_x, val_x)
    if TARGET_INPUT:
        train_y, val_y = train_x, val_x
    if CLASSES is not None:
        train_y, val_y = train_y.long(), val_y.long()

    model = ${className}()
    init_file = arguments.init or (os.path.join(HERE, 'init.safetensors') if seed == SEED or INIT_FROM_FILE else None)
    if init_file:
        dl.load_weights(model, init_file)
    else:
        dl.initialise(model, INIT_ORDER, streams['init'])
    model.to(device)
    dropout = None if arguments.torch_dropout else dl.use_stream_dropout(model, streams['dropout'])
    noise = dl.use_stream_noise(model, streams['noise'])  # eps of each reparameterize(), if any
    network = model
    if distributed:
        from torch.nn.parallel import DistributedDataParallel
        dl.use_global_batchnorm(model)
        model.to(device)
        network = DistributedDataParallel(model, device_ids=[local_rank] if device.type == 'cuda' else None)
    optimizer = make_optimizer([p for p in model.parameters() if p.requires_grad])  # frozen layers (trainable: false) stay out

    count = len(train_x)
    if count == 0:
        emit({'type': 'error', 'message': 'the training split is empty'})
        return 1
    full = arguments.batch == 'full'
    batch_size = count if full else arguments.batch
    steps_per_epoch = math.ceil(count / batch_size)
    if WARMUP >= epochs:
        emit({'type': 'error', 'message': 'warmup ({} epochs) must be shorter than the run ({} epochs)'.format(WARMUP, epochs)})
        return 1
    schedule = make_schedule(optimizer, epochs, steps_per_epoch)
    # Early stopping: the lowest validation loss so far, its epoch and weights, epochs since.
    best_loss, best_epoch, best_state, best_event, waited = math.inf, 0, None, None, 0
    probe = min(PROBE_SIZE, count)
    initial_loss, _ = evaluate(model, train_x[:probe], train_y[:probe], device)
    emit({
        'type': 'start', 'model': MODEL_NAME, 'train': TRAIN_NAME,
        'trainableParams': sum(p.numel() for p in model.parameters() if p.requires_grad),
        # Batch norm's running statistics, as dlmodel counts them (num_batches_tracked is not one).
        'nonTrainableParams': sum(b.numel() for name, b in model.named_buffers() if name.endswith(('running_mean', 'running_var'))),
        'trainSamples': count, 'validationSamples': len(val_x), 'epochs': epochs,
        'stepsPerEpoch': steps_per_epoch, 'batchSize': batch_size, 'seed': seed,
        'initialLoss': finite(initial_loss), 'expectedInitialLoss': EXPECTED_INITIAL_LOSS,
        'layers': PARAMETER_LAYERS, 'device': str(device), 'worldSize': world,
    })

    started = time.perf_counter()
    steps = 0
    last = None
    for epoch in range(epochs):
        lr = optimizer.param_groups[0]['lr']  # the lr of the epoch's first step
        model.train()
        order = dl.epoch_order(count, not full, streams['shuffle'])
        sums = torch.zeros(4, dtype=torch.float64)  # this rank's loss sum, correct predictions, predictions, loss divisor
        for b in range(steps_per_epoch):
            start, end = b * batch_size, min(count, (b + 1) * batch_size)
            rows = end - start
            low, high = dl.rank_rows(rows, rank, world)
            index = order[start + low:start + high]
            if AUGMENT:
                # Every rank augments the whole global batch (the same draws), then takes its rows.
                x = dl.augment(train_x[order[start:end]], AUGMENT, streams['augment'])[low:high].to(device)
            else:
                x = train_x[index].to(device)
            y = x if TARGET_INPUT else train_y[index].to(device)
            if dropout is not None:
                dropout.set_batch(rows, low, high)
            noise.set_batch(rows, low, high)
            step_lr = optimizer.param_groups[0]['lr']
            scores = network(x, logits=READS_LOGITS)
            losses = per_sample_loss(scores, y)
            # The mean over the GLOBAL batch (its divisor: the rows, or their class weights); DDP
            # averages gradients over ranks, hence the factor world.
            loss = losses.sum() * (world / loss_divisor(train_y[order[start:end]]))
            optimizer.zero_grad()
            loss.backward()
            if CLIP_NORM is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
            optimizer.step()
            if SCHEDULE_STEPS == 'step':
                schedule.step()
            steps += 1
            predictions = y.numel() if CLASSES is not None else high - low  # accuracy counts class targets
            batch_sums = torch.tensor([float(losses.detach().double().sum()), correct_count(detached(scores), y), predictions, loss_divisor(y)], dtype=torch.float64)
            sums += batch_sums
            if arguments.steps:
                if distributed:
                    dist.all_reduce(batch_sums)
                emit({'type': 'step', 'epoch': epoch + 1, 'step': steps, 'loss': finite(float(batch_sums[0] / batch_sums[3])), 'lr': step_lr})
        if schedule is not None and SCHEDULE_STEPS == 'epoch':
            schedule.step()
        if distributed:
            dist.all_reduce(sums)
        loss_sum, correct, seen, divisor = (float(v) for v in sums)
        if not math.isfinite(loss_sum):
            elapsed = time.perf_counter() - started
            emit({'type': 'error', 'code': 'DL605', 'epoch': epoch + 1, 'step': steps, 'elapsedMs': round(elapsed * 1000), 'time': elapsed,
                  'message': 'Loss is not finite in epoch {} — the weights diverged: lower the learning rate or standardise the inputs'.format(epoch + 1)})
            return 1
        # Every rank needs the validation loss when it decides the learning rate or the stop.
        watches_validation = SCHEDULE_STEPS == 'plateau' or EARLY_STOPPING is not None
        val_loss, val_accuracy = evaluate(model, val_x, val_y, device) if (rank == 0 or watches_validation) and len(val_x) > 0 else (None, None)
        elapsed = time.perf_counter() - started
        last = {
            'type': 'epoch', 'epoch': epoch + 1, 'epochs': epochs, 'step': steps,
            'loss': finite(loss_sum / divisor), 'accuracy': correct / seen if CLASSES is not None else None,
            'valLoss': finite(val_loss), 'valAccuracy': val_accuracy, 'lr': lr,
            'time': elapsed, 'elapsedMs': round(elapsed * 1000),
        }
        emit(last)
        if SCHEDULE_STEPS == 'plateau':
            schedule.step(math.nan if val_loss is None else val_loss)
        if EARLY_STOPPING is not None:
            current = math.nan if val_loss is None else val_loss
            if current < best_loss - MIN_DELTA:
                best_loss, best_epoch, best_event, waited = current, epoch + 1, last, 0
                best_state = {name: value.detach().clone() for name, value in model.state_dict().items()}
            else:
                waited += 1
                if waited >= EARLY_STOPPING:
                    break

    elapsed = time.perf_counter() - started
    final = last
    stopping = {}
    if EARLY_STOPPING is not None:
        # The run keeps (and saves) the weights of its lowest validation loss, and reports that epoch.
        if best_state is not None:
            model.load_state_dict(best_state)
            final = best_event
        stopping = {'stoppedEarly': last['epoch'] < epochs, 'bestEpoch': final['epoch']}
    emit({
        'type': 'done', 'epochs': last['epoch'], 'steps': steps, 'loss': final['loss'], 'accuracy': final['accuracy'],
        'valLoss': final['valLoss'], 'valAccuracy': final['valAccuracy'], **stopping, 'time': elapsed,
        'elapsedMs': round(elapsed * 1000), 'stepsPerSecond': round(steps / max(elapsed, 1e-9)),
    })
    if arguments.save and rank == 0:
        dl.save_weights(model, arguments.save, {'format': 'pt', 'producer': 'train.py', 'model': MODEL_NAME, **TEXT_METADATA})
    if distributed:
        dist.destroy_process_group()
    return 0


if __name__ == '__main__':
    sys.exit(main())
`;
}
