/** Where the CLI writes; tests pass their own to capture output. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal that wants colour. */
  readonly colour: boolean;
  /** Writes raw text (no newline) to a terminal's stderr for a progress bar; absent when stderr is not a terminal. */
  progress?(text: string): void;
  /** Writes raw text (no newline) to stdout as it comes (`generate` streams characters); absent: print whole lines with stdout. */
  write?(text: string): void;
}

/** A mistake in how the command was called, or an unreadable input file: exit status 2. */
export class UsageError extends Error {}
