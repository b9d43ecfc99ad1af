import { addLayer, nextGeneratedName, registerName, type Walk } from './model-walk';
import type { LayerSummary, ModelStep, Shape } from './summary';

/** One analysed copy of a `repeat` body: what later copies with the same input are made from. */
export interface AnalysedCopy {
  /** Which copy of its repeat it was (0 for the first). */
  readonly index: number;
  readonly input: Shape | undefined;
  /** The layers and steps it added, in order. */
  readonly layers: readonly LayerSummary[];
  readonly steps: readonly ModelStep[];
}

function cloneStep(step: ModelStep, clones: ReadonlyMap<LayerSummary, LayerSummary>): ModelStep {
  switch (step.kind) {
    case 'layer':
      return { kind: 'layer', layer: clones.get(step.layer) ?? step.layer };
    case 'residual':
      return {
        kind: 'residual',
        body: step.body.map((s) => cloneStep(s, clones)),
        ...(step.shortcut ? { shortcut: step.shortcut.map((s) => cloneStep(s, clones)) } : {}),
        sum: clones.get(step.sum) ?? step.sum,
      };
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

/**
 * Adds copies `from` to `to − 1` of a repeat's body as renamed clones of `template`, whose output
 * equals its input. Each of these copies sees that same input, so analysing it again would give
 * the template's layers (but for names and copy numbers) and its diagnostics at the same offsets,
 * which the sink drops: cloning costs one unit per layer and nothing per statement, and a body
 * without layers costs nothing at all, whatever the count. False when the budget ran out.
 * @param levelCopies the copies of this repeat times those of the repeats around it
 */
export function addCopiesOf(walk: Walk, template: AnalysedCopy, from: number, to: number, levelCopies: number): boolean {
  if (template.layers.length === 0) return true;
  for (let i = from; i < to; i++) {
    const clones = new Map<LayerSummary, LayerSummary>();
    for (const layer of template.layers) {
      if (!walk.budget.spend()) return false;
      const name = nextGeneratedName(walk, layer.kind);
      registerName(walk, name, layer.statementRange, false);
      // A layer of a nested repeat advances by the copies its inner repeats make per copy of this one.
      const clone: LayerSummary = { ...layer, name, copy: layer.copy + (i - template.index) * (layer.copies / levelCopies) };
      clones.set(layer, clone);
      addLayer(walk, clone);
    }
    for (const step of template.steps) walk.steps.push(cloneStep(step, clones));
  }
  return true;
}
