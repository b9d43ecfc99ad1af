import { formatShape } from '../common/format';
import type { Call, LayerStatement } from '../syntax/tree';
import { bindArguments } from './arguments';
import { isMergeProblem, type MergeEntry, type MergeInput } from './catalog';
import { layerSummary, type Copy } from './layer-summary';
import { maxExactText, statementName } from './layer-checker';
import { addLayer, addNode, type Flow, type Walk } from './model-walk';
import { inputLabel, lineOf, resolveInput, type ResolvedInput } from './output-references';
import { exceedsExactCount } from './shape-math';

/** The positional arguments of a merge, resolved as names; DL305 for a value that is not a name. */
function resolveOperands(walk: Walk, statement: LayerStatement, call: Call, spec: MergeEntry): ResolvedInput[] {
  const resolved: ResolvedInput[] = [];
  for (const argument of call.args) {
    if (argument.name || !argument.value) continue;
    const operand = resolveInput(walk, argument.value, statement.range);
    if (operand) resolved.push(operand);
    else walk.sink.report('DL305', argument.value.range, `${spec.name}'s inputs must be names of earlier layers (name = layer(…)) or input — name the layer you mean and write its name here`);
  }
  return resolved;
}

/**
 * Checks `add(a, b, …)` or `concat(a, b, …, axis: k)`: each input a name given above (or
 * `input`), at least two of them, and shapes the merge accepts. A mismatch (DL410) says which
 * axis differs and where each side was made; every input's definition is a related location.
 */
export function checkMerge(walk: Walk, statement: LayerStatement, call: Call, spec: MergeEntry, copy: Copy): Flow | undefined {
  const options = bindArguments({ ...call, args: call.args.filter((a) => a.name) }, spec.options, spec.name, walk.sink);
  const operands = resolveOperands(walk, statement, call, spec);
  const given = call.args.filter((a) => !a.name).length;
  for (const operand of operands) if (operand.flow) walk.consumed.add(operand.flow.value);
  const name = statementName(walk, statement, spec.name);
  const inputs = operands.map((o) => o.input);
  const failed = (): undefined => {
    addLayer(walk, layerSummary(name, spec.name, statement.range, copy, inputs[0]?.shape, inputs));
    return undefined;
  };
  if (given < spec.minInputs) {
    walk.sink.report('DL304', call.callee.range, `${spec.name} needs at least ${spec.minInputs} inputs, the names of earlier layers; got ${given} — e.g. ${spec.name}(a, b) after a = …(…) and b = …(…)`);
    return failed();
  }
  const flows = operands.map((o) => o.flow);
  if (!options.complete || operands.length < given || flows.some((f) => f === undefined)) return failed();
  const known = flows as Flow[];
  const labelled: MergeInput[] = operands.map((o, i) => ({ label: inputLabel(walk, o.input), shape: known[i]!.shape }));
  const result = spec.combine({ inputs: labelled, args: options.args });
  if (isMergeProblem(result)) {
    const source = result.argument ? options.sources.get(result.argument) : undefined;
    const related = result.inputs.map((i) => {
      const input = inputs[i]!;
      return { range: input.definition ?? call.range, message: `${input.name} gives ${formatShape(input.shape)}${input.definition ? ` (line ${lineOf(walk, input.definition.start)})` : ''}` };
    });
    walk.sink.report(result.code, source?.range ?? call.range, result.message, related.length > 0 ? { related } : {});
    return failed();
  }
  if (exceedsExactCount(result.output)) {
    walk.sink.report('DL408', call.range, `${spec.name} gives ${formatShape(result.output)}: more values per sample than the ${maxExactText} that can be counted exactly — join fewer or smaller outputs`);
    return failed();
  }
  const layer = layerSummary(name, spec.name, statement.range, copy, known[0]!.shape, inputs, result, options.args);
  addLayer(walk, layer);
  return { shape: result.output, value: addNode(walk, layer, known.map((f) => f.value)) };
}
