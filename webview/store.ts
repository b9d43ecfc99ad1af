import type { HostToWebviewMessage } from '../protocol/panel-messages';
import { assertNever, RunRecordBuilder, type RunRecord } from '../protocol/run-record';
import type { SweepMessage } from '../protocol/sweep-messages';

/** Why the view must redraw: which run changed and what part of it. */
export interface StoreChange {
  /** The run that changed, or null when the set of runs changed. */
  readonly runId: string | null;
  readonly parts: ReadonlySet<'runs' | 'events' | 'latent' | 'landscape' | 'sweep'>;
}

/**
 * The runs the panel shows, built from the host's messages (or a report's records). Messages
 * about a run it does not know are dropped: they are late messages from a run the host replaced.
 */
export class RunStore {
  private readonly builders = new Map<string, RunRecordBuilder>();
  private readonly views = new Map<string, RunRecord>();
  private readonly listeners: ((change: StoreChange) => void)[] = [];
  /** The landscape request's answer when it had no data (shown instead of the chart). */
  readonly landscapeNotes = new Map<string, string>();
  /** The latest sweep (Run Sweep), as the Sweep tab shows it. */
  sweep: SweepMessage | undefined;

  /** The runs in the order they arrived. */
  get runs(): readonly RunRecord[] {
    return [...this.builders.keys()].map((id) => this.view(id)!);
  }

  run(runId: string | null): RunRecord | undefined {
    return runId === null ? undefined : this.view(runId);
  }

  onChange(listener: (change: StoreChange) => void): void {
    this.listeners.push(listener);
  }

  /** Replaces every run with these records. */
  load(records: readonly RunRecord[]): void {
    this.builders.clear();
    this.views.clear();
    for (const record of records) this.builders.set(record.runId, RunRecordBuilder.from(record));
    this.emit(null, 'runs');
  }

  /** Applies one message from the host. */
  apply(message: HostToWebviewMessage): void {
    switch (message.type) {
      case 'run-started': {
        const builder = new RunRecordBuilder(message.runId, message.label, message.source, message.startedAt);
        if (message.sweep) builder.tagSweep(message.sweep);
        this.builders.set(message.runId, builder);
        this.emit(null, 'runs');
        return;
      }
      case 'events': {
        const builder = this.builders.get(message.runId);
        if (!builder) return;
        builder.addAll(message.events);
        this.emit(message.runId, 'events');
        return;
      }
      case 'latent': {
        const builder = this.builders.get(message.runId);
        if (!builder) return;
        builder.mergeLatent(message.latent);
        this.emit(message.runId, 'latent');
        return;
      }
      case 'landscape': {
        const builder = this.builders.get(message.runId);
        if (!builder) return;
        if (message.landscape) builder.setLandscape(message.landscape);
        if (message.message !== undefined) this.landscapeNotes.set(message.runId, message.message);
        else this.landscapeNotes.delete(message.runId);
        this.emit(message.runId, 'landscape');
        return;
      }
      case 'state':
        this.load(message.runs);
        return;
      case 'sweep':
        this.sweep = message;
        this.emit(null, 'sweep');
        return;
      case 'compute-landscape':
      case 'decoded-latent':
        // A request to the panel (answered by the landscape tab) and an answer to the manifold tab's request: not run data.
        return;
      case 'sequence-step-result':
        // An answer to the Sequence tab's Generate next character (its own view of a window), not run data.
        return;
      default:
        assertNever(message);
    }
  }

  private view(runId: string): RunRecord | undefined {
    let view = this.views.get(runId);
    if (!view) {
      view = this.builders.get(runId)?.view();
      if (view) this.views.set(runId, view);
    }
    return view;
  }

  private emit(runId: string | null, part: StoreChange['parts'] extends ReadonlySet<infer P> ? P : never): void {
    if (runId === null) this.views.clear();
    else this.views.delete(runId);
    const change: StoreChange = { runId, parts: new Set([part]) };
    for (const listener of this.listeners) listener(change);
  }
}
