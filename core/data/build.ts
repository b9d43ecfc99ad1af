import type { Random } from '../common/random';
import { loadDigits } from './builtin/digits';
import { loadCsv } from './csv';
import type { Dataset } from './dataset';
import { generateCircles } from './generators/circles';
import { generateFunction } from './generators/function-samples';
import { generateGaussians } from './generators/gaussians';
import { generateMoons } from './generators/moons';
import { generatePlane } from './generators/plane';
import { generateSignals } from './generators/signals';
import { generateSpirals } from './generators/spirals';
import { generateXor } from './generators/xor';
import { loadIdx } from './idx';
import { dataOk, type DataResult } from './result';
import { loadText, type TextSplit, type TextTargets } from './text';

/**
 * A data-set call of spec section 6 with its checked arguments (defaults filled in) and, for the
 * file readers, the files' bytes — read by the caller after the path-safety check.
 */
export type DataSetRequest =
  | { readonly name: 'xor' | 'circles' | 'moons' | 'plane'; readonly points: number; readonly noise: number }
  | { readonly name: 'spirals'; readonly classes: number; readonly points: number; readonly noise: number }
  | { readonly name: 'signals'; readonly classes: number; readonly length: number; readonly samples: number; readonly noise: number }
  | { readonly name: 'gaussians'; readonly classes: number; readonly points: number; readonly spread: number }
  | { readonly name: 'function'; readonly expression: string; readonly from: number; readonly to: number; readonly points: number; readonly noise: number }
  | { readonly name: 'digits'; readonly flat: boolean }
  | { readonly name: 'csv'; readonly bytes: Uint8Array; readonly target?: string; readonly classification: boolean; readonly normalize: boolean }
  /** `idx(…)`, and `mnist(path)`/`fashion_mnist(path)` with their folder's files (and class names). */
  | { readonly name: 'idx'; readonly images: Uint8Array; readonly labels: Uint8Array; readonly limit: number; readonly classNames?: readonly string[] }
  | { readonly name: 'text'; readonly bytes: Uint8Array; readonly context: number; readonly targets: TextTargets; readonly split: TextSplit; readonly stride: number };

/** Builds the whole data set of a call (before the split); generators draw from `random`, the run's data stream. */
export function buildDataSet(request: DataSetRequest, random: Random): DataResult<Dataset> {
  switch (request.name) {
    case 'xor':
      return dataOk(generateXor(request.points, request.noise, random));
    case 'circles':
      return dataOk(generateCircles(request.points, request.noise, random));
    case 'moons':
      return dataOk(generateMoons(request.points, request.noise, random));
    case 'plane':
      return dataOk(generatePlane(request.points, request.noise, random));
    case 'spirals':
      return dataOk(generateSpirals(request.classes, request.points, request.noise, random));
    case 'signals':
      return dataOk(generateSignals(request.classes, request.length, request.samples, request.noise, random));
    case 'gaussians':
      return dataOk(generateGaussians(request.classes, request.points, request.spread, random));
    case 'function':
      return generateFunction(request.expression, request.from, request.to, request.points, request.noise, random);
    case 'digits':
      return dataOk(loadDigits(request.flat));
    case 'csv':
      return loadCsv(request.bytes, { ...(request.target === undefined ? {} : { target: request.target }), classification: request.classification });
    case 'idx':
      return loadIdx(request.images, request.labels, request.limit, request.classNames);
    case 'text':
      return loadText(request.bytes, request.context, request.targets, request.stride);
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}
