import { catalog, type DocumentAnalysis } from '../analysis';
import type { ArgumentSpec, ArgumentType } from '../analysis/catalog';
import type { Call, Statement } from '../syntax';
import { argumentMarkdown, formatDefault, signatureOf, valueMarkdown } from './describe';
import { callSpec, locate, type Location } from './locate';
import { cursorContext, type CursorContext } from './tokens-at';
import { readableOutputs } from './output-names';

export type CompletionKind = 'keyword' | 'layer' | 'argument' | 'value' | 'function' | 'model' | 'key';

/** A completion proposal; `insertText` is a snippet (`${1:units}`) when `snippet` is true. */
export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  readonly documentation: string;
  readonly insertText: string;
  readonly snippet: boolean;
  /** The text the item replaces: the word under the cursor. */
  readonly replaceStart: number;
  readonly replaceEnd: number;
  /** Orders items: lower first. */
  readonly sortText: string;
}

/** Placeholder text for a required argument in a snippet. */
const placeholders: Record<string, string> = { units: '16', filters: '32', kernel: '3', size: '2', rate: '0.5', vocab: 'vocab', dim: '16', lr: '0.01', path: 'data.csv', expression: 'sin(3*x)', images: 'images.idx.gz', labels: 'labels.idx.gz', every: '10' };

/** `conv2d(${1:32}, ${2:3})`: the call with its required arguments as tab stops. */
function callSnippet(name: string, args: readonly ArgumentSpec[], extraNamed: readonly string[] = []): string {
  let stop = 1;
  const parts: string[] = [];
  for (const spec of args) {
    if (formatDefault(spec) !== undefined && !extraNamed.includes(spec.name)) continue;
    if (spec.variadic) {
      parts.push(`\${${stop++}:a}`, `\${${stop++}:b}`); // a merge: two names to start with
      continue;
    }
    const value = placeholders[spec.name] ?? spec.name;
    const quoted = spec.type.kind === 'string' ? `"\${${stop++}:${value}}"` : `\${${stop++}:${value}}`;
    parts.push(spec.positional ? quoted : `${spec.name}: ${quoted}`);
  }
  return `${name}(${parts.join(', ')})$0`;
}

/** Named arguments a user usually wants in the snippet although they have defaults. */
const suggestedNamed: Record<string, string[]> = { adam: ['lr'], adamw: ['lr'], rmsprop: ['lr'], adagrad: ['lr'], spirals: ['classes'], gaussians: ['classes'], step: ['every'] };

function item(context: CursorContext, fields: Omit<CompletionItem, 'replaceStart' | 'replaceEnd' | 'snippet'> & { snippet?: boolean }): CompletionItem {
  return { snippet: false, ...fields, replaceStart: context.replaceStart, replaceEnd: context.replaceEnd };
}

function layerItems(context: CursorContext): CompletionItem[] {
  return [...catalog.layers, ...catalog.merges].map((layer, index) =>
    item(context, {
      label: layer.name,
      kind: 'layer',
      detail: signatureOf(layer.name, layer.args).label,
      documentation: `${layer.summary}\n\n${layer.doc}`,
      insertText: callSnippet(layer.name, layer.args),
      snippet: true,
      sortText: `1${String(index).padStart(3, '0')}`,
    }),
  );
}

/** The calls of a family; where a bare name is allowed (losses), the name alone, which means the defaults. */
function callableItems(context: CursorContext, type: Extract<ArgumentType, { kind: 'call' }>): CompletionItem[] {
  return catalog.callablesOf(type.family).map((spec, index) =>
    item(context, {
      label: spec.name,
      kind: type.bareName ? 'value' : 'function',
      detail: signatureOf(spec.name, spec.args).label,
      documentation: `${spec.summary}\n\n${spec.doc}`,
      insertText: type.bareName ? spec.name : callSnippet(spec.name, spec.args, suggestedNamed[spec.name] ?? []),
      snippet: !type.bareName,
      sortText: `1${String(index).padStart(3, '0')}`,
    }),
  );
}

/** The names a layer may read here, for `from:` and a merge's inputs. */
function outputItems(context: CursorContext, analysis: DocumentAnalysis, location: Location): CompletionItem[] {
  return readableOutputs(analysis, location, context.replaceStart).map((output, index) =>
    item(context, { label: output.name, kind: 'value', detail: output.detail, documentation: output.name === 'input' ? "The model's input: a branch may start from it." : `The output of \`${output.name} = …\`.`, insertText: output.name, sortText: `0${String(index).padStart(3, '0')}` }),
  );
}

function valueItems(context: CursorContext, type: ArgumentType, analysis: DocumentAnalysis, location: Location): CompletionItem[] {
  const names = (values: readonly string[]): CompletionItem[] =>
    values.map((value, index) => item(context, { label: value, kind: 'value', detail: '', documentation: valueMarkdown(value) ?? '', insertText: value, sortText: `1${String(index).padStart(3, '0')}` }));
  switch (type.kind) {
    case 'choice':
      return names(type.choices);
    case 'padding':
      return names(['same', 'valid']);
    case 'boolean':
      return names(['true', 'false']);
    case 'batch':
      return names(['full']);
    case 'call':
      return callableItems(context, type);
    case 'calls':
      return callableItems(context, { kind: 'call', family: type.family });
    case 'model':
      return analysis.models.filter((m) => m.name !== '').map((m, index) => item(context, { label: m.name, kind: 'model', detail: `model ${m.name}`, documentation: '', insertText: m.name, sortText: `1${index}` }));
    case 'output':
      return outputItems(context, analysis, location);
    case 'integer':
    case 'number':
    case 'pair':
    case 'numbers':
    case 'integers':
    case 'string':
      return [];
  }
}

