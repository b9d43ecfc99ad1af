/**
 * Appends streamed text to a document one edit at a time: an edit is asynchronous, and text that
 * arrives while one is being applied waits and goes in with the next, so characters never reorder
 * and the editor gets one edit per burst instead of one per chunk. Pure (the edit is a callback).
 */
export class TextAppender {
  private pending = '';
  private applying: Promise<void> | undefined;
  private failure: Error | undefined;

  /** `apply` appends text at the end of the document; false means it could not (the editor closed). */
  constructor(private readonly apply: (text: string) => Thenable<boolean>) {}

  /** Queues `text`; it is applied after everything queued before it. */
  append(text: string): void {
    this.pending += text;
    // Cleared in a later microtask, after the assignment, even when drain() ends without awaiting.
    this.applying ??= this.drain().finally(() => (this.applying = undefined));
  }

  /** Resolves when everything queued so far is applied; rejects if an edit failed. */
  async flushed(): Promise<void> {
    while (this.applying) await this.applying;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failure === undefined) {
        const text = this.pending;
        this.pending = '';
        if (!(await this.apply(text))) this.failure = new Error('the generated text could not be added to its editor');
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(`the generated text could not be added to its editor: ${String(error)}`);
    }
  }
}
