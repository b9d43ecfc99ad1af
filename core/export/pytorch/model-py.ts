import type { LayerSummary, ModelStep, ModelSummary } from '../../analysis';
import type { BoundArguments } from '../../analysis/catalog';
import type { TextRange } from '../../common/range';
import { LineIndex } from '../../common/line-index';
import { pyFloat, pyNumber, pyPair, pyTuple } from './python';
import { isPlainAttribute, pythonClassName } from './python-names';
import { pyComment, pyDocText, pyString } from './python-text';

/** Where the model came from, for the comments that tie each module to its .dlmodel line. */
export interface SourceInfo {
  /** The .dlmodel file's text. */
  readonly text: string;
  /** Its name as the user knows it (`spirals.dlmodel`). */
  readonly fileName: string;
}

/** A statement's source on one line: comments dropped, whitespace runs collapsed. */
export function statementText(text: string, range: TextRange): string {
  const raw = text.slice(range.start, range.end);
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < raw.length) out += raw[++i]!;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '#') {
      while (i < raw.length && raw[i] !== '\n') i++;
      out += ' ';
      continue;
    }
    out += c;
  }
  return out.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/,\s*\)/g, ')').trim();
}

/** The activation a dense or conv2d layer applies (`activation:`), or the layer's own kind for an activation layer. */
function activationOf(layer: LayerSummary): string {
  return layer.kind === 'dense' || layer.kind === 'conv2d' ? layer.args!.text('activation') : layer.kind;
}

const activationKinds = new Set(['linear', 'relu', 'leaky_relu', 'elu', 'gelu', 'tanh', 'sigmoid', 'softplus', 'softmax']);

/** The PyTorch module of an activation layer, with its arguments. */
function activationModule(kind: string, args: BoundArguments | undefined): string {
  switch (kind) {
    case 'linear':
      return 'nn.Identity()';
    case 'relu':
      return 'nn.ReLU()';
    case 'leaky_relu':
      return `nn.LeakyReLU(negative_slope=${pyFloat(args?.get('slope') === undefined ? 0.01 : args.number('slope'))})`;
    case 'elu':
      return `nn.ELU(alpha=${pyFloat(args?.get('alpha') === undefined ? 1 : args.number('alpha'))})`;
    case 'gelu':
      return 'nn.GELU()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'softplus':
      return 'nn.Softplus()';
    case 'softmax':
      return 'nn.Softmax(dim=-1)';
    default:
      throw new Error(`export: no PyTorch module for activation '${kind}'`);
  }
}

/** The functional form of an `activation:` value (its default arguments), applied to `v`; undefined for linear. */
function activationCall(kind: string, v: string): string | undefined {
  switch (kind) {
    case 'linear':
      return undefined;
    case 'relu':
      return `F.relu(${v})`;
    case 'leaky_relu':
      return `F.leaky_relu(${v}, negative_slope=0.01)`;
    case 'elu':
      return `F.elu(${v}, alpha=1.0)`;
    case 'gelu':
      return `F.gelu(${v})`;
    case 'tanh':
      return `torch.tanh(${v})`;
    case 'sigmoid':
      return `torch.sigmoid(${v})`;
    case 'softplus':
      return `F.softplus(${v})`;
    case 'softmax':
      return `torch.softmax(${v}, dim=-1)`;
    default:
      throw new Error(`export: no PyTorch function for activation '${kind}'`);
  }
}

/** The padding of a conv2d as numbers (`same` resolved to d·(k − 1)/2 per side). */
export function convPadding(args: BoundArguments): readonly [number, number] {
  if (args.get('padding') !== 'same') return args.pair('padding');
  const [kh, kw] = args.pair('kernel');
  const [dh, dw] = args.pair('dilation');
  return [(dh * (kh - 1)) / 2, (dw * (kw - 1)) / 2];
}

/** Pooling stride: the window size unless given. */
export function poolStride(args: BoundArguments): readonly [number, number] {
  return args.get('stride') === undefined ? args.pair('size') : args.pair('stride');
}

