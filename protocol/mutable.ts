/** A builder's own copy of a record part: writable fields, and lists it can push to. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
