/**
 * .dlmodel names (identifiers, `[A-Za-z_][A-Za-z0-9_]*`) as names in the generated Python:
 * the model's class name, which must not rebind anything model.py or train.py use, and how each
 * layer is held by its nn.Module, which must not clash with nn.Module's own attributes.
 */

/** Python's keywords (3.13), soft keywords and Python 2's print/exec included. */
const pythonKeywords = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield', 'match', 'case', 'type', '_', 'print', 'exec',
]);

/** Python's builtins (3.11–3.13, dunders aside): a class of that name would shadow one train.py may call. */
const pythonBuiltins = [
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BaseExceptionGroup', 'BlockingIOError', 'BrokenPipeError',
  'BufferError', 'BytesWarning', 'ChildProcessError', 'ConnectionAbortedError', 'ConnectionError', 'ConnectionRefusedError',
  'ConnectionResetError', 'DeprecationWarning', 'EOFError', 'Ellipsis', 'EncodingWarning', 'EnvironmentError', 'Exception', 'ExceptionGroup',
  'FileExistsError', 'FileNotFoundError', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError', 'ImportWarning',
  'IndentationError', 'IndexError', 'InterruptedError', 'IsADirectoryError', 'KeyError', 'KeyboardInterrupt', 'LookupError', 'MemoryError',
  'ModuleNotFoundError', 'NameError', 'NotADirectoryError', 'NotImplemented', 'NotImplementedError', 'OSError', 'OverflowError',
  'PendingDeprecationWarning', 'PermissionError', 'ProcessLookupError', 'PythonFinalizationError', 'RecursionError', 'ReferenceError',
  'ResourceWarning', 'RuntimeError', 'RuntimeWarning', 'StopAsyncIteration', 'StopIteration', 'SyntaxError', 'SyntaxWarning', 'SystemError',
  'SystemExit', 'TabError', 'TimeoutError', 'TypeError', 'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError',
  'UnicodeTranslateError', 'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError', 'abs', 'aiter', 'all', 'anext',
  'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr', 'classmethod', 'compile', 'complex', 'copyright',
  'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'exit', 'filter', 'float', 'format', 'frozenset', 'getattr',
  'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'license', 'list', 'locals',
  'map', 'max', 'memoryview', 'min', 'next', 'object', 'oct', 'open', 'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr', 'reversed',
  'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
];

/**
 * Every name model.py and train.py bind or read — imports, globals, functions, locals, keyword
 * arguments (a test tokenizes generated files and checks that this list covers them). The class
 * is imported into train.py's globals, so a model named `json`, `EPOCHS`, `main` or `model`
 * (main's local `model = Model()`) would break it.
 */
const generatedNames = [
  // train.py: imports, globals, functions.
  'argparse', 'json', 'math', 'os', 'sys', 'time', 'warnings', 'torch', 'nn', 'F', 'dl', 'dlmodel_support', 'model', 'DistributedDataParallel', 'dist',
  'HERE', 'SEED', 'EPOCHS', 'BATCH', 'VALIDATION', 'SPLIT_CONTIGUOUS', 'LOSS', 'DATA', 'STANDARDIZE', 'CLASSES', 'EXPECTED_INITIAL_LOSS', 'INIT_FROM_FILE',
  'PROBE_SIZE', 'MODEL_NAME', 'TRAIN_NAME', 'PARAMETER_LAYERS', 'INIT_ORDER', 'READS_LOGITS', 'CLIP_NORM', 'WARMUP', 'SCHEDULE_STEPS',
  'EARLY_STOPPING', 'MIN_DELTA', 'TARGET_INPUT', 'AUGMENT', 'make_optimizer', 'make_schedule',
  'per_sample_loss', 'correct_count', 'regression_targets', 'loss_divisor', 'CLASS_WEIGHTS', 'LABEL_SMOOTHING', 'finite', 'evaluate', 'parse_arguments', 'main',
  // train.py: locals and keyword arguments.
  'action', 'alpha', 'arguments', 'argv', 'b', 'batch', 'batch_size', 'batch_sums', 'betas', 'bias', 'centered', 'chunk', 'correct', 'count',
  'beta', 'dampening', 'default', 'delta', 'divisor', 'label_smoothing', 'weight', 'description', 'device', 'device_ids', 'distributed', 'dropout', 'dtype', 'elapsed', 'emit', 'end', 'epoch',
  'epochs', 'eps', 'eta_min', 'event', 'flush', 'full', 'gamma', 'help', 'high', 'index', 'init_file', 'initial_accumulator_value',
  'initial_loss', 'inputs', 'last', 'local_rank', 'logits', 'loss', 'loss_sum', 'losses', 'low', 'lr', 'lr_decay', 'momentum', 'nesterov',
  'network', 'optimizer', 'order', 'parameters', 'parser', 'probe', 'rank', 'reduction', 'rows', 'schedule', 'scores', 'seed', 'seen',
  'signs', 'start', 'started', 'step_size', 'steps', 'steps_per_epoch', 'streams', 'sums', 'targets', 'tensors', 'total', 'train_x',
  'train_y', 'T_max', 'v', 'val_accuracy', 'val_loss', 'val_x', 'val_y', 'value', 'weight_decay', 'world', 'x', 'y',
  'after', 'anneal_strategy', 'best_epoch', 'best_event', 'best_loss', 'best_state', 'cooldown', 'current', 'cycle_momentum', 'div_factor',
  'end_factor', 'factor', 'final', 'final_div_factor', 'max_lr', 'milestones', 'min_lr', 'mode', 'patience', 'pct_start', 'start_factor',
  'step_lr', 'stopping', 'three_phase', 'threshold', 'threshold_mode', 'total_iters', 'total_steps', 'waited', 'warmup', 'watches_validation',
  // model.py: imports, class attributes, forward's arguments and layer arguments.
  'Optional', 'Tensor', 'INPUT_SHAPE', 'TOKENS', 'KEYED_LAYERS', 'self', 'name', 'dilation', 'dim', 'kernel_size', 'negative_slope', 'p',
  // train.py: text models' per-position targets and metadata, the VAE's noise, prediction counts.
  'POSITIONS', 'TEXT_METADATA', 'class_scores', 'detached', 'noise', 'predictions', 's',
  'padding', 'stride', 'forward', 'model_input',
  // model.py: the helper class of sinusoidal_positions() and attention's keyword arguments.
  'SinusoidalPositions', 'need_weights', 'attn_mask', 'batch_first', 'diagonal',
];

