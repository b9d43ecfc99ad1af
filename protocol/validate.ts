/**
 * Small runtime guards that compose: each is a type guard, and the type a composed guard proves is
 * computed from its parts, so `protocol/` can assert at compile time that a guard and the
 * interface it checks describe the same shape (see `SameShape`). No dependency, no `eval`, and
 * every guard is total: it returns true or false for any value, and never throws.
 */

/** A function that says whether a value has type T. */
export type Guard<T> = (value: unknown) => value is T;

/** The type a guard proves. */
export type Guarded<G> = G extends Guard<infer T> ? T : never;

/**
 * Compiles only when A and B are assignable to each other (required and optional keys, readonly
 * arrays and literal types included) and have the same top-level keys, optional ones too:
 * `const _x: SameShape<Guarded<typeof isX>, X> = true`.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : never) : never;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;

/** A plain object (not null, not an array); prototypes other than Object's or null are refused. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export const isString: Guard<string> = (value): value is string => typeof value === 'string';
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';

/** A finite number (JSON has no NaN or infinity, so neither does any message). */
export const isFiniteNumber: Guard<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);

/** A string of at most `maxLength` UTF-16 units. */
export function stringUpTo(maxLength: number): Guard<string> {
  return (value): value is string => typeof value === 'string' && value.length <= maxLength;
}

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): Guard<number> {
  return (value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A finite number in [min, max]. */
export function numberIn(min: number, max: number): Guard<number> {
  return (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** Exactly one value (a message's `type`, a fixed version). */
export function literal<const T extends string | number | boolean | null>(expected: T): Guard<T> {
  return (value): value is T => value === expected;
}

/** One of a fixed list of values. */
export function oneOfValues<const T extends readonly (string | number)[]>(...values: T): Guard<T[number]> {
  return (value): value is T[number] => (typeof value === 'string' || typeof value === 'number') && values.includes(value);
}

/** The value or null. */
export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

/** An array whose every item passes (at most `maxLength` items when given). */
export function arrayOf<T>(item: Guard<T>, maxLength = Number.POSITIVE_INFINITY): Guard<readonly T[]> {
  return (value): value is readonly T[] => {
    if (!Array.isArray(value) || value.length > maxLength) return false;
    for (const entry of value) if (!item(entry)) return false;
    return true;
  };
}

/** An array of finite numbers (the flat numeric arrays bulk data travels in). */
export const isNumberArray: Guard<readonly number[]> = (value): value is readonly number[] => {
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (typeof entry !== 'number' || !Number.isFinite(entry)) return false;
  return true;
};

/** A fixed-length array whose items pass their own guards. */
export function tupleOf<const G extends readonly Guard<unknown>[]>(...items: G): Guard<{ readonly [K in keyof G]: Guarded<G[K]> }> {
  return (value): value is { readonly [K in keyof G]: Guarded<G[K]> } =>
    Array.isArray(value) && value.length === items.length && items.every((guard, i) => guard(value[i]));
}

/** A value that passes any of the guards. */
export function anyOf<const G extends readonly Guard<unknown>[]>(...guards: G): Guard<Guarded<G[number]>> {
  return (value): value is Guarded<G[number]> => guards.some((guard) => guard(value));
}

type Shape = Readonly<Record<string, Guard<unknown>>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ShapeType<Required extends Shape, Optional extends Shape> = Simplify<
  { readonly [K in keyof Required]: Guarded<Required[K]> } & { readonly [K in keyof Optional]?: Guarded<Optional[K]> }
>;

/**
 * A plain object with exactly these keys: every required key present and valid, each optional key
 * absent or valid, and no other key (so a typo in a message is an error, not a silent default).
 */
export function objectOf<const Required extends Shape, const Optional extends Shape = Record<never, never>>(
  required: Required,
  optional?: Optional,
): Guard<ShapeType<Required, Optional>> {
  const requiredKeys = Object.keys(required);
  const optionalKeys = optional ? Object.keys(optional) : [];
  return (value): value is ShapeType<Required, Optional> => {
    if (!isRecord(value)) return false;
    for (const key of requiredKeys) {
      if (!Object.hasOwn(value, key) || !required[key]!(value[key])) return false;
    }
    let seen = requiredKeys.length;
    for (const key of optionalKeys) {
      if (!Object.hasOwn(value, key)) continue;
      seen++;
      if (value[key] !== undefined && !optional![key]!(value[key])) return false;
    }
    return Object.keys(value).length === seen;
  };
}

/** Runs a guard and then a check that needs the typed value (`start <= end`, matching lengths). */
export function refine<T>(guard: Guard<T>, check: (value: T) => boolean): Guard<T> {
  return (value): value is T => guard(value) && check(value);
}

/**
 * A guard for a union discriminated by `type`: looks the guard up by the value's `type`, so a
 * wrong payload fails against its own shape rather than against every member.
 */
export function byType<const M extends Readonly<Record<string, Guard<{ readonly type: string }>>>>(members: M): Guard<Guarded<M[keyof M]>> {
  return (value): value is Guarded<M[keyof M]> => {
    if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(members, value.type)) return false;
    return members[value.type]!(value);
  };
}

// Leaves shared by the guards of events, run records and panel data.

/** A count or an index: a non-negative safe integer (an epoch, a step, a class, a sample). */
export const isCount: Guard<number> = integerIn(0, Number.MAX_SAFE_INTEGER);

/** A share of a whole: a number in [0, 1] (an accuracy, a probability, an explained-variance ratio). */
export const isShare: Guard<number> = numberIn(0, 1);

/** The shares of variance two principal components explain (a 2-D projection's axes). */
export const isExplainedVariance = tupleOf(isShare, isShare);

/** A check for `refine`: a list of points as 2n numbers x0, y0, x1, y1, … */
export const isEven = (values: readonly unknown[]): boolean => values.length % 2 === 0;

/** A check for `refine`: these list fields are columns of one table, one entry per row each. */
export function sameLength<const K extends string>(...keys: K[]): (value: { readonly [P in K]: readonly unknown[] }) => boolean {
  return (value) => keys.every((key) => value[key].length === value[keys[0]!].length);
}
