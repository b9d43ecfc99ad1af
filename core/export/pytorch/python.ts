/** Numbers and booleans as Python source text (strings: python-text.ts; names: python-names.ts). */

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
