import type { ControlEvent, TrainingRun } from '../core/train';
import { whatARecordIs } from '../protocol/record-lines';
import { recordFromTrainJson } from '../protocol/train-json-record';
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

/** The record's start and changes, read by the reader of *Open Run Record…*, so both accept the same files. */
export function parseReplayRecord(text: string, name: string): ReplayPlan | string {
  const record = recordFromTrainJson(text, { runId: `replay:${name}`, path: name });
  if (typeof record === 'string') return record;
  if (record.start === null) return `${name} has no start line — ${whatARecordIs}`;
  const { model, train, epochs, seed } = record.start;
  return { model, train, epochs, seed, controls: record.controls ?? [] };
}
