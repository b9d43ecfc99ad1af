/**
 * Facts about the built-in digits that the checker needs, kept apart from digits.ts so that
 * importing them does not pull the embedded data into the language server's bundle.
 */

/** The number of built-in digit images. */
export const digitsCount = 1797;

/** The number of digit classes. */
export const digitsClassCount = 10;
