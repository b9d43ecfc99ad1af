import { closestName } from '../core/common/suggest';
import { UsageError } from './output';

/**
 * The command line of one `dlmodel` command: `--name value`, `--name=value`, flags, positionals,
 * and `--` before positionals that start with a dash. Written here rather than with node's
 * parseArgs so that each mistake gets a message that says the fix: a misspelt option gets
 * "did you mean", and a value may start with a dash (`--epochs -3` is "must be ≥ 1", not
 * "ambiguous").
 */

/** A mistake on the command line itself: its message names the fix; main points at --help. */
export class ArgumentError extends UsageError {}

export interface CommandLine<Flag extends string, Value extends string> {
  flag(name: Flag): boolean;
  value(name: Value): string | undefined;
  readonly positionals: readonly string[];
  /** `--help` or `-h` was given: print the usage instead of running. */
  readonly help: boolean;
}

/** Parses `args` for `command`, which knows these flags and value options (names without `--`). */
export function parseCommandLine<Flag extends string, Value extends string>(command: string, args: readonly string[], flags: readonly Flag[], values: readonly Value[]): CommandLine<Flag, Value> {
  const seenFlags = new Set<string>();
  const seenValues = new Map<string, string>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') help = true;
    else if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) positionals.push(arg);
    else {
      const [name, inline] = splitOption(arg);
      if ((flags as readonly string[]).includes(name)) {
        if (inline !== undefined) throw new ArgumentError(`--${name} is a switch and takes no value; got '${arg}'`);
        seenFlags.add(name);
      } else if ((values as readonly string[]).includes(name)) {
        const value = inline ?? args[i + 1];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new ArgumentError(`--${name} needs a value: --${name} ${metavariable(name)}`);
        if (inline === undefined) i++;
        seenValues.set(name, value);
      } else throw unknownOption(command, arg, name, [...flags, ...values]);
    }
  }
  return { flag: (name) => seenFlags.has(name), value: (name) => seenValues.get(name), positionals, help };
}

/** `--name=value` → [name, value]; `--name` → [name, undefined]; `-x` → ['x', undefined]. */
function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, '');
  const equals = body.indexOf('=');
  return equals < 0 ? [body, undefined] : [body.slice(0, equals), body.slice(equals + 1)];
}

function unknownOption(command: string, arg: string, name: string, known: readonly string[]): ArgumentError {
  const suggestion = closestName(name, known);
  const choices = known.map((k) => `--${k}`).join(', ');
  return new ArgumentError(`${command} has no option ${arg.split('=')[0]}${suggestion === undefined ? `; it takes ${choices}` : ` — did you mean --${suggestion}?`}`);
}

const metavariables: Readonly<Record<string, string>> = { root: 'DIR', report: 'OUT.html', save: 'W.safetensors', init: 'W.safetensors', replay: 'RECORD', to: 'pytorch|onnx', out: 'PATH', train: 'NAME', model: 'NAME', memory: 'MB', weights: 'W.safetensors', prompt: 'TEXT', temperature: 'T', 'top-k': 'K' };
const metavariable = (name: string): string => metavariables[name] ?? 'N';

/** An integer option in [min, max], or undefined when absent; anything else says the allowed range. */
export function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) throw new ArgumentError(`--${name} takes a whole number from ${min} to ${max}; got '${text}'`);
  const value = Number(text);
  if (value < min) throw new ArgumentError(`--${name} must be ≥ ${min}; got ${text.trim()}`);
  if (value > max) throw new ArgumentError(`--${name} must be ≤ ${max}; got ${text.trim()}`);
  return value;
}

/** A number option in [min, max], or undefined when absent; anything else says the allowed range. */
export function numberOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new ArgumentError(`--${name} takes a number from ${min} to ${max}; got '${text}'`);
  if (value < min) throw new ArgumentError(`--${name} must be ≥ ${min}; got ${text.trim()}`);
  if (value > max) throw new ArgumentError(`--${name} must be ≤ ${max}; got ${text.trim()}`);
  return value;
}

/** An unknown command, with the closest real one when it looks like a typo. */
export function unknownCommand(command: string, commands: readonly string[]): ArgumentError {
  const suggestion = closestName(command, commands);
  return new ArgumentError(`unknown command '${command}'${suggestion === undefined ? `; the commands are ${commands.join(', ')}` : ` — did you mean '${suggestion}'?`}`);
}
