import * as protobuf from 'protobufjs/light';
import { modelInputValue, type LayerSummary } from '../../analysis';
import { appliedActivation, findMerge, isMergeKind, layerEntry, type OnnxAttribute, type OnnxGraph, type ParameterName } from '../../analysis/catalog';
import type { Network } from '../../nn/network';
import { finalActivationLayer } from '../pytorch/model-py';
import { weightEntries } from '../weights';
import { onnxSchema } from './schema';

/** The ONNX operator set the exporter targets (LayerNormalization needs 17). */
export const onnxOpset = 17;
/** The IR version that goes with opset 17 (ONNX 1.12). */
export const onnxIrVersion = 8;

export interface OnnxExportOptions {
  /** The model's doc_string (e.g. where it came from). */
  readonly docString?: string;
  readonly producerVersion?: string;
}

const FLOAT = 1;
const INT64 = 7;

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

type Attribute = OnnxAttribute & { f?: number; i?: number; s?: Uint8Array; ints?: number[]; floats?: number[] };

let root: protobuf.Root | undefined;
/** The message types, built once from the JSON descriptor. */
function modelType(): protobuf.Type {
  root ??= protobuf.Root.fromJSON(onnxSchema as unknown as protobuf.INamespace);
  return root.lookupType('onnx.ModelProto');
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function floatBytes(values: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

const int = (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i });
const float = (name: string, f: number): Attribute => ({ name, type: AttributeType.FLOAT, f });
const ints = (name: string, values: readonly number[]): Attribute => ({ name, type: AttributeType.INTS, ints: [...values] });
// Attribute strings are ONNX keywords (ASCII): one byte per character.
const string = (name: string, value: string): Attribute => ({ name, type: AttributeType.STRING, s: Uint8Array.from(value, (c) => c.charCodeAt(0)) });

/** Collects nodes and initializers with unique value names. */
class GraphBuilder implements OnnxGraph {
  readonly int = int;
  readonly float = float;
  readonly ints = ints;
  readonly string = string;
  readonly nodes: object[] = [];
  readonly initializers: object[] = [];
  /** The graph's input and output names are taken from the start, so a layer named `output` or `logits` cannot take them. */
  private readonly used = new Set<string>(['input', 'output', 'logits']);
  /** Reserved names handed out once, by claim(). */
  private readonly claimable = new Set<string>();
  private constants = 0;

  /** A reserved name (`output`) for the next fresh() of exactly that name: the graph's own input or output. */
  claim(name: string): string {
    this.claimable.add(name);
    return name;
  }

  /** A fresh value name based on `base`. */
  fresh(base: string): string {
    if (this.claimable.delete(base)) return base;
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node; returns its (single) output's name. */
  node(op: string, inputs: readonly string[], output: string, attributes: readonly OnnxAttribute[] = []): string {
    const out = this.fresh(output);
    this.nodes.push({ op_type: op, input: [...inputs], output: [out], name: this.fresh(`${output}/${op}`), attribute: [...attributes] });
    return out;
  }

  initializer(name: string, values: Float32Array, dims: readonly number[]): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, data_type: FLOAT, dims: [...dims], raw_data: floatBytes(values) });
    return unique;
  }

  scalar(value: number): string {
    return this.initializer(`const_${++this.constants}`, Float32Array.of(value), []);
  }

  floats(values: readonly number[]): string {
    return this.initializer(`const_${++this.constants}`, Float32Array.from(values), [values.length]);
  }

  constant(values: Float32Array, dims: readonly number[]): string {
    return this.initializer(`const_${++this.constants}`, values, dims);
  }

  int64s(values: readonly number[]): string {
    const name = this.fresh(`const_${++this.constants}`);
    this.initializers.push({ name, data_type: INT64, dims: [values.length], int64_data: [...values] });
    return name;
  }
}

const missing = (name: string): never => {
  throw new Error(`onnx: the network has no tensor ${name}`);
};

const valueInfo = (name: string, elemType: number, shape: readonly (number | string)[]) => ({
  name,
  type: { tensor_type: { elem_type: elemType, shape: { dim: shape.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } },
});

/**
 * The model as an ONNX inference graph (eval mode: batch norm with its running statistics, no
 * dropout), opset 17, with the network's current weights as initializers under their PyTorch
 * names. Input `input` [batch, …input shape] (float32, or int64 token ids when the model starts
 * with an embedding); output `output` [batch, …output shape], what the .dlmodel model outputs, and
 * for a model closing in softmax/sigmoid also `logits`, the scores before it.
 */
export function exportOnnx(network: Network, options: OnnxExportOptions = {}): Uint8Array {
  const model = network.model;
  const graph = new GraphBuilder();
  const weights = new Map(weightEntries(network).map((entry) => [entry.name, entry]));
  const tensor = (layer: string, name: ParameterName): string | undefined => {
    const entry = weights.get(`${layer}.${name}`);
    return entry ? graph.initializer(entry.name, entry.read(), entry.shape) : undefined;
  };
  const first = model.layers[0];
  const tokens = first !== undefined && !isMergeKind(first.kind) && layerEntry(first.kind).readsTokens;
  const inputName = graph.fresh(graph.claim('input'));
  const final = finalActivationLayer(model);
  let logits: string | undefined;

  /** A layer's nodes (its entry's), then its `activation:` value's; the graph's `output` for the closing one. */
  const layer = (summary: LayerSummary, x: string): string => {
    const name = summary.name;
    const activation = appliedActivation(summary);
    const closing = summary === final;
    if (closing && activation?.isLayer) logits = x;
    const y = layerEntry(summary.kind).onnx({
      graph,
      x,
      xs: [x],
      y: closing && activation?.isLayer ? graph.claim('output') : name,
      xIsTokens: tokens && x === inputName,
      args: summary.args!,
      input: summary.inputShape!,
      inputs: [summary.inputShape!],
      output: summary.outputShape!,
      tensor: (tensorName) => tensor(name, tensorName) ?? missing(`${name}.${tensorName}`),
      optional: (tensorName) => tensor(name, tensorName),
    });
    if (!activation || activation.isLayer) return y;
    if (closing) logits = y;
    return activation.entry.onnx(graph, y, closing ? graph.claim('output') : `${name}/${activation.entry.name}`, activation.args);
  };

  // The graph's nodes in order: a layer through its entry, a merge through its own (Add, Concat).
  const values: string[] = [];
  const valueOf = (id: number): string => (id === modelInputValue ? inputName : values[id]!);
  for (const node of model.graph.nodes) {
    const merge = findMerge(node.layer.kind);
    const inputs = node.inputs.map(valueOf);
    values.push(merge ? merge.onnx(graph, inputs, node.layer.name, node.layer.args) : layer(node.layer, inputs[0]!));
  }
  let output = valueOf(model.graph.output);
  if (output !== 'output') output = graph.node('Identity', [output], graph.claim('output'));
  const outputs = [valueInfo(output, FLOAT, ['batch', ...model.output!])];
  if (logits !== undefined) outputs.push(valueInfo(graph.node('Identity', [logits], graph.claim('logits')), FLOAT, ['batch', ...model.output!]));

  const message = {
    ir_version: onnxIrVersion,
    opset_import: [{ domain: '', version: onnxOpset }],
    producer_name: 'dlmodel studio',
    producer_version: options.producerVersion ?? '0.1.0',
    model_version: 1,
    doc_string: options.docString ?? model.name,
    graph: {
      name: model.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(inputName, tokens ? INT64 : FLOAT, ['batch', ...model.input!])],
      output: outputs,
    },
  };
  const type = modelType();
  return type.encode(type.fromObject(message)).finish();
}
