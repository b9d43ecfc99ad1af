/** Small helpers for writing Python source text. */

/** A number as a Python literal (JavaScript's shortest round-trip form is valid Python). */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`no Python literal for ${value}`);
  return String(value);
}

/** A number as a Python float literal (`1.0`, `0.001`, `1e-08`). */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** A string as a Python literal (JSON's escapes are valid in Python strings, ASCII-only output). */
export function pyString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A boolean as Python. */
export const pyBool = (value: boolean): string => (value ? 'True' : 'False');

/** A square pair as one integer, otherwise a tuple. */
export function pyPair(pair: readonly [number, number]): string {
  return pair[0] === pair[1] ? pyNumber(pair[0]) : `(${pyNumber(pair[0])}, ${pyNumber(pair[1])})`;
}

/** A tuple of integers (`(2,)` for one). */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${pyNumber(values[0]!)},)` : `(${values.map(pyNumber).join(', ')})`;
}

/** Python's keywords (3.11), soft keywords included: never usable as attribute names. */
const pythonKeywords = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield', 'match', 'case', 'print', 'exec',
]);

/** Attributes and methods of torch.nn.Module (PyTorch 1.13–2.x): a submodule must not shadow them. */
const moduleAttributes = new Set([
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'children', 'compile', 'cpu', 'cuda', 'double', 'dump_patches', 'eval',
  'extra_repr', 'float', 'forward', 'get_buffer', 'get_extra_state', 'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict',
  'modules', 'mtia', 'named_buffers', 'named_children', 'named_modules', 'named_parameters', 'parameters', 'register_backward_hook',
  'register_buffer', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook', 'register_full_backward_pre_hook',
  'register_load_state_dict_post_hook', 'register_load_state_dict_pre_hook', 'register_module', 'register_parameter',
  'register_state_dict_hook', 'register_state_dict_post_hook', 'register_state_dict_pre_hook', 'requires_grad_', 'set_extra_state',
  'set_submodule', 'share_memory', 'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad', 'call_super_init',
  // The generated class's own attributes.
  'INPUT_SHAPE', 'TOKENS', 'logits',
]);

/** Whether a layer name can be a plain attribute (`self.dense_1`); otherwise it is registered by name. */
export function isPlainAttribute(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.startsWith('__') && !pythonKeywords.has(name) && !moduleAttributes.has(name);
}

/** Names a Python class may not take in the generated module (its imports and keywords). */
export function pythonClassName(model: string): string {
  const taken = new Set(['torch', 'nn', 'F', 'math', 'Optional', 'Tensor']);
  return pythonKeywords.has(model) || taken.has(model) || model.startsWith('__') ? `${model}Model` : model;
}
