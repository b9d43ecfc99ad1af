import type { BoundArguments } from './catalog';

/**
 * What the checker knows of a data set's input values before reading them: `unit` when every value
 * lies in [0, 1] (images scaled by 1/255), `outside` when some value is sure to lie outside (points
 * around the origin, waves in [−1, 1], standardised features), `unknown` otherwise (a CSV file's
 * raw columns). `why` says it in words for a diagnostic.
 */
export interface InputValueRange {
  readonly range: 'unit' | 'outside' | 'unknown';
  readonly why: string;
}

export function inputValueRange(dataSet: string, args: BoundArguments): InputValueRange {
  switch (dataSet) {
    case 'digits':
    case 'idx':
    case 'mnist':
    case 'fashion_mnist':
      return { range: 'unit', why: 'pixels scaled to [0, 1]' };
    case 'xor':
    case 'circles':
    case 'moons':
    case 'spirals':
    case 'gaussians':
    case 'plane':
      return { range: 'outside', why: `${dataSet}(…) gives points around the origin, with negative coordinates` };
    case 'signals':
      return { range: 'outside', why: 'signals(…) gives waves between −1 and 1' };
    case 'function': {
      const from = args.number('from');
      const to = args.number('to');
      return from < 0 || to > 1 ? { range: 'outside', why: `function(…) gives x from ${from} to ${to}` } : { range: 'unit', why: `x from ${from} to ${to}` };
    }
    case 'csv':
      return args.flag('normalize') ? { range: 'outside', why: 'csv(…) standardises its features (normalize: true), so they have mean 0' } : { range: 'unknown', why: '' };
    default:
      return { range: 'unknown', why: '' };
  }
}
