import type { DocumentAnalysis } from '../analysis';
import { argumentMarkdown, signatureOf } from './describe';
import { callSpec, locate } from './locate';
import { tokenIndexBefore } from './tokens-at';
import { TokenCode } from '../syntax';

/** The signature of the call around the cursor, with the parameter being written. */
export interface SignatureHelp {
  readonly label: string;
  readonly documentation: string;
  /** [start, end) of each parameter inside `label`. */
  readonly parameters: ReadonlyArray<{ readonly range: readonly [number, number]; readonly documentation: string }>;
  /** Index into `parameters`, or -1 when the cursor is on an argument the call does not take. */
  readonly activeParameter: number;
}

/** Counts the commas between `(` and the cursor that belong to this call (not to a nested list or call). */
function argumentIndex(analysis: DocumentAnalysis, from: number, offset: number): number {
  const tokens = analysis.tokens;
  let depth = 0;
  let commas = 0;
  for (let i = Math.max(0, tokenIndexBefore(tokens, from + 1)); i < tokens.length; i++) {
    const start = tokens.start(i);
    if (start >= offset) break;
    if (start <= from || tokens.code(i) !== TokenCode.punctuation) continue;
    const text = tokens.text(i);
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') depth--;
    else if (text === ',' && depth === 0) commas++;
  }
  return commas;
}

/** Signature help inside a layer, data-set, optimizer or schedule call. */
export function signatureHelp(analysis: DocumentAnalysis, offset: number): SignatureHelp | undefined {
  const location = locate(analysis, offset);
  const call = location.call;
  if (!call?.argsRange) return undefined;
  const spec = callSpec(location, call);
  if (!spec) return undefined;
  const signature = signatureOf(spec.name, spec.args);
  const index = argumentIndex(analysis, call.argsRange.start, offset);
  const current = call.args[index];
  let active: number;
  if (current?.name) active = spec.args.findIndex((a) => a.name === current.name!.text);
  else {
    // The n-th unnamed argument fills the n-th positional parameter.
    const positionalBefore = call.args.slice(0, index).filter((a) => !a.name).length;
    const positional = spec.args.filter((a) => a.positional);
    // Past the positional parameters the next argument must be named: point at the first not given.
    const named = new Set(call.args.map((a) => a.name?.text));
    const variadic = positional.find((a) => a.variadic);
    const target = positional[positionalBefore] ?? variadic ?? spec.args.find((a) => !a.positional && !named.has(a.name));
    active = target ? spec.args.indexOf(target) : -1;
  }
  return {
    label: signature.label,
    documentation: `${spec.summary}\n\n${spec.doc}`,
    parameters: spec.args.map((arg, i) => ({ range: signature.parameters[i]!, documentation: argumentMarkdown(spec.name, arg) })),
    activeParameter: active,
  };
}
