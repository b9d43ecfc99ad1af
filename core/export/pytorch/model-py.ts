import type { LayerSummary, ModelStep, ModelSummary } from '../../analysis';
import { appliedActivation, layerEntry } from '../../analysis/catalog';
import type { TextRange } from '../../common/range';
import { LineIndex } from '../../common/line-index';
import { pyTuple } from './python';
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

/** The PyTorch module that holds a layer (its parameters), as its catalog entry writes it. */
function layerModule(layer: LayerSummary): string {
  return layerEntry(layer.kind).torch.module({ args: layer.args!, input: layer.inputShape!, inputs: [layer.inputShape!], output: layer.outputShape! });
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
  return appliedActivation(last)?.entry.outputUnit ? last : undefined;
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
  const first = model.layers[0];
  const tokens = first !== undefined && first.kind !== 'add' && layerEntry(first.kind).readsTokens;

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
      const call = layerEntry(layer.kind).torch.call(ref, [current]);
      const activation = appliedActivation(layer);
      if (isFinal && activation?.isLayer) {
        // A softmax()/sigmoid() layer closing the model: the loss reads the scores before it.
        body.push(`${indent}if logits:`, `${indent}    return ${current}`, `${indent}return ${call}`);
        current = '';
        return;
      }
      body.push(`${indent}${output} = ${call}`);
      current = output;
      if (activation && !activation.isLayer) {
        // An `activation:` value: its functional form with its default arguments.
        const name = activation.entry.name;
        const applied = activation.entry.torchFunction(current, activation.args);
        if (isFinal) {
          body.push(`${indent}if logits:`, `${indent}    return ${current}`, `${indent}return ${applied ?? current}  # activation: ${pyComment(name)}`);
          current = '';
        } else if (applied) body.push(`${indent}${output} = ${applied}  # activation: ${pyComment(name)}`);
      }
    });
    return current;
  };
  const result = emit(model.steps, 'x', 'x', '        ', true);
  if (result !== '') body.push(`        return ${result}`);

  const finalNote = final
    ? `forward(x) returns what the .dlmodel model outputs (after its closing ${appliedActivation(final)!.entry.name}); forward(x, logits=True)\nreturns the scores before it, which the loss reads (as dlmodel does: stable, from logits).`
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