/** The PyTorch module that holds a layer (its parameters), or undefined for one that needs none. */
function layerModule(layer: LayerSummary): string {
  const args = layer.args!;
  const input = layer.inputShape!;
  switch (layer.kind) {
    case 'dense': {
      const parts = [pyNumber(input[input.length - 1]!), pyNumber(args.number('units'))];
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.Linear(${parts.join(', ')})`;
    }
    case 'conv2d': {
      const parts = [pyNumber(input[0]!), pyNumber(args.number('filters')), `kernel_size=${pyPair(args.pair('kernel'))}`];
      const stride = args.pair('stride');
      const padding = convPadding(args);
      const dilation = args.pair('dilation');
      if (stride[0] !== 1 || stride[1] !== 1) parts.push(`stride=${pyPair(stride)}`);
      if (padding[0] !== 0 || padding[1] !== 0) parts.push(`padding=${pyPair(padding)}`);
      if (dilation[0] !== 1 || dilation[1] !== 1) parts.push(`dilation=${pyPair(dilation)}`);
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.Conv2d(${parts.join(', ')})`;
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const size = args.pair('size');
      const stride = poolStride(args);
      const padding = args.pair('padding');
      const parts = [`kernel_size=${pyPair(size)}`, `stride=${pyPair(stride)}`];
      if (padding[0] !== 0 || padding[1] !== 0) parts.push(`padding=${pyPair(padding)}`);
      return `nn.${layer.kind === 'maxpool2d' ? 'MaxPool2d' : 'AvgPool2d'}(${parts.join(', ')})`;
    }
    case 'globalavgpool2d':
      return 'nn.AdaptiveAvgPool2d(1)';
    case 'flatten':
      return 'nn.Flatten()';
    case 'dropout':
      return `nn.Dropout(p=${pyFloat(args.number('rate'))})`;
    case 'batchnorm':
      return `nn.BatchNorm${input.length === 3 ? '2d' : '1d'}(${pyNumber(input[0]!)}, eps=${pyFloat(args.number('eps'))}, momentum=${pyFloat(args.number('momentum'))})`;
    case 'layernorm':
      return `nn.LayerNorm(${pyNumber(input[input.length - 1]!)}, eps=${pyFloat(args.number('eps'))})`;
    case 'embedding':
      return `nn.Embedding(${pyNumber(args.number('vocab'))}, ${pyNumber(args.number('dim'))})`;
    default:
      if (activationKinds.has(layer.kind)) return activationModule(layer.kind, args);
      throw new Error(`export: layer kind '${layer.kind}' has no PyTorch counterpart`);
  }
}

/** How forward() reaches a submodule. */
function moduleRef(name: string): string {
  return isPlainAttribute(name) ? `self.${name}` : `self._modules[${pyString(name)}]`;
}

/** The layer (if any) whose closing softmax/sigmoid the core treats as the output activation: the model's last entry, at top level. */
export function finalActivationLayer(model: ModelSummary): LayerSummary | undefined {
  const last = model.layers[model.layers.length - 1];
  const lastStep = model.steps[model.steps.length - 1];
  if (!last || !lastStep || lastStep.kind !== 'layer' || lastStep.layer !== last) return undefined;
  const activation = activationOf(last);
  return activation === 'softmax' || activation === 'sigmoid' ? last : undefined;
}

/**
 * For layers registered by key: nn.Module sets some attributes of those names itself
 * (`model.train()` sets `self.training`) and refuses a value that is not a module when a
 * submodule has the name. Such values go to the instance as plain attributes, where nn.Module
 * reads them; the layers stay in _modules, where forward() and state_dict() find them.
 */
function keyedLayersCode(keyed: readonly string[]): string {
  return `    KEYED_LAYERS = frozenset([${keyed.map(pyString).join(', ')}])  # layers held in _modules only, by name

    def __setattr__(self, name, value):
        if name in self.KEYED_LAYERS and not isinstance(value, nn.Module):
            object.__setattr__(self, name, value)  # e.g. self.training = True: not the layer named training
        else:
            super().__setattr__(name, value)
`;
}

