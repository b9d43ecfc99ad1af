import type { ControlEvent, TrainingRun } from '../core/train';
import { isControlEvent } from '../protocol/validate-events';
import { readFailure, readRegularFile } from '../node/regular-file';

/**
 * What `dlmodel train --replay RECORD` takes from a run record — the JSON lines of
 * `dlmodel train --json` with the run's `control` lines among them (docs/language.md): the start
 * line's model, train block, epochs and seed, and the changes made while it trained, in order.
 */
export interface ReplayPlan {
  readonly model: string;
  readonly train: string | null;
  readonly epochs: number;
  readonly seed: number;
  readonly controls: readonly ControlEvent[];
}

/**
 * Hands a record's changes to a run when it stands where the original run took them (after the
 * same number of steps); the run applies each before its next step. Call it before pulling the
 * first event and after each event.
 */
export function controlFeeder(run: TrainingRun, controls: readonly ControlEvent[]): () => void {
  let next = 0;
  return () => {
    while (next < controls.length && controls[next]!.step === run.steps) {
      const control = controls[next++]!;
      run.control(control.action === 'set-lr' ? { action: 'set-lr', lr: control.lr! } : { action: control.action });
    }
  };
}

/** A record larger than this is not a run record (a long run's record is a few MB). */
const maxRecordBytes = 256 * 1024 * 1024;

/** Reads and checks a record; a string says what is wrong with it. */
export function readReplayRecord(path: string): ReplayPlan | string {
  const file = readRegularFile(path, { maxBytes: maxRecordBytes });
  if (file.kind !== 'ok') return `cannot read the record ${path}: ${readFailure(file)}`;
  return parseReplayRecord(new TextDecoder().decode(file.bytes), path);
}

export function parseReplayRecord(text: string, name: string): ReplayPlan | string {
  let start: Record<string, unknown> | undefined;
  const controls: ControlEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return `${name}:${i + 1}: not a JSON line — a record is the output of dlmodel train --json`;
    }
    const type = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['type'] : undefined;
    if (type === 'start' && start === undefined) start = value as Record<string, unknown>;
    if (type !== 'control') continue;
    if (!isControlEvent(value) || (value.action === 'set-lr') !== (value.lr !== undefined)) return `${name}:${i + 1}: a control line needs action, step, epoch (and lr for set-lr, only there)`;
    if (controls.length > 0 && value.step < controls[controls.length - 1]!.step) return `${name}:${i + 1}: control lines must be in step order`;
    controls.push(value);
  }
  if (!start) return `${name} has no start line — a record is the output of dlmodel train --json`;
  const { model, train, epochs, seed } = start;
  if (typeof model !== 'string' || !(train === null || typeof train === 'string') || !Number.isInteger(epochs) || !Number.isInteger(seed)) return `${name}: its start line lacks model, train, epochs or seed`;
  return { model, train, epochs: epochs as number, seed: seed as number, controls };
}
