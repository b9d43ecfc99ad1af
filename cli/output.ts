/** Where the CLI writes; tests pass their own to capture output. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal that wants colour and progress bars. */
  readonly colour: boolean;
}

/** A mistake in how the command was called, or an unreadable input file: exit status 2. */
export class UsageError extends Error {}
