import { renamedLayer } from './layer-summary';
import { addLayer, addNode, nextGeneratedName, registerName, type Flow, type Walk } from './model-walk';
import type { LayerSummary } from './summary';

/** One analysed copy of a `repeat` body: what later copies with the same input are made from. */
export interface AnalysedCopy {
  /** Which copy of its repeat it was (0 for the first). */
  readonly index: number;
  /** Undefined when unknown (an error above): its copies then check arguments only. */
  readonly input: Flow | undefined;
  readonly output: Flow | undefined;
  /** The layers it added, in order. */
  readonly layers: readonly LayerSummary[];
  /** The graph nodes it added (one per layer whose output is known): `walk.nodes[nodeStart, nodeEnd)`. */
  readonly nodeStart: number;
  readonly nodeEnd: number;
}

/**
 * Adds copies `from` to `to − 1` of a repeat's body as renamed clones of `template`, whose output
 * has the shape of its input. Each of these copies sees that same input shape, so analysing it
 * again would give the template's layers (but for names and copy numbers) and its diagnostics at
 * the same offsets, which the sink drops: cloning costs one unit per layer and nothing per
 * statement, and a body without layers costs nothing at all, whatever the count. A clone's nodes
 * read what the template's read, moved to the clone's own nodes and its own input (the body reads
 * no names, see expandRepeat). Returns the last copy's output, or false when the budget ran out.
 * @param levelCopies the copies of this repeat times those of the repeats around it
 */
export function addCopiesOf(walk: Walk, template: AnalysedCopy, from: number, to: number, levelCopies: number, input: Flow | undefined): Flow | undefined | false {
  if (template.layers.length === 0) return input;
  let current = input;
  for (let i = from; i < to; i++) {
    const clones = new Map<LayerSummary, LayerSummary>();
    for (const layer of template.layers) {
      if (!walk.budget.spend()) return false;
      const name = nextGeneratedName(walk, layer.kind);
      registerName(walk, name, layer.statementRange, false, layer.kind);
      // A layer of a nested repeat advances by the copies its inner repeats make per copy of this one.
      const clone = renamedLayer(layer, name, layer.copy + (i - template.index) * (layer.copies / levelCopies));
      clones.set(layer, clone);
      addLayer(walk, clone);
    }
    const shift = walk.nodes.length - template.nodeStart;
    const copyInput = current;
    const moved = (value: number): number => (value >= template.nodeStart && value < template.nodeEnd ? value + shift : copyInput && value === template.input?.value ? copyInput.value : value);
    for (let n = template.nodeStart; n < template.nodeEnd; n++) {
      const node = walk.nodes[n]!;
      addNode(walk, clones.get(node.layer) ?? node.layer, node.inputs.map(moved));
    }
    current = template.output && { shape: template.output.shape, value: moved(template.output.value) };
  }
  return current;
}
