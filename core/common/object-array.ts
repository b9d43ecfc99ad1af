/**
 * An empty array whose elements kind is already "any object". An array made by `[]` starts as an
 * array of small integers and changes its map at its first push of an object, so code V8 has
 * optimised on arrays that were filled long ago (a tape's buffer lists, a run's events) deoptimises
 * on the fresh one the next run makes ("not a Smi") and is compiled again: in a sweep's worker,
 * once per run. Its elements kind never goes back, so the array stays on one map for good.
 */
export function objectArray<T extends object>(): T[] {
  const array: object[] = [placeholder];
  array.pop();
  return array as T[];
}

const placeholder = {};
