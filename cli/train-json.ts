import type { LineIndex } from '../core/common/line-index';
import type { HealthFinding, TrainEvent } from '../core/train';
import { jsonPosition } from './check-report';

/**
 * The lines of `dlmodel train --json`: the contract of docs/language.md §9, checked against
 * docs/schemas/train-events.schema.json by the tests. Core's events carry offsets and no clock;
 * here they get 1-based lines and columns and the run's elapsed time.
 */

/** A health finding as JSON: where it is (1-based, end exclusive) and which layer it is about. */
export interface JsonFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** null when the finding is about the run rather than one layer. */
  readonly layer: string | null;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

export function jsonFinding(finding: HealthFinding, lines: LineIndex): JsonFinding {
  const start = jsonPosition(lines, finding.range.start);
  const end = jsonPosition(lines, finding.range.end);
  return { code: finding.code, severity: finding.severity, layer: finding.layer ?? null, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, message: finding.message };
}

/** The line that ends a run which could not start (or could not write its outputs). */
export const errorLine = (message: string): string => JSON.stringify({ type: 'error', message });

/** Identifies a finding across epochs (its message may change as its numbers do). */
const findingKey = (finding: HealthFinding): string => `${finding.code} ${finding.layer ?? ''} ${finding.range.start}`;

/** Turns a run's events into JSON lines; remembers which findings it has already printed. */
export class TrainJsonWriter {
  private previousFindings = new Set<string>();

  constructor(
    private readonly lines: LineIndex,
    private readonly print: (line: string) => void,
  ) {}

  /** Prints what `event` contributes (nothing for a step); `elapsedMs` is the training time so far. */
  write(event: TrainEvent, elapsedMs: number): void {
    const timing = { elapsedMs: Math.round(elapsedMs), time: elapsedMs / 1000 };
    switch (event.type) {
      case 'start':
        return this.emit(event);
      case 'step':
        return; // one per minibatch: too many for a log; the epochs summarise them
      case 'epoch':
      case 'episode':
        return this.emit({ ...event, ...timing });
      case 'health':
        return this.health(event.epoch, event.findings);
      case 'control':
        return this.emit(event);
      case 'done':
        return this.emit({ ...event, findings: this.findings(event.findings), ...timing, stepsPerSecond: Math.round((event.steps * 1000) / Math.max(elapsedMs, 1e-3)) });
      case 'failed':
        // The spec ends a run that cannot go on with an `error` line; the code, epoch and step say why.
        return this.emit({ type: 'error', code: event.code, message: event.message, epoch: event.epoch, step: event.step, findings: this.findings(event.findings), ...timing });
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** One `health` line per finding when it appears (again); `done` carries the final set. */
  private health(epoch: number, findings: readonly HealthFinding[]): void {
    const current = new Set<string>();
    for (const finding of findings) {
      const key = findingKey(finding);
      current.add(key);
      if (!this.previousFindings.has(key)) this.emit({ type: 'health', epoch, ...jsonFinding(finding, this.lines) });
    }
    this.previousFindings = current;
  }

  private findings(findings: readonly HealthFinding[]): JsonFinding[] {
    return findings.map((finding) => jsonFinding(finding, this.lines));
  }

  private emit(value: object): void {
    this.print(JSON.stringify(value));
  }
}