function argumentItems(context: CursorContext, owner: string, specs: readonly ArgumentSpec[], call: Call): CompletionItem[] {
  const given = new Set(call.args.map((a) => a.name?.text).filter((n): n is string => n !== undefined));
  const positionalGiven = call.args.filter((a) => !a.name).length;
  const positional = specs.filter((s) => s.positional);
  positional.slice(0, positionalGiven).forEach((s) => given.add(s.name));
  return specs
    .filter((spec) => !given.has(spec.name) || spec.name === context.prefix)
    .map((spec, index) =>
      item(context, {
        label: `${spec.name}:`,
        kind: 'argument',
        detail: formatDefault(spec) === undefined ? 'required' : `default ${formatDefault(spec)}`,
        documentation: argumentMarkdown(owner, spec),
        insertText: `${spec.name}: `,
        sortText: `0${String(index).padStart(3, '0')}`,
      }),
    );
}

function keywordItem(context: CursorContext, label: string, insertText: string, documentation: string, sortText: string): CompletionItem {
  return item(context, { label, kind: 'keyword', detail: 'keyword', documentation, insertText, snippet: true, sortText });
}

/** The statement just before the cursor in the innermost block, to offer `shortcut` after a residual. */
function statementBefore(location: Location, offset: number): Statement | undefined {
  const blocks = location.path.flatMap((node) => {
    if (node.kind === 'Model' || node.kind === 'Repeat' || node.kind === 'Shortcut') return node.body ? [node.body.items] : [];
    if (node.kind === 'Residual') return node.body ? [node.body.items] : [];
    return [];
  });
  const statements = blocks[blocks.length - 1] ?? [];
  let before: Statement | undefined;
  for (const statement of statements) if (statement.range.end <= offset) before = statement;
  return before;
}

function atStatementStart(context: CursorContext): boolean {
  const previous = context.previous;
  return previous === undefined || previous.kind === 'newline' || previous.text === '{' || previous.text === ';' || previous.text === '}';
}

/** Completion proposals at an offset. */
export function completions(analysis: DocumentAnalysis, offset: number): CompletionItem[] {
  const context = cursorContext(analysis, offset);
  if (context.inTrivia) return [];
  const location = locate(analysis, offset);
  const previous = context.previous;
  const afterColon = previous?.text === ':' && (context.beforePrevious?.kind === 'identifier' || context.beforePrevious?.kind === 'keyword') ? context.beforePrevious.text : undefined;

  if (location.call) {
    const spec = callSpec(location, location.call);
    if (!spec) return [];
    if (afterColon !== undefined) {
      const argument = spec.args.find((a) => a.name === afterColon);
      return argument ? valueItems(context, argument.type, analysis, location) : [];
    }
    if (previous?.text === '(' || previous?.text === ',' || previous?.kind === 'newline') {
      // A merge's positional slots take names; a layer's take values, so only argument names are offered.
      const merge = catalog.findMerge(spec.name);
      const names = merge ? outputItems(context, analysis, location) : [];
      return [...names, ...argumentItems(context, spec.name, merge ? merge.options : spec.args, location.call)];
    }
    return [];
  }

  if (location.train && location.train.body && offset > location.train.body.range.start) {
    if (afterColon !== undefined) {
      const key = catalog.trainKeys.find((k) => k.name === afterColon);
      return key ? valueItems(context, key.type, analysis, location) : [];
    }
    if (!atStatementStart(context)) return [];
    const given = new Set(location.train.body.items.flatMap((i) => (i.kind === 'TrainEntry' && i.range.end < context.replaceStart ? [i.key.text] : [])));
    return catalog.trainKeys
      .filter((k) => !given.has(k.name))
      .map((k, index) =>
        item(context, { label: k.name, kind: 'key', detail: formatDefault(k) === undefined ? 'required' : `default ${formatDefault(k)}`, documentation: argumentMarkdown('train', k), insertText: `${k.name}: `, sortText: `0${String(index).padStart(3, '0')}` }),
      );
  }

  if (location.model && location.model.body && offset > location.model.body.range.start) {
    if (previous?.text === '=') return layerItems(context);
    if (!atStatementStart(context)) return [];
    const items = layerItems(context);
    items.push(
      keywordItem(context, 'repeat', 'repeat ${1:2} {\n\t$0\n}', 'Repeats its body N times in sequence; each copy has its own parameters.', '2000'),
      keywordItem(context, 'residual', 'residual {\n\t$0\n}', 'Computes body(x) + x, or body(x) + shortcut(x) with a `shortcut` block.', '2001'),
    );
    const hasInput = location.model.body.items.some((s) => s.kind === 'Input');
    if (!hasInput) items.push(keywordItem(context, 'input', 'input [${1:2}]', 'The shape of one sample, without the batch dimension.', '0000'));
    const before = statementBefore(location, context.replaceStart);
    if (before?.kind === 'Residual' && !before.shortcut) items.push(keywordItem(context, 'shortcut', 'shortcut {\n\t$0\n}', 'The other path of the residual above: body(x) + shortcut(x).', '0001'));
    return items;
  }

  if (!location.model && !location.train) {
    return [
      keywordItem(context, 'model', 'model ${1:Name} {\n\tinput [${2:2}]\n\t$0\n}', 'Declares a model: an input shape and a sequence of layers.', '0'),
      keywordItem(context, 'train', 'train {\n\tdata: ${1:spirals(classes: 3)}\n\tloss: ${2:cross_entropy}\n\toptimizer: ${3:adam(lr: 0.01)}\n\tepochs: ${4:50}\n}', 'Says how to train a model: data, loss, optimizer, batch, epochs.', '1'),
    ];
  }
  return [];
}
