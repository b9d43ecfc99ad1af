import type { ArgumentValue } from './catalog';
import type { Value } from '../syntax/tree';

/**
 * An argument's value as a person would write it: `16`, `true`, `relu`, `[2, 2]`,
 * `adam(lr: 0.01)`. Used where two values are compared or shown side by side (model diff), so
 * equal values always read the same, whichever way they were written (`1_000` reads `1000`).
 */
export function argumentValueText(value: ArgumentValue): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly number[]).join(', ')}]`;
  return syntaxValueText(value as Value);
}

function syntaxValueText(value: Value): string {
  switch (value.kind) {
    case 'Number':
      return String(value.value);
    case 'String':
      return JSON.stringify(value.value);
    case 'Boolean':
      return String(value.value);
    case 'Name':
      return value.text;
    case 'List':
      return `[${value.items.map(syntaxValueText).join(', ')}]`;
    case 'Call': {
      const args = value.args.map((arg) => {
        const text = arg.value === undefined ? '' : syntaxValueText(arg.value);
        return arg.name === undefined ? text : `${arg.name.text}: ${text}`;
      });
      return `${value.callee.text}(${args.join(', ')})`;
    }
    default: {
      const unreachable: never = value;
      return String(unreachable);
    }
  }
}
