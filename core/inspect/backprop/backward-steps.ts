import type * as t from '../../tensor';
import type { RuleRecord } from './backward-recorder';
import type { EdgeIndex } from './edges';
import { formatFactor, formatValue } from './format';
import { localJacobian } from './local-jacobian';
import type { BackwardStep, BackwardTerm, TraceScalar } from './trace';

/** Where the current pass's tensors sit among the trace's scalars. */
export interface StepContext {
  readonly scalars: readonly TraceScalar[];
  readonly firstScalarOf: (tensor: t.Tensor) => number;
  readonly edges: EdgeIndex;
}

/** How many products a chain-rule text spells out before it summarises the rest. */
const shownTerms = 6;

/**
 * The first steps backward: the fused loss hands ∂L/∂scores to the tape as its seed (the loss is
 * not a tape op: training computes it in one stable kernel, core/nn/losses.ts).
 */
export function seedSteps(scores: t.Tensor, seed: Float32Array, lossScalar: number, lossName: string, formula: (k: number) => string, context: StepContext): BackwardStep[] {
  const first = context.firstScalarOf(scores);
  return Array.from(seed, (value, k) => {
    const scalar = first + k;
    const label = context.scalars[scalar]!.label;
    const term: BackwardTerm = { edge: context.edges.id(scalar, lossScalar), upstream: 1, local: value };
    const text = `∂L/∂${label} = ${formula(k)} = ${formatValue(value)}  (the ${lossName} kernel's gradient, the tape's seed)`;
    return { scalar, op: lossName, terms: [term], before: 0, after: value, text };
  });
}

/**
 * One step per (rule, input scalar) in the order backward ran the rules: the terms ∂L/∂out[j] ·
 * ∂out[j]/∂in[i] over the outputs that depend on it, the gradient before and after as the engine
 * holds it. `touched` remembers scalars that already received a contribution (a value used twice
 * sums its contributions: the text then reads `before + …`).
 */
export function ruleSteps(records: readonly RuleRecord[], context: StepContext, touched: Set<number>): BackwardStep[] {
  const steps: BackwardStep[] = [];
  for (const record of records) {
    const { node } = record;
    const jacobian = localJacobian(node);
    const out = node.output;
    const outFirst = context.firstScalarOf(out);
    const upstream = out.grad ?? new Float32Array(out.size);
    const unary = jacobian.size === 1 && node.inputs.length === 1;
    for (const [input, matrix] of jacobian) {
      const inFirst = context.firstScalarOf(input);
      const before = record.before.get(input)!;
      const after = record.after.get(input)!;
      for (let i = 0; i < input.size; i++) {
        const terms: BackwardTerm[] = [];
        for (let j = 0; j < out.size; j++) {
          const local = matrix[j * input.size + i]!;
          if (local !== 0 || (unary && i === j && input.size === out.size)) terms.push({ edge: context.edges.id(inFirst + i, outFirst + j), upstream: upstream[j]!, local });
        }
        if (terms.length === 0) continue;
        const scalar = inFirst + i;
        const text = chainRuleText(context, scalar, terms, before[i]!, after[i]!, touched.has(scalar));
        touched.add(scalar);
        steps.push({ scalar, op: node.op, terms, before: before[i]!, after: after[i]!, text });
      }
    }
  }
  return steps;
}

/**
 * `∂L/∂W1[0,1] = ∂L/∂v1[1] · ∂v1[1]/∂W1[0,1] = 0.31 · 0.5 = 0.155`, a sum over the outputs when
 * several depend on the scalar, and `before + …` when an earlier rule already contributed.
 */
export function chainRuleText(context: StepContext, scalar: number, terms: readonly BackwardTerm[], before: number, after: number, accumulating: boolean): string {
  const target = context.scalars[scalar]!.label;
  const outLabel = (term: BackwardTerm): string => context.scalars[context.edges.edges[term.edge]!.to]!.label;
  const symbolic =
    terms.length === 1
      ? `∂L/∂${outLabel(terms[0]!)} · ∂${outLabel(terms[0]!)}/∂${target}`
      : `Σⱼ ∂L/∂${symbolOf(outLabel(terms[0]!))}ⱼ · ∂${symbolOf(outLabel(terms[0]!))}ⱼ/∂${target}`;
  const products = terms.slice(0, shownTerms).map((term) => `${formatFactor(term.upstream)} · ${formatFactor(term.local)}`);
  const numeric = products.join(' + ') + (terms.length > shownTerms ? ` + … (${terms.length} terms)` : '');
  const prefix = accumulating ? `${formatValue(before)} + ` : '';
  return `∂L/∂${target} = ${prefix}${symbolic} = ${prefix}${numeric} = ${formatValue(after)}`;
}

/** `v1[3]` → `v1`. */
function symbolOf(label: string): string {
  const bracket = label.indexOf('[');
  return bracket < 0 ? label : label.slice(0, bracket);
}
