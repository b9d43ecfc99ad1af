/**
 * What a generation uses when not told otherwise: `dlmodel generate`'s option defaults and the
 * values *Generate Text…* puts in its boxes, in one place so the editor and the CLI with no options
 * give the same text.
 */
export const generationDefaults = { length: 200, temperature: 1, topK: 0, seed: 0 } as const;

/** The largest --top-k and --length accepted. */
export const maxTopK = 1_000_000;
export const maxGenerationLength = 1_000_000;
/** Seeds are unsigned 32-bit integers (core/common/random.ts). */
export const maxSeed = 0xffffffff;
