import type { GenerationRequest } from '../core/generate';
import type { SequenceStepRequest } from '../core/generate/sequence-step';

/**
 * What the text-generation worker (dist/generate-worker.js) is started with: a generation to
 * stream (*Generate Text…*), or one Sequence-tab step (`task: 'sequence-step'`, answered by one
 * SequenceStepResult message).
 */
export type GenerateWorkerData = GenerationRequest | { readonly task: 'sequence-step'; readonly request: SequenceStepRequest };

/** True for the Sequence tab's one-step task. */
export function isSequenceStepTask(data: GenerateWorkerData): data is Extract<GenerateWorkerData, { task: 'sequence-step' }> {
  return 'task' in data && data.task === 'sequence-step';
}

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