const reservedClassNames = new Set([...pythonKeywords, ...pythonBuiltins, ...generatedNames]);

/** Whether a class of this name would rebind or shadow a name of model.py or train.py. */
export function isReservedClassName(name: string): boolean {
  // <layer>_out: forward()'s kept values (branch points, merge inputs); dunders: __name__ would stop train.py's main guard.
  return reservedClassNames.has(name) || name.endsWith('_out') || name.startsWith('__');
}

/**
 * The class name for a model: its own name, or `<name>Model` (`<name>Model2`, …) when that is
 * reserved; a dunder name gets the prefix instead (`Model__class__`), as any suffix would keep it a
 * dunder. Only finitely many names are reserved, so the search ends.
 */
export function pythonClassName(model: string): string {
  if (!isReservedClassName(model)) return model;
  const named = (suffix: string): string => (model.startsWith('__') ? `Model${suffix}${model}` : `${model}Model${suffix}`);
  let candidate = named('');
  for (let n = 2; isReservedClassName(candidate); n++) candidate = named(String(n));
  return candidate;
}

/**
 * Public attributes and methods of torch.nn.Module (PyTorch 1.13–2.x) and the generated class's
 * own: a submodule assigned as `self.<name>` would shadow them, or be shadowed (a test checks
 * this list against dir(nn.Module()) of the installed PyTorch). Private names (a leading `_`:
 * `_modules`, `_apply`, `_version`, …) are all kept out by isPlainAttribute.
 */
const moduleAttributes = new Set([
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'children', 'compile', 'cpu', 'cuda', 'double', 'dump_patches', 'eval',
  'extra_repr', 'float', 'forward', 'get_buffer', 'get_extra_state', 'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict',
  'modules', 'mtia', 'named_buffers', 'named_children', 'named_modules', 'named_parameters', 'parameters', 'register_backward_hook',
  'register_buffer', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook', 'register_full_backward_pre_hook',
  'register_load_state_dict_post_hook', 'register_load_state_dict_pre_hook', 'register_module', 'register_parameter',
  'register_state_dict_hook', 'register_state_dict_post_hook', 'register_state_dict_pre_hook', 'requires_grad_', 'set_extra_state',
  'set_submodule', 'share_memory', 'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad', 'call_super_init',
  // The generated class's own attributes.
  'INPUT_SHAPE', 'TOKENS', 'KEYED_LAYERS',
]);

/**
 * Whether a layer can be a plain attribute (`self.dense_1`). Otherwise model.py registers it by
 * key (`self._modules["training"]`), which keeps its state_dict keys (`training.weight`).
 */
export function isPlainAttribute(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !pythonKeywords.has(name) && !moduleAttributes.has(name);
}
