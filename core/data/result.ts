/** Why a data set could not be built, in words for the user, and the argument it is about. */
export interface DataError {
  readonly message: string;
  /** The argument of the data-set call the error is about (`path`, `target`, `expression`, …). */
  readonly argument?: string;
  /** An offset inside a string argument's value (expression errors), so a diagnostic can point into it. */
  readonly offsetInValue?: number;
}

/** A value, or the reason there is none. Loaders never throw on bad input; they return an error. */
export type DataResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DataError };

/** A successful result. */
export function dataOk<T>(value: T): DataResult<T> {
  return { ok: true, value };
}

/** A failed result with a message about one argument. */
export function dataError<T>(message: string, argument?: string, offsetInValue?: number): DataResult<T> {
  return { ok: false, error: { message, ...(argument === undefined ? {} : { argument }), ...(offsetInValue === undefined ? {} : { offsetInValue }) } };
}
