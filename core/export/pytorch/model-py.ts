import { modelInputValue, type LayerSummary, type ModelSummary } from '../../analysis';
import { appliedActivation, findMerge, isMergeKind, layerEntry } from '../../analysis/catalog';
import type { TextRange } from '../../common/range';
import { LineIndex } from '../../common/line-index';
import { pyTuple } from './python';
import { isPlainAttribute, pythonClassName } from './python-names';
import { pyComment, pyDocText, pyString } from './python-text';

/** The layers written with `trainable: false` (their parameters freeze as requires_grad_(False)). */
export function frozenLayers(model: ModelSummary): LayerSummary[] {
  return model.layers.filter((layer) => layer.kind !== 'add' && layer.args?.get('trainable') === false);
}

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

/** The layer (if any) whose closing softmax/sigmoid the core treats as the output activation: the model's last layer, when it is the output. */
export function finalActivationLayer(model: ModelSummary): LayerSummary | undefined {
  const last = model.layers[model.layers.length - 1];
  const output = model.graph.nodes[model.graph.output];
  if (!last || output?.layer !== last || isMergeKind(last.kind)) return undefined;
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

/**
 * The body of forward(): one statement per graph node. A value read only by the node right after
 * it flows through `x`; a value read elsewhere too (a branch point, a merge input) is kept in
 * `<layer>_out` (layer names are unique identifiers, and a class of such a name is renamed, see
 * python-names.ts), and the model's input in `model_input`.
 */
function forwardLines(model: ModelSummary, final: LayerSummary | undefined, lineOf: (range: TextRange) => number): string[] {
  const nodes = model.graph.nodes;
  const readers = new Map<number, number[]>();
  nodes.forEach((node, index) => node.inputs.forEach((value) => readers.set(value, [...(readers.get(value) ?? []), index])));
  const kept = (value: number): boolean => {
    const reading = readers.get(value) ?? [];
    return reading.length > 1 || (reading.length === 1 && reading[0] !== value + 1);
  };
  const variable = (value: number): string => {
    if (!kept(value)) return 'x';
    return value === modelInputValue ? 'model_input' : `${nodes[value]!.layer.name}_out`;
  };
  const indent = '        ';
  const lines: string[] = kept(modelInputValue) ? [`${indent}model_input = x`] : [];
  let ended = false;
  nodes.forEach((node, index) => {
    const layer = node.layer;
    const output = variable(index);
    const inputs = node.inputs.map(variable);
    const merge = findMerge(layer.kind);
    if (merge) {
      lines.push(`${indent}${output} = ${merge.torch(inputs, layer.args)}  # ${pyComment(layer.name)} (line ${lineOf(layer.statementRange)})`);
      return;
    }
    const current = inputs[0]!;
    const isFinal = index === nodes.length - 1 && layer === final;
    const placed = { args: layer.args!, input: layer.inputShape!, inputs: [layer.inputShape!], output: layer.outputShape! };
    const call = layerEntry(layer.kind).torch.call(moduleRef(layer.name), [current], placed);
    const activation = appliedActivation(layer);
    if (isFinal && activation?.isLayer) {
      // A softmax()/sigmoid() layer closing the model: the loss reads the scores before it.
      lines.push(`${indent}if logits:`, `${indent}    return ${current}`, `${indent}return ${call}`);
      ended = true;
      return;
    }
    lines.push(`${indent}${output} = ${call}`);
    if (activation && !activation.isLayer) {
      // An `activation:` value: its functional form with its default arguments.
      const name = activation.entry.name;
      const applied = activation.entry.torchFunction(output, activation.args);
      if (isFinal) {
        lines.push(`${indent}if logits:`, `${indent}    return ${output}`, `${indent}return ${applied ?? output}  # activation: ${pyComment(name)}`);
        ended = true;
      } else if (applied) lines.push(`${indent}${output} = ${applied}  # activation: ${pyComment(name)}`);
    }
  });
  if (!ended) lines.push(`${indent}return ${variable(model.graph.output)}`);
  return lines;
}

/**
 * A VAE's forward(): the output and the mean and log-variance its reparameterize layer split off,
 * as a PyTorch VAE returns them for its loss (reconstruction + β·KL, train.py).
 */
function vaeForward(sampler: string): string {
  return `    def forward(self, x, logits=False):
        """Returns (output, mu, logvar): the model's output (its logits with logits=True) and the
        mean and log-variance that ${sampler.replace('self.', '')} split its input into, which the VAE loss reads."""
        output = self._output(x, logits)
        return output, ${sampler}.mu, ${sampler}.logvar

`;
}

/** The generated model.py of one model. */
export function generateModelPy(model: ModelSummary, source: SourceInfo): { className: string; text: string } {
  const lines = new LineIndex(source.text);
  const lineOf = (range: TextRange): number => lines.positionAt(range.start).line + 1;
  const className = pythonClassName(model.name);
  const final = finalActivationLayer(model);
  const first = model.layers[0];
  const tokens = first !== undefined && !isMergeKind(first.kind) && layerEntry(first.kind).readsTokens;

  const init: string[] = [];
  const keyed: string[] = [];
  for (const layer of model.layers) {
    if (isMergeKind(layer.kind)) continue;
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
  for (const layer of frozenLayers(model)) init.push(`        ${moduleRef(layer.name)}.requires_grad_(False)  # trainable: false`);

  const body = forwardLines(model, final, lineOf);
  const sampler = model.layers.find((layer) => layer.kind === 'reparameterize');
  // Module classes PyTorch lacks (sinusoidal_positions'), each written once after the model's class (which stays first).
  const definitions = new Set(model.layers.flatMap((layer) => (isMergeKind(layer.kind) ? [] : (layerEntry(layer.kind).torch.definitions ?? []))));

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

${sampler ? vaeForward(moduleRef(sampler.name)) : ''}    def ${sampler ? '_output' : 'forward'}(self, x, logits=False):
${body.join('\n')}
${[...definitions].map((text) => `\n\n${text}`).join('')}`;
  return { className, text };
}