/** The generated model.py of one model. */
export function generateModelPy(model: ModelSummary, source: SourceInfo): { className: string; text: string } {
  const lines = new LineIndex(source.text);
  const lineOf = (range: TextRange): number => lines.positionAt(range.start).line + 1;
  const className = pythonClassName(model.name);
  const final = finalActivationLayer(model);
  const tokens = model.layers[0]?.kind === 'embedding';

  const init: string[] = [];
  const keyed: string[] = [];
  for (const layer of model.layers) {
    if (layer.kind === 'add') continue;
    const comment = `# line ${lineOf(layer.statementRange)}: ${pyComment(statementText(source.text, layer.statementRange))}`;
    const module = layerModule(layer);
    if (isPlainAttribute(layer.name)) init.push(`        self.${layer.name} = ${module}  ${comment}`);
    else {
      // Python keywords and nn.Module's own names (forward, training, _modules, …) cannot be
      // attributes, and add_module refuses some: register them in _modules directly (state_dict keys are the same).
      keyed.push(layer.name);
      init.push(`        self._modules[${pyString(layer.name)}] = ${module}  ${comment} (not usable as an attribute name)`);
    }
  }

  const body: string[] = [];
  let counter = 0;
  /** Emits steps reading `input` and writing `output`; returns the variable holding the result. */
  const emit = (steps: readonly ModelStep[], input: string, output: string, indent: string, topLevel: boolean): string => {
    let current = input;
    steps.forEach((step, index) => {
      if (step.kind === 'residual') {
        counter++;
        const n = counter;
        const line = lineOf(step.sum.statementRange);
        body.push(`${indent}# residual block (line ${line}): ${step.shortcut ? 'body(x) + shortcut(x)' : 'body(x) + x'}`);
        const bodyVar = emit(step.body, current, `h${n}`, indent, false);
        const shortcutVar = step.shortcut ? emit(step.shortcut, current, `s${n}`, indent, false) : current;
        body.push(`${indent}${output} = ${bodyVar} + ${shortcutVar}  # ${pyComment(step.sum.name)}`);
        current = output;
        return;
      }
      const layer = step.layer;
      const ref = moduleRef(layer.name);
      const isFinal = topLevel && index === steps.length - 1 && layer === final;
      let call: string;
      switch (layer.kind) {
        case 'embedding':
          call = `${ref}(${current}.long())`;
          break;
        case 'globalavgpool2d':
          call = `${ref}(${current}).flatten(1)`;
          break;
        default:
          call = `${ref}(${current})`;
      }
      if (isFinal && layer.kind !== 'dense' && layer.kind !== 'conv2d') {
        // A softmax()/sigmoid() layer closing the model: the loss reads the scores before it.
        body.push(`${indent}if logits:`, `${indent}    return ${current}`, `${indent}return ${call}`);
        current = '';
        return;
      }
      body.push(`${indent}${output} = ${call}`);
      current = output;
      if (layer.kind === 'dense' || layer.kind === 'conv2d') {
        const activation = activationCall(activationOf(layer), current);
        if (isFinal) {
          body.push(`${indent}if logits:`, `${indent}    return ${current}`, `${indent}return ${activation}  # activation: ${pyComment(activationOf(layer))}`);
          current = '';
        } else if (activation) body.push(`${indent}${output} = ${activation}  # activation: ${pyComment(activationOf(layer))}`);
      }
    });
    return current;
  };
  const result = emit(model.steps, 'x', 'x', '        ', true);
  if (result !== '') body.push(`        return ${result}`);

  const finalNote = final
    ? `forward(x) returns what the .dlmodel model outputs (after its closing ${activationOf(final)}); forward(x, logits=True)\nreturns the scores before it, which the loss reads (as dlmodel does: stable, from logits).`
    : 'forward(x) returns what the .dlmodel model outputs; it has no closing softmax/sigmoid, so\nforward(x, logits=True) returns the same.';
  const text = `"""${pyDocText(model.name)} from ${pyDocText(source.fileName)}, as a PyTorch module. Generated by \`dlmodel export\`.

Each submodule carries its .dlmodel layer name, so state_dict() keys are the names dlmodel uses
(\`dense_1.weight\`, \`batchnorm_1.running_mean\`) and init.safetensors loads with load_state_dict().
The comment after each one gives the .dlmodel line it comes from.

Input: a batch [batch, ${model.input!.join(', ')}]${tokens ? ' of integer token ids' : ''}; output: [batch, ${model.output!.join(', ')}].
${finalNote}
"""
import torch
from torch import nn
import torch.nn.functional as F


class ${className}(nn.Module):
    INPUT_SHAPE = ${pyTuple(model.input!)}
    TOKENS = ${tokens ? 'True' : 'False'}  # whether the input is integer token ids (an embedding reads it)
${keyed.length > 0 ? keyedLayersCode(keyed) : ''}
    def __init__(self):
        super().__init__()
${init.length > 0 ? init.join('\n') : '        pass'}

    def forward(self, x, logits=False):
${body.join('\n')}
`;
  return { className, text };
}
