/**
 * One generation as the editor runs it, off the extension host: prepares the request exactly as
 * `dlmodel generate` does (core/generate/prepare.ts) and posts the characters in chunks. A chunk
 * leaves when `chunkMs` have passed since the last one (so text appears as it is sampled without a
 * message per character) and at the end; how characters are grouped never changes the text.
 */
import { generateText, prepareGeneration, type GenerationRequest } from '../core/generate';
import type { GenerateWorkerMessage } from '../protocol/generate-messages';

/** The longest a sampled character waits before it is posted. */
export const chunkMs = 40;

/** Runs `request` to the end, posting its messages; the worker is terminated to stop it early. */
export function streamGeneration(request: GenerationRequest, post: (message: GenerateWorkerMessage) => void, now: () => number = () => performance.now()): void {
  const prepared = prepareGeneration(request);
  if (!prepared.ok) return post({ type: 'failed', message: prepared.message });
  let pending = '';
  let characters = 0;
  let postedAt = now();
  for (const character of generateText(prepared.model, prepared.tokens, request.length, request)) {
    pending += character;
    characters++;
    if (now() - postedAt >= chunkMs) {
      post({ type: 'chunk', text: pending });
      pending = '';
      postedAt = now();
    }
  }
  if (pending.length > 0) post({ type: 'chunk', text: pending });
  post({ type: 'done', characters });
}
