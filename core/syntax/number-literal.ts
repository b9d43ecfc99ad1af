/**
 * Number literals: where one ends and whether it is well formed.
 *
 * Boundaries. A number starts at a digit, at `.` followed by a digit, or at `-` directly followed
 * by a digit or by `.digit`. From there the lexer takes the whole "number-like run": digits, ASCII
 * letters, `_` and `.`, plus a `+` or `-` right after the first letter when that letter is `e`/`E`
 * (the exponent sign). The run is then checked as a whole. So `12abc`, `1.2.3`, `1__0`, `1_`, `1e`,
 * `1e+` and `0x1F` are each ONE number token with value NaN and one DL103, rather than a number
 * glued to an identifier, which would produce a confusing second error from the parser.
 * A `-` or `+` elsewhere ends the run: `16-3` is `16` then `-3`.
 *
 * Accepted forms: `42`, `-3`, `0.5`, `.5`, `1.` (as in Python), `1e-3`, `2.5E+4`, `1_000`
 * (`_` only between two digits, also in the fraction and exponent). Leading zeros are allowed.
 */

const wellFormed = /^-?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True when a number token starts at `offset` (see the boundary rules above). */
export function startsNumber(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (isDigit(code)) return true;
  if (code === 46 /* . */) return isDigit(text.charCodeAt(offset + 1));
  if (code === 45 /* - */) {
    const next = text.charCodeAt(offset + 1);
    return isDigit(next) || (next === 46 && isDigit(text.charCodeAt(offset + 2)));
  }
  return false;
}

/** The end (exclusive) of the number-like run starting at `start`; call only where `startsNumber` holds. */
export function scanNumberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === 45) i++;
  let lettersSeen = 0;
  let previous = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isDigit(code) || code === 95 /* _ */ || code === 46 /* . */) {
      // accepted as part of the run
    } else if (isAsciiLetter(code)) {
      lettersSeen++;
    } else if ((code === 43 || code === 45) && lettersSeen === 1 && (previous === 101 || previous === 69)) {
      // the exponent sign of `1e-3`
    } else {
      break;
    }
    previous = code;
    i++;
  }
  return i;
}

/** The value of a well-formed number's text, or NaN when it is malformed. */
export function numberValue(text: string): number {
  // Fast path for the common plain integer (`16`, `-3`): no regular expression, no copy, and
  // no general string-to-number conversion (a tenth of a large file's parse); summed digit by
  // digit, which is exact for up to 15 digits.
  const negative = text.charCodeAt(0) === 45;
  if (text.length === 0 || text.length > 15 || (negative && text.length === 1)) return generalNumberValue(text);
  let value = 0;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return generalNumberValue(text);
    value = value * 10 + (code - 48);
  }
  return negative ? -value : value;
}

function generalNumberValue(text: string): number {
  return wellFormed.test(text) ? Number(text.replace(/_/g, '')) : NaN;
}

/** True when the text is written as an integer: no `.` and no exponent. */
export function isIntegerText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */ || code === 101 /* e */ || code === 69 /* E */) return false;
  }
  return true;
}

/** Why a number's text is malformed, phrased as "what is wrong; how to fix it"; undefined when it is fine. */
export function numberProblem(text: string): string | undefined {
  if (wellFormed.test(text)) return undefined;
  const body = text.startsWith('-') ? text.slice(1) : text;
  const letters = body.replace(/[^A-Za-z]/g, '');
  if (letters.length > 1 || (letters.length === 1 && !/^[eE]$/.test(letters))) {
    if (/^0[xXbBoO]/.test(body)) return 'hexadecimal, binary and octal numbers are not supported; write the value in decimal';
    return 'a number cannot run straight into letters; put a space or "," between them, or remove the letters';
  }
  const exponentAt = body.search(/[eE]/);
  const mantissa = exponentAt >= 0 ? body.slice(0, exponentAt) : body;
  const exponent = exponentAt >= 0 ? body.slice(exponentAt + 1) : undefined;
  if ((mantissa.match(/\./g) ?? []).length > 1) return "a number has at most one '.'; remove the extra '.'";
  if (exponent !== undefined && exponent.includes('.')) return 'the exponent must be a whole number, as in 2.5e3';
  const badMantissaUnderscore = /__|^_|_$|_\.|\._/.test(mantissa);
  const badExponentUnderscore = exponent !== undefined && /__|_$|^[+-]?_/.test(exponent);
  if (badMantissaUnderscore || badExponentUnderscore) {
    return "'_' may only stand between two digits, as in 1_000";
  }
  if (exponent !== undefined && !/\d/.test(exponent)) return "an exponent needs digits after the 'e', as in 1e-3";
  if (mantissa === '' || mantissa === '.') return 'expected digits, as in 42, 0.5, .5 or 1e-3';
  return 'write it as 42, -3, 0.5, .5, 1e-3 or 1_000';
}
