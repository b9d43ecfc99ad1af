import type { FileAccess, FileReadResult } from '../analysis/file-access';

/**
 * A FileAccess for a run with a memory budget: a data file larger than the whole budget is refused by
 * its size, before a byte of it is read (the run could not hold it anyway). The first such refusal
 * is kept so that prepareRun can say how to raise the budget, instead of a checker error.
 */
export class BudgetedFileAccess implements FileAccess {
  private firstRefusal: { readonly path: string; readonly size: number } | undefined;

  constructor(
    private readonly inner: FileAccess,
    private readonly budget: number,
  ) {}

  /** The first file refused for the budget, if any. */
  get refused(): { readonly path: string; readonly size: number } | undefined {
    return this.firstRefusal;
  }

  readFile(workspacePath: string, maxBytes?: number): FileReadResult {
    const result = this.inner.readFile(workspacePath, Math.min(maxBytes ?? this.budget, this.budget));
    if (result.kind === 'too-large' && result.limit === this.budget) this.firstRefusal ??= { path: workspacePath, size: result.size };
    return result;
  }
}
