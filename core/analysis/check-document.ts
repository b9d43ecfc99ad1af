import { DiagnosticSink } from '../common/diagnostic-sink';
import type { Diagnostic } from '../common/diagnostic';
import { range } from '../common/range';
import { parse } from '../syntax/parser';
import { TokenListBuilder } from '../syntax/token-list';
import type { ModelDeclaration, TrainDeclaration } from '../syntax/tree';
import type { FileAccess } from './file-access';
import { AnalysisBudget } from './analysis-budget';
import { checkModel } from './model-checker';
import { checkBiasBeforeNorm } from './bias-before-norm';
import type { DocumentAnalysis, ModelSummary, TrainSummary } from './summary';
import { checkTrain } from './train-checker';

/** Larger texts are refused with one DL106 instead of being checked (10 M UTF-16 units ≈ 200k lines). */
export const maxDocumentLength = 10_000_000;

/**
 * The analysis of a document too large to check: no tree, one DL106. Adapters that see the size
 * before reading (the CLI, by bytes) use it too.
 * @param size what `file.range` spans (0 when the text was not read); `what` says how large it is.
 */
export function oversizedDocument(size: number, what: string): DocumentAnalysis {
  const message = `This file has ${what} — a .dlmodel file describes a model, not data; move data into a data file`;
  return { file: { kind: 'File', range: range(0, size), items: [], comments: [] }, tokens: new TokenListBuilder(0).finish(''), models: [], trains: [], diagnostics: [{ code: 'DL106', severity: 'error', range: range(0, 0), message }], work: 0 };
}

export interface CheckOptions {
  /** Reads data files; without it, file-based data sets are checked by their arguments only. */
  readonly fileAccess?: FileAccess;
  /** Workspace-relative folder of the document, `/`-separated ('' at the workspace root). */
  readonly documentFolder?: string;
}

function byStart(a: Diagnostic, b: Diagnostic): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

/**
 * Parses and checks a whole document: syntax, names and arguments, shapes, parameter counts and
 * training setup. Pure and synchronous (file reads go through `options.fileAccess`); never throws.
 */
export function checkDocument(text: string, options: CheckOptions = {}): DocumentAnalysis {
  if (text.length > maxDocumentLength) {
    return oversizedDocument(text.length, `${text.length.toLocaleString('en-US')} characters, more than the ${maxDocumentLength.toLocaleString('en-US')} that are checked`);
  }
  const parsed = parse(text);
  const sink = new DiagnosticSink();
  const budget = new AnalysisBudget(text.length);
  const models: ModelSummary[] = [];
  const modelNames = new Map<string, ModelDeclaration>();
  for (const item of parsed.file.items) {
    if (item.kind !== 'Model') continue;
    if (item.name) {
      const first = modelNames.get(item.name.text);
      if (first?.name) {
        sink.report('DL308', item.name.range, `Model name '${item.name.text}' is used twice in this file — rename one`, { related: [{ range: first.name.range, message: `first '${item.name.text}' here` }] });
      } else modelNames.set(item.name.text, item);
    }
    models.push(checkModel(item, text, sink, budget));
    checkBiasBeforeNorm(item.body?.items ?? [], sink);
  }
  const trains: TrainSummary[] = [];
  const trainNames = new Map<string, TrainDeclaration>();
  const unnamed: TrainDeclaration[] = [];
  for (const item of parsed.file.items) {
    if (item.kind !== 'Train') continue;
    if (item.name) {
      const first = trainNames.get(item.name.text);
      if (first?.name) sink.report('DL315', item.name.range, `Train block name '${item.name.text}' is used twice — rename one`, { related: [{ range: first.name.range, message: `first '${item.name.text}' here` }] });
      else trainNames.set(item.name.text, item);
    } else {
      if (unnamed.length > 0) sink.report('DL315', item.keyword, 'This file has more than one unnamed train block, so they cannot be told apart — name them: train quick { … }', { related: [{ range: unnamed[0]!.keyword, message: 'the first unnamed train block' }] });
      unnamed.push(item);
    }
    trains.push(checkTrain(item, { sink, models: models.filter((m) => !m.declaration.name || modelNames.get(m.name) === m.declaration), probe: { ...(options.fileAccess ? { fileAccess: options.fileAccess } : {}), documentFolder: options.documentFolder ?? '' } }));
  }
  // A lexical error (a broken string or number) explains everything about the value it is in; a
  // semantic complaint about the same text would only repeat it.
  const lexical = parsed.diagnostics.filter((d) => d.code.startsWith('DL1'));
  const semantic = sink.diagnostics.filter((d) => !lexical.some((l) => l.range.start < d.range.end && d.range.start < l.range.end));
  const diagnostics = [...parsed.diagnostics, ...semantic].sort(byStart);
  return { file: parsed.file, tokens: parsed.tokens, models, trains, diagnostics, work: budget.work };
}
