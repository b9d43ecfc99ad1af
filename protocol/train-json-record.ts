import type { HealthFinding, TrainEvent } from '../core/train/events';
import { RunRecordBuilder, type RunRecord } from './run-record';
import { isControlEvent, isDoneEvent, isEpisodeEvent, isEpochEvent, isFailedEvent, isHealthFinding, isStartEvent } from './validate-events';
import { isRunRecord } from './validate-run-record';
import { readRecordLines, whatARecordIs } from './record-lines';

/**
 * A run record written by `dlmodel train --json` (its JSON lines, docs/language.md §9) as a
 * panel's RunRecord, so *Open Run Record…* can show a run trained on the command line. The lines
 * carry no step events (the per-step curves stay empty) and their findings carry 1-based lines and
 * columns instead of offsets: they become offsets into a stand-in text whose every line is
 * `sourceLineWidth` long (so they order and compare as the positions did); the record names no
 * source, since the model file is not known.
 */
export const sourceLineWidth = 2 ** 16;

/** What to call the run and its source. */
export interface RecordOrigin {
  readonly runId: string;
  /** The record file's path as shown (workspace-relative). */
  readonly path: string;
}

type Fields = Readonly<Record<string, unknown>>;

/** The record, or a sentence saying which line is wrong and why. */
export function recordFromTrainJson(text: string, origin: RecordOrigin): RunRecord | string {
  const lines = readRecordLines(text, origin.path);
  if (typeof lines === 'string') return lines;
  const events: TrainEvent[] = [];
  // Findings seen so far (the CLI prints a finding once, when it appears; core's health events carry the current set).
  const seen = new Map<string, HealthFinding>();
  let healthEpoch: number | undefined;
  let lastControlStep = 0;
  const flushHealth = (): void => {
    if (healthEpoch !== undefined) events.push({ type: 'health', epoch: healthEpoch, findings: [...seen.values()] });
    healthEpoch = undefined;
  };
  for (const { line, fields } of lines) {
    const where = `${origin.path}:${line}`;
    if (events.length === 0 && fields['type'] !== 'start') {
      return fields['type'] === 'error' ? `${where}: the run did not start: ${String(fields['message'])}` : `${where}: a run record starts with the start line of dlmodel train --json`;
    }
    if (fields['type'] !== 'health') flushHealth();
    const converted = eventOf(fields, seen);
    if (converted === healthLine) {
      healthEpoch = Number(fields['epoch']);
      continue;
    }
    if (typeof converted === 'string') return `${where}: ${converted}`;
    if (converted.type === 'control') {
      // A replay hands the changes to the run in this order.
      if (converted.step < lastControlStep) return `${where}: control lines must be in step order`;
      lastControlStep = converted.step;
    }
    events.push(converted);
  }
  flushHealth();
  if (events.length === 0) return `${origin.path}: empty — ${whatARecordIs}`;
  const start = events[0]!;
  const label = start.type === 'start' ? `${start.model}${start.train ? ` · ${start.train}` : ''} · seed ${start.seed} · ${origin.path}` : origin.path;
  // No source: the model file is not known (a reveal would open the record itself).
  const builder = new RunRecordBuilder(origin.runId, label, null, null);
  builder.addAll(events);
  const record = builder.record();
  return isRunRecord(record) ? record : `${origin.path}: the lines do not make a run record`;
}

const without = (fields: Fields, ...keys: string[]): Fields => Object.fromEntries(Object.entries(fields).filter(([key]) => !keys.includes(key)));
const timing = ['elapsedMs', 'time'];
/** What `eventOf` says for a health line (its finding joins the set the next health event carries). */
const healthLine: unique symbol = Symbol('health line');

/** One line as core's event (`healthLine`: its finding was added to `seen`), or what is wrong with it. */
function eventOf(fields: Fields, seen: Map<string, HealthFinding>): TrainEvent | typeof healthLine | string {
  const type = fields['type'];
  switch (type) {
    case 'start':
      return isStartEvent(fields) ? fields : 'a start line needs the fields of docs/schemas/train-events.schema.json';
    case 'epoch': {
      const event = without(fields, ...timing);
      return isEpochEvent(event) ? event : 'an epoch line needs epoch, step, loss, valLoss, accuracy, valAccuracy, lr and the per-layer statistics';
    }
    case 'episode': {
      const event = without(fields, ...timing);
      return isEpisodeEvent(event) ? event : 'an episode line needs episode, return, length, loss and entropy';
    }
    case 'control':
      // A replay sets the learning rate from `lr`: it belongs to set-lr, and only there.
      return isControlEvent(fields) && (fields.action === 'set-lr') === (fields.lr !== undefined) ? fields : 'a control line needs action, step, epoch (and lr for set-lr, only there)';
    case 'health': {
      const finding = findingOf(without(fields, 'type', 'epoch'));
      if (!finding || typeof fields['epoch'] !== 'number') return 'a health line needs epoch, code, severity, layer, line, column, endLine, endColumn and message';
      seen.set(`${finding.code} ${finding.layer ?? ''} ${finding.range.start}`, finding);
      return healthLine;
    }
    case 'done': {
      const findings = findingsOf(fields['findings'] ?? []);
      const event = { ...without(fields, ...timing, 'stepsPerSecond', 'findings'), findings };
      return findings && isDoneEvent(event) ? event : 'a done line needs epochs, steps, loss, valLoss, accuracy, valAccuracy and findings';
    }
    case 'error': {
      const findings = findingsOf(fields['findings'] ?? []);
      const event = { ...without(fields, ...timing, 'findings'), type: 'failed', findings };
      return findings && isFailedEvent(event) ? event : 'an error line needs code, message, epoch and step';
    }
    default:
      return `unknown line type ${JSON.stringify(type)} — a run record holds the lines of dlmodel train --json`;
  }
}

function findingsOf(value: unknown): HealthFinding[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const findings = value.map((item: unknown) => (typeof item === 'object' && item !== null ? findingOf(item as Fields) : undefined));
  return findings.every((f): f is HealthFinding => f !== undefined) ? findings : undefined;
}

/** A finding with 1-based line/column positions as core's finding with stand-in offsets. */
function findingOf(fields: Fields): HealthFinding | undefined {
  const offset = (line: unknown, column: unknown): number | undefined =>
    Number.isInteger(line) && Number.isInteger(column) && (line as number) >= 1 && (column as number) >= 1 && (column as number) <= sourceLineWidth && (line as number) <= 2 ** 14 ? ((line as number) - 1) * sourceLineWidth + (column as number) - 1 : undefined;
  const start = offset(fields['line'], fields['column']);
  const end = offset(fields['endLine'], fields['endColumn']);
  if (start === undefined || end === undefined) return undefined;
  const finding = { code: fields['code'], severity: fields['severity'], message: fields['message'], ...(typeof fields['layer'] === 'string' ? { layer: fields['layer'] } : {}), range: { start, end: Math.max(start, end) } };
  return isHealthFinding(finding) ? finding : undefined;
}
