import { catalog } from '../analysis';
import type { ArgumentSpec, ArgumentValue } from '../analysis/catalog';
import { describeType } from '../analysis/arguments';

/** A default value as written in source: `0.001`, `true`, `[1, 1]`, `linear`. */
export function formatDefault(spec: ArgumentSpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (spec.default === undefined) return undefined;
  return formatArgumentValue(spec.default);
}

function formatArgumentValue(value: ArgumentValue): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'object') return `${(value as { callee: { text: string } }).callee.text}(…)`;
  return String(value);
}

/** One parameter as a signature shows it: `units` or `stride: 1`. */
export function parameterLabel(spec: ArgumentSpec): string {
  if (spec.variadic) return `${spec.name}…`;
  if (spec.positional) return spec.name;
  const fallback = formatDefault(spec);
  return fallback === undefined ? `${spec.name}: …` : `${spec.name}: ${fallback}`;
}

/** `conv2d(filters, kernel, stride: 1, …)`, with the offsets of each parameter inside it. */
export function signatureOf(name: string, args: readonly ArgumentSpec[]): { label: string; parameters: Array<[number, number]> } {
  let label = `${name}(`;
  const parameters: Array<[number, number]> = [];
  args.forEach((spec, index) => {
    if (index > 0) label += ', ';
    const text = parameterLabel(spec);
    parameters.push([label.length, label.length + text.length]);
    label += text;
  });
  return { label: label + ')', parameters };
}

/** Markdown for one argument: meaning, type, default and range. */
export function argumentMarkdown(owner: string, spec: ArgumentSpec): string {
  const fallback = formatDefault(spec);
  const required = fallback === undefined ? 'required' : `default \`${fallback}\``;
  return [`**${spec.name}** — argument of \`${owner}\`${spec.positional ? ' (positional or by name)' : ''}`, '', spec.doc, '', `Type: ${describeType(spec.type)} · ${required}`].join('\n');
}

/** Documentation of a bare name used as a value, if it is one the catalog knows. */
export function valueMarkdown(name: string): string | undefined {
  const activation = catalog.findActivation(name);
  if (activation) return `**${name}** — activation\n\n${activation.summary} ${activation.doc}\n\nSame as \`${activation.torch}\`.`;
  const loss = catalog.findLoss(name);
  if (loss) return `**${name}** — loss\n\n${loss.summary}\n\n${loss.doc}\n\nPyTorch: \`${loss.torch}\`.`;
  const init = catalog.initialisers.find((i) => i.name === name);
  if (init) return `**${name}** — initialiser\n\n${init.summary} ${init.doc}`;
  if (name === 'same') return '**same** — padding that keeps H and W: `d·(k − 1)/2` on each side; needs stride 1 and an odd effective kernel.';
  if (name === 'valid') return '**valid** — no padding (= 0).';
  if (name === 'full') return '**full** — full-batch gradient descent: every step uses the whole training split.';
  return undefined;
}
