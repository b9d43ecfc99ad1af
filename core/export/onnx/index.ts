import * as protobuf from 'protobufjs/light';
import type { LayerSummary, ModelStep } from '../../analysis';
import type { Network } from '../../nn/network';
import { convPadding, finalActivationLayer, poolStride } from '../pytorch/model-py';
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

type Attribute = { name: string; type: number; f?: number; i?: number; s?: Uint8Array; ints?: number[]; floats?: number[] };

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

/** Collects nodes and initializers with unique value names. */
class GraphBuilder {
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
  node(op: string, inputs: readonly string[], output: string, attributes: Attribute[] = [], name = output): string {
    const out = this.fresh(output);
    this.nodes.push({ op_type: op, input: [...inputs], output: [out], name: this.fresh(`${name}/${op}`), attribute: attributes });
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
}

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
  const param = (layer: string, kind: string): string | undefined => {
    const entry = weights.get(`${layer}.${kind}`);
    return entry ? graph.initializer(entry.name, entry.read(), entry.shape) : undefined;
  };
  const tokens = model.layers[0]?.kind === 'embedding';
  const inputName = graph.fresh(graph.claim('input'));
  const final = finalActivationLayer(model);
  let logits: string | undefined;

  const activation = (kind: string, x: string, name: string, args: LayerSummary['args'] | undefined): string => {
    const value = (argument: string, fallback: number): number => (args && args.get(argument) !== undefined ? args.number(argument) : fallback);
    switch (kind) {
      case 'linear':
        return x;
      case 'relu':
        return graph.node('Relu', [x], name);
      case 'leaky_relu':
        return graph.node('LeakyRelu', [x], name, [float('alpha', value('slope', 0.01))]);
      case 'elu':
        return graph.node('Elu', [x], name, [float('alpha', value('alpha', 1))]);
      case 'gelu': {
        // x·½(1 + erf(x/√2)): the Gelu operator arrives only in opset 20.
        const scaled = graph.node('Div', [x, graph.scalar(Math.SQRT2)], `${name}/scaled`);
        const erf = graph.node('Erf', [scaled], `${name}/erf`);
        const plusOne = graph.node('Add', [erf, graph.scalar(1)], `${name}/plus_one`);
        const times = graph.node('Mul', [x, plusOne], `${name}/times_x`);
        return graph.node('Mul', [times, graph.scalar(0.5)], name);
      }
      case 'tanh':
        return graph.node('Tanh', [x], name);
      case 'sigmoid':
        return graph.node('Sigmoid', [x], name);
      case 'softplus':
        return graph.node('Softplus', [x], name);
      case 'softmax':
        return graph.node('Softmax', [x], name, [int('axis', -1)]);
      default:
        throw new Error(`onnx: no operator for activation '${kind}'`);
    }
  };

  const layer = (summary: LayerSummary, x: string): string => {
    const name = summary.name;
    const args = summary.args!;
    const input = summary.inputShape!;
    const closing = (value: string, kind: string): string => {
      if (summary === final) logits = value;
      return activation(kind, value, summary === final ? graph.claim('output') : `${name}/${kind}`, undefined);
    };
    switch (summary.kind) {
      case 'dense': {
        const weight = param(name, 'weight')!;
        const bias = param(name, 'bias');
        let y: string;
        if (input.length === 1) y = graph.node('Gemm', bias ? [x, weight, bias] : [x, weight], name, [int('transB', 1)]);
        else {
          const transposed = graph.node('Transpose', [weight], `${name}/weight_t`, [ints('perm', [1, 0])]);
          y = graph.node('MatMul', [x, transposed], bias ? `${name}/matmul` : name);
          if (bias) y = graph.node('Add', [y, bias], name);
        }
        return closing(y, args.text('activation'));
      }
      case 'conv2d': {
        const weight = param(name, 'weight')!;
        const bias = param(name, 'bias');
        const [ph, pw] = convPadding(args);
        const y = graph.node('Conv', bias ? [x, weight, bias] : [x, weight], name, [
          ints('kernel_shape', args.pair('kernel')),
          ints('strides', args.pair('stride')),
          ints('pads', [ph, pw, ph, pw]),
          ints('dilations', args.pair('dilation')),
          int('group', 1),
        ]);
        return closing(y, args.text('activation'));
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        const [ph, pw] = args.pair('padding');
        const attributes = [ints('kernel_shape', args.pair('size')), ints('strides', poolStride(args)), ints('pads', [ph, pw, ph, pw])];
        if (summary.kind === 'avgpool2d') attributes.push(int('count_include_pad', 1));
        return graph.node(summary.kind === 'maxpool2d' ? 'MaxPool' : 'AveragePool', [x], name, attributes);
      }
      case 'globalavgpool2d':
        return graph.node('Flatten', [graph.node('GlobalAveragePool', [x], `${name}/pool`)], name, [int('axis', 1)]);
      case 'flatten':
        return graph.node('Flatten', [x], name, [int('axis', 1)]);
      case 'dropout':
        return x; // the identity at inference
      case 'batchnorm':
        return graph.node('BatchNormalization', [x, param(name, 'weight')!, param(name, 'bias')!, param(name, 'running_mean')!, param(name, 'running_var')!], name, [
          float('epsilon', args.number('eps')),
          // ONNX's momentum weighs the running value (PyTorch's weighs the batch); unused at inference.
          float('momentum', 1 - args.number('momentum')),
        ]);
      case 'layernorm':
        return graph.node('LayerNormalization', [x, param(name, 'weight')!, param(name, 'bias')!], name, [int('axis', -1), float('epsilon', args.number('eps'))]);
      case 'embedding': {
        const indices = tokens && x === inputName ? x : graph.node('Cast', [x], `${name}/indices`, [int('to', INT64)]);
        return graph.node('Gather', [param(name, 'weight')!, indices], name, [int('axis', 0)]);
      }
      default: {
        if (summary === final) logits = x;
        return activation(summary.kind, x, summary === final ? graph.claim('output') : name, args);
      }
    }
  };

  const run = (steps: readonly ModelStep[], x: string): string => {
    let current = x;
    for (const step of steps) {
      if (step.kind === 'residual') {
        const body = run(step.body, current);
        const shortcut = step.shortcut ? run(step.shortcut, current) : current;
        current = graph.node('Add', [body, shortcut], step.sum.name);
      } else current = layer(step.layer, current);
    }
    return current;
  };
  let output = run(model.steps, inputName);
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
