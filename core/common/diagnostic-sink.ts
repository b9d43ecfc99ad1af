import type { Diagnostic, Fix, RelatedLocation, Severity } from './diagnostic';
import { diagnosticCodes, type DiagnosticCode } from './codes';
import type { TextRange } from './range';

/** Options for one report; the severity defaults to the code's own. */
export interface ReportOptions {
  severity?: Severity;
  related?: readonly RelatedLocation[];
  fixes?: readonly Fix[];
}

/**
 * Collects diagnostics for one document. A second diagnostic starting at the same offset as an
 * earlier one is dropped (one typo gives one message), and the total is capped so that binary
 * garbage cannot flood an editor with thousands of entries.
 */
export class DiagnosticSink {
  static readonly limit = 200;
  readonly diagnostics: Diagnostic[] = [];
  private readonly startsSeen = new Set<number>();
  private truncated = false;

  report(code: DiagnosticCode, range: TextRange, message: string, options: ReportOptions = {}): void {
    if (this.startsSeen.has(range.start)) return;
    if (this.diagnostics.length >= DiagnosticSink.limit) {
      this.truncated = true;
      return;
    }
    this.startsSeen.add(range.start);
    const diagnostic: Diagnostic = {
      code,
      severity: options.severity ?? diagnosticCodes[code].severity,
      range,
      message,
      ...(options.related && options.related.length > 0 ? { related: options.related } : {}),
      ...(options.fixes && options.fixes.length > 0 ? { fixes: options.fixes } : {}),
    };
    this.diagnostics.push(diagnostic);
  }

  /** True when diagnostics were dropped because of the cap. */
  get wasTruncated(): boolean {
    return this.truncated;
  }
}
