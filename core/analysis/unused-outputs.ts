import { formatShape } from '../common/format';
import type { Walk } from './model-walk';
import type { LayerSummary } from './summary';

/**
 * DL412: a layer computed for nothing — no statement reads its output and it is not the model's
 * output. It happens when the statement after it starts a branch with `from:` (or is a merge that
 * leaves it out). PyTorch would compute it too, and count its parameters; it is almost always a
 * forgotten input of a merge. Reported once per statement (every copy of a repeat shares it).
 */
export function reportUnusedOutputs(walk: Walk, output: number): void {
  const reported = new Set<number>();
  walk.nodes.forEach((node, value) => {
    if (value === output || walk.consumed.has(value)) return;
    const layer = node.layer;
    if (reported.has(layer.statementRange.start)) return;
    reported.add(layer.statementRange.start);
    walk.sink.report('DL412', layer.statementRange, `${describe(layer)} is computed but never used: no later statement reads it and it is not the model's output — merge it (concat(…) or add(…) with its name), or remove it`);
  });
}

function describe(layer: LayerSummary): string {
  return `The output ${formatShape(layer.outputShape)} of ${layer.name}`;
}
