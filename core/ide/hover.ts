import { formatBytes, formatCompact, formatCount, formatList, formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import { catalog, type DocumentAnalysis, type LayerSummary, type ModelSummary, type Shape } from '../analysis';
import { elementCount } from '../analysis/shape-math';
import type { Call, Identifier, RepeatStatement } from '../syntax';
import { argumentMarkdown, signatureOf, valueMarkdown } from './describe';
import { callSpec, innermost, layersOfStatement, locate, modelSummaryOf, onRange, parametersOf, type Location } from './locate';
import { copyShapes } from './output-names';

/** A hover: Markdown text and the range it describes. */
export interface HoverResult {
  readonly range: TextRange;
  readonly markdown: string;
}

const bytesPerValue = 4;

/** The distinct texts in first-seen order, listed with a cap (a repeat can have 100,000 copies). */
function distinct(texts: readonly string[], separator = ', '): string {
  return formatList([...new Set(texts)], 8, separator);
}

function modelMarkdown(model: ModelSummary): string {
  return [
    `**model ${model.name}** — input ${formatShape(model.input)} → output ${formatShape(model.output)}`,
    '',
    '| | |',
    '|---|---|',
    `| layers | ${model.layers.length} |`,
    `| parameters | ${formatCount(model.totalParams)} (${formatCount(model.trainableParams)} trainable, ${formatCount(model.nonTrainableParams)} non-trainable) |`,
    `| MACs per sample | ${formatCount(model.macs)}${model.macs >= 1000n ? ` (${formatCompact(model.macs)})` : ''} |`,
    `| parameter memory | ${formatBytes(model.parameterBytes)} (float32) |`,
  ].join('\n');
}

/** The table rows of what a layer reads: its input, the named one (`from:`), or each input of a merge. */
function inputRows(layer: LayerSummary): string[] {
  const inputs = layer.inputs;
  if (!inputs) return [`| input | ${formatShape(layer.inputShape)} |`];
  if (!catalog.findMerge(layer.kind)) return inputs.map((input) => `| input | ${formatShape(input.shape)} from \`${input.name}\` |`);
  return inputs.map((input, i) => `| input ${i + 1} | \`${input.name}\` ${formatShape(input.shape)} |`);
}

/** What a hover says about a layer's kind: a catalog layer or a merge. */
type KindInfo = Pick<catalog.LayerSpec, 'name' | 'summary' | 'doc'>;

/** The catalog entry of a layer statement's call: a layer or a merge. */
function kindInfo(name: string): KindInfo | undefined {
  return catalog.findLayer(name) ?? catalog.findMerge(name);
}

/** The numbers of one layer (or of all copies of a statement inside `repeat`). */
function layerMarkdown(layers: readonly LayerSummary[], spec: KindInfo): string {
  const first = layers[0] as LayerSummary;
  const last = layers[layers.length - 1] as LayerSummary;
  const names = layers.length === 1 ? first.name : `${first.name} … ${last.name}`;
  const lines = [`**${names}** · \`${spec.name}\` — ${spec.summary}`, ''];
  if (layers.length > 1) lines.push(`Repeated ×${layers.length}: each copy has its own parameters.`, '');
  lines.push('| | |', '|---|---|');
  lines.push(...inputRows(first));
  lines.push(`| output | ${distinct(layers.map((l) => formatShape(l.outputShape)))} |`);
  let trainable = 0n;
  let macs = 0n;
  for (const layer of layers) {
    trainable += layer.trainableParams;
    macs += layer.macs;
  }
  const parameters = parametersOf(layers);
  const nonTrainable = parameters - trainable;
  if (first.paramFormula !== '') {
    const formulas = distinct(layers.map((l) => `${l.paramFormula} = ${formatCount(l.trainableParams)}`), '; ');
    lines.push(`| parameters | ${formulas}${layers.length > 1 ? ` — ${formatCount(trainable)} in all` : ''} |`);
  } else lines.push(`| parameters | 0 |`);
  if (nonTrainable > 0n) lines.push(`| non-trainable | ${formatCount(nonTrainable)} (running mean and variance) |`);
  lines.push(`| MACs per sample | ${formatCount(macs)} |`);
  const activations = layers.reduce((sum, l) => sum + (l.outputShape ? elementCount(l.outputShape) : 0), 0);
  lines.push(`| memory | parameters ${formatBytes(parameters * BigInt(bytesPerValue))} · activations ${formatBytes(activations * bytesPerValue)} per sample |`);
  lines.push('', spec.doc);
  return lines.join('\n');
}

function calleeHover(analysis: DocumentAnalysis, location: Location, call: Call): string | undefined {
  const spec = callSpec(location, call);
  if (!spec) return undefined;
  if (location.model && location.layer?.call === call) {
    const model = modelSummaryOf(analysis, location.model);
    const layers = model ? layersOfStatement(model, location.layer.range) : [];
    const layerSpec = kindInfo(call.callee.text);
    if (layers.length > 0 && layerSpec) return layerMarkdown(layers, layerSpec);
  }
  const lines = [`\`${signatureOf(spec.name, spec.args).label}\``, '', spec.summary, '', spec.doc];
  if (location.entry?.key.text === 'data') {
    const train = analysis.trains.find((t) => t.declaration === location.train);
    const data = train?.data;
    if (data) {
      const target = data.target.kind === 'classes' ? `${data.target.count} classes` : `real values ${formatShape(data.target.shape)}`;
      lines.push('', `Samples ${formatShape(data.sampleShape)}${data.tokens ? ' (integer tokens)' : ''} · target: ${target} · ${formatCount(data.samples)} samples before the split`);
    }
  }
  return lines.join('\n');
}

function identifierHover(analysis: DocumentAnalysis, location: Location, identifier: Identifier): string | undefined {
  // A model's name where it is declared (a train block's `model: X` is a Name value, see hover()).
  const model = analysis.models.find((m) => m.declaration.name === identifier);
  if (model) return modelMarkdown(model);
  if (location.layer?.name === identifier && location.model) {
    const summary = modelSummaryOf(analysis, location.model);
    const spec = location.layer.call ? kindInfo(location.layer.call.callee.text) : undefined;
    const layers = summary ? layersOfStatement(summary, location.layer.range) : [];
    if (spec && layers.length > 0) return layerMarkdown(layers, spec);
  }
  const repeatInput = repeatInputMarkdown(analysis, location, identifier);
  if (repeatInput) return repeatInput;
  if (location.entry?.key === identifier) {
    const key = catalog.trainKeys.find((k) => k.name === identifier.text);
    return key ? argumentMarkdown('train', key) : undefined;
  }
  if (location.argument?.name === identifier && location.call) {
    const spec = callSpec(location, location.call);
    const argument = spec?.args.find((a) => a.name === identifier.text);
    return spec && argument ? argumentMarkdown(spec.name, argument) : undefined;
  }
  return undefined;
}

/** A name read as an input (`from: stem`, `concat(a, b)`): what it holds. */
function referenceMarkdown(analysis: DocumentAnalysis, location: Location, at: TextRange): string | undefined {
  const model = location.model ? modelSummaryOf(analysis, location.model) : undefined;
  const reference = model?.references.find((r) => r.range.start === at.start && r.range.end === at.end);
  if (!model || !reference) return undefined;
  if (reference.name === 'input') return `**input** ${formatShape(model.input)} — the model's input, read here as the start of a branch.`;
  const layer = model.layers.find((l) => l.name === reference.name);
  if (layer && reference.definition) return `**${layer.name}** · \`${layer.kind}\` — output ${formatShape(layer.outputShape)}, read here as an input.`;
  const shapes = reference.definition ? copyShapes(model, reference.definition) : [];
  if (shapes.length > 0) return `**${reference.name}** — local to each copy of its repeat; ${perCopy(shapes)}, read here as an input.`;
  return `**${reference.name}** — not the name of a layer above this statement.`;
}

/** `[8, 4, 4] in each of 3 copies`, or `copy 1: [8, 4, 4], copy 2: [10, 4, 4], …` (at most 4 listed). */
function perCopy(shapes: readonly Shape[]): string {
  const first = formatShape(shapes[0]);
  if (shapes.every((s) => formatShape(s) === first)) return `${first} in ${shapes.length === 1 ? 'its one copy' : `each of ${shapes.length} copies`}`;
  const listed = shapes.slice(0, 4).map((s, i) => `copy ${i + 1}: ${formatShape(s)}`);
  return `${listed.join(', ')}${shapes.length > 4 ? `, … (${shapes.length} copies)` : ''}`;
}

/** The `x` of `repeat N as x`: what each copy receives. */
function repeatInputMarkdown(analysis: DocumentAnalysis, location: Location, identifier: Identifier): string | undefined {
  const repeat = location.path.find((n): n is RepeatStatement => n.kind === 'Repeat' && n.as?.name === identifier);
  const model = location.model ? modelSummaryOf(analysis, location.model) : undefined;
  if (!repeat || !model) return undefined;
  const shapes = copyShapes(model, identifier.range);
  return `**${identifier.text}** — the input of each copy of this \`repeat\` (the flow entering it: before the repeat for the first copy, the previous copy's output after)${shapes.length > 0 ? `: ${perCopy(shapes)}` : ''}.`;
}

/** Hover at an offset: layers, models, arguments, values, data sets, optimizers, train keys. */
export function hover(analysis: DocumentAnalysis, offset: number): HoverResult | undefined {
  const location = locate(analysis, offset);
  const node = innermost(location);
  if (!node) return undefined;
  if (node.kind === 'Identifier') {
    const parentCall = location.path.find((n): n is Call => n.kind === 'Call' && n.callee === node);
    const markdown = parentCall ? calleeHover(analysis, location, parentCall) : identifierHover(analysis, location, node);
    return markdown ? { range: node.range, markdown } : undefined;
  }
  if (node.kind === 'Name') {
    if (location.entry?.key.text === 'model' && location.entry.value === node) {
      const model = analysis.models.find((m) => m.name === node.text);
      return model ? { range: node.range, markdown: modelMarkdown(model) } : undefined;
    }
    const markdown = referenceMarkdown(analysis, location, node.range) ?? valueMarkdown(node.text);
    return markdown ? { range: node.range, markdown } : undefined;
  }
  if (node.kind === 'Input' && onRange(node.keyword, offset)) {
    const model = location.model ? modelSummaryOf(analysis, location.model) : undefined;
    return { range: node.keyword, markdown: `**input** ${formatShape(model?.input)} — the shape of one sample, without the batch dimension (images are [C, H, W]).` };
  }
  if ((node.kind === 'Repeat' || node.kind === 'Residual') && onRange(node.keyword, offset) && location.model) {
    const model = modelSummaryOf(analysis, location.model);
    const inside = model?.layers.filter((l) => l.statementRange.start >= node.range.start && l.statementRange.end <= node.range.end) ?? [];
    const params = parametersOf(inside);
    const what = node.kind === 'Repeat' ? `**repeat** ${node.count?.text ?? '?'}${node.as?.name ? ` as ${node.as.name.text}` : ''} — expands its body in sequence; each copy has its own parameters${node.as?.name ? ` and reads its input as \`${node.as.name.text}\`` : ''}; names given in the body are local to each copy.` : '**residual** — computes body(x) + shortcut(x); without `shortcut` the path is the identity. Both must have the same shape.';
    const output = node.kind === 'Residual' ? inside.find((l) => l.kind === 'add')?.outputShape : inside[inside.length - 1]?.outputShape;
    return { range: node.keyword, markdown: `${what}\n\n${inside.length} layers · ${formatCount(params)} parameters · output ${formatShape(output)}` };
  }
  return undefined;
}
