/**
 * A key/value cache for generating with a causal-attention text model: each new token runs
 * through the network alone, at its position, and each attention layer attends to the keys and
 * values it kept for the earlier positions instead of recomputing the whole window.
 *
 * This is exact only when nothing before a position changes as tokens are added, so the tokens
 * keep their positions: the sequence is anchored at position 0 (see anchored-generator.ts), and a
 * model qualifies only when every layer acts on each position alone (dense, layernorm, dropout,
 * embedding, activations, add) or is a causal attention or an additive position encoding.
 * Anything else (lstm, flatten, non-causal attention, …) returns undefined from `create`.
 */
import type { LayerSummary, ModelSummary } from '../analysis';
import type { TextTargets } from '../data/text';
import { modelInputValue } from '../analysis';
import { findMerge, layerEntry } from '../analysis/catalog';
import type { Network } from '../nn/network';
import * as t from '../tensor';

const positionwiseKinds: ReadonlySet<string> = new Set(['dense', 'layernorm', 'dropout', 'embedding']);
const positionKinds: ReadonlySet<string> = new Set(['positional_embedding', 'sinusoidal_positions']);

/** Whether a layer can run one position at a time with this cache. */
function cacheable(layer: LayerSummary): boolean {
  if (findMerge(layer.kind)) return layer.kind === 'add';
  if (layer.kind === 'attention') return layer.args?.flag('causal') === true;
  return positionwiseKinds.has(layer.kind) || positionKinds.has(layer.kind) || layerEntry(layer.kind).category === 'activation';
}

/**
 * Whether text generation from this model uses the anchored sequence and its cache: a model that
 * reads one line of tokens, trained on every position (targets: all), with only layers the cache
 * runs one position at a time and at least one causal attention. generate.py follows the same rule.
 */
export function anchoredSequence(model: ModelSummary, targets: TextTargets): boolean {
  const nodes = model.graph.nodes;
  return targets === 'all' && model.input?.length === 1 && nodes.every(({ layer }) => cacheable(layer)) && nodes.some(({ layer }) => layer.kind === 'attention');
}

/** One attention layer's keys and values of the positions so far, row by row ([context, d] each). */
interface LayerCache {
  readonly keys: Float32Array;
  readonly values: Float32Array;
}

/** Runs a network one token at a time, keeping each causal attention layer's keys and values. */
export class KeyValueCache {
  private readonly caches = new Map<LayerSummary, LayerCache>();
  private position = 0;

  private constructor(
    private readonly network: Network,
    /** The longest sequence: the model's input length. */
    readonly context: number,
  ) {}

  /** The cache for this network (trained with targets: all), or undefined when `anchoredSequence` refuses it. */
  static create(network: Network): KeyValueCache | undefined {
    const { model } = network;
    const context = model.input?.[0];
    if (context === undefined || !anchoredSequence(model, 'all')) return undefined;
    return new KeyValueCache(network, context);
  }

  /** Tokens fed since the last reset: the position the next one takes. */
  get length(): number {
    return this.position;
  }

  /** Forgets every position. */
  reset(): void {
    this.position = 0;
  }

  /** Feeds `token` at the next position; returns the model's output row there (a copy: [V]). */
  append(token: number): Float32Array {
    if (this.position >= this.context) throw new RangeError(`the cache holds ${this.context} positions: reset it first`);
    const tape = new t.Tape();
    const row = tape.run(() => t.noGrad(() => this.forwardPosition(token).data.slice()));
    tape.reset();
    this.position++;
    return row;
  }

  private forwardPosition(token: number): t.Tensor {
    const input = t.tensor(Float32Array.of(token), [1, 1]);
    const values: t.Tensor[] = [];
    const valueOf = (id: number): t.Tensor => (id === modelInputValue ? input : values[id]!);
    for (const { layer, inputs } of this.network.model.graph.nodes) {
      const merge = findMerge(layer.kind);
      const x = valueOf(inputs[0]!);
      if (merge) values.push(merge.forward(t, inputs.map(valueOf), layer.args));
      else if (layer.kind === 'attention') values.push(this.attend(layer, x));
      else if (positionKinds.has(layer.kind)) values.push(this.addPosition(layer, x));
      else values.push(this.network.forwardLayer(layer, x, { training: false }));
    }
    return valueOf(this.network.model.graph.output);
  }

  /** An additive position encoding (x + P[position]): P's row taken from the layer run on zeros up to this position. */
  private addPosition(layer: LayerSummary, x: t.Tensor): t.Tensor {
    const width = x.shape[x.shape.length - 1]!;
    const table = this.network.forwardLayer(layer, t.zeros([1, this.position + 1, width]), { training: false });
    return t.add(x, t.narrow(table, 1, this.position, 1));
  }

  private cacheOf(layer: LayerSummary, width: number): LayerCache {
    let cache = this.caches.get(layer);
    if (!cache) {
      cache = { keys: new Float32Array(this.context * width), values: new Float32Array(this.context * width) };
      this.caches.set(layer, cache);
    }
    return cache;
  }

  /** The attention layer's output at this position (catalog/layers/attention.ts for one query row). */
  private attend(layer: LayerSummary, x: t.Tensor): t.Tensor {
    const state = this.network.stateOf(layer.name)!;
    const parameter = (name: string): t.Tensor => state.tensors.find((tensor) => tensor.spec.name === name)!.parameter!;
    const width = x.shape[x.shape.length - 1]!;
    const heads = layer.args!.number('heads');
    const headSize = width / heads;
    const length = this.position + 1;
    const packed = t.addBias(t.matmul(t.reshape(x, [1, 1, width]), parameter('in_proj_weight')), parameter('in_proj_bias'));
    const cache = this.cacheOf(layer, width);
    cache.keys.set(packed.data.subarray(width, 2 * width), this.position * width);
    cache.values.set(packed.data.subarray(2 * width, 3 * width), this.position * width);
    const split = (rows: t.Tensor, count: number): t.Tensor => t.permute(t.reshape(rows, [1, count, heads, headSize]), [0, 2, 1, 3]);
    const q = split(t.narrow(packed, 2, 0, width), 1);
    const k = split(t.tensor(cache.keys.slice(0, length * width), [1, length, width]), length);
    const v = split(t.tensor(cache.values.slice(0, length * width), [1, length, width]), length);
    // Every cached position is at or before this one: the causal mask hides nothing here.
    const weights = t.softmax(t.batchMatmul(t.mulScalar(q, 1 / Math.sqrt(headSize)), k, true));
    const joined = t.reshape(t.permute(t.batchMatmul(weights, v), [0, 2, 1, 3]), [1, 1, width]);
    return t.addBias(t.matmul(joined, parameter('out_proj.weight')), parameter('out_proj.bias'));
  }
}
