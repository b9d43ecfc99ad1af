/**
 * What the text-generation worker (dist/generate-worker.js) posts to the extension host: the
 * sampled characters in chunks as they come, then `done` or `failed`. The request it starts with
 * is core/generate's GenerationRequest (its workerData).
 */
export type GenerateWorkerMessage =
  /** Characters sampled since the previous chunk, in order. */
  | { readonly type: 'chunk'; readonly text: string }
  /** Every requested character was sent; `characters` counts them. */
  | { readonly type: 'done'; readonly characters: number }
  /** Generation could not start (or broke): the reason, said to the person. */
  | { readonly type: 'failed'; readonly message: string };
