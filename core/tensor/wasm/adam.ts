import type { AdamSlots, AdamStep } from '../kernels/adam';
import { align, type Arena } from './runtime';

/**
 * `adamUpdate` in one call of $adam over every parameter: the values, gradients and moments of all
 * of them copied in one after the other (`count` in all), updated four at a time, and the values and
 * moments copied back. False where the memory cannot grow that far.
 */
export function wasmAdam(arena: Arena, slots: AdamSlots, step: AdamStep, count: number): boolean {
  const region = align(4 * count);
  if (!arena.begin(4 * region)) return false;
  const thetaAt = arena.take(count);
  const gradAt = arena.take(count);
  const mAt = arena.take(count);
  const vAt = arena.take(count);
  const { parameters, firstMoments, secondMoments } = slots;
  let offset = 0;
  for (let index = 0; index < parameters.length; index++) {
    const { data, grad } = parameters[index]!;
    const bytes = 4 * offset;
    arena.put(thetaAt + bytes, data, 0, data.length);
    arena.put(gradAt + bytes, grad, 0, data.length);
    arena.put(mAt + bytes, firstMoments[index]!, 0, data.length);
    arena.put(vAt + bytes, secondMoments[index]!, 0, data.length);
    offset += data.length;
  }
  const { beta1, beta2, eps, stepSize, correction2Sqrt, decay, coupled } = step;
  arena.kernels.adam(thetaAt, gradAt, mAt, vAt, count, decay, coupled, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Sqrt, eps);
  offset = 0;
  for (let index = 0; index < parameters.length; index++) {
    const { data } = parameters[index]!;
    const bytes = 4 * offset;
    arena.get(thetaAt + bytes, data, 0, data.length);
    arena.get(mAt + bytes, firstMoments[index]!, 0, data.length);
    arena.get(vAt + bytes, secondMoments[index]!, 0, data.length);
    offset += data.length;
  }
  return true;
}
