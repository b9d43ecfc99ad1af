/**
 * More expanded layers than this in one document is a runaway `repeat`, not a model: the repeat
 * that would pass it is reported (DL306) and not expanded. Per document, not per model, so that a
 * hundred models cannot together build ten million layer summaries.
 */
export const maxExpandedLayers = 100_000;

/** Work units a document may spend beyond one per character of its text. */
export const extraWorkUnits = 1_000_000;

/**
 * What checking one document may spend. A unit is one statement visited or one layer copied from
 * an earlier copy of a `repeat`. A document without `repeat` visits at most one statement per
 * character, so the limit (its length plus `extraWorkUnits`) only stops repeats whose copies must
 * each be analysed again (their shape changes every copy) over an enormous count.
 */
export class AnalysisBudget {
  private spent = 0;
  private expandedLayers = 0;
  private exhaustionReported = false;
  readonly workLimit: number;

  constructor(textLength: number) {
    this.workLimit = textLength + extraWorkUnits;
  }

  /** Units spent so far. */
  get work(): number {
    return this.spent;
  }

  /** Spends one unit; false once the limit is passed. */
  spend(): boolean {
    this.spent++;
    return this.spent <= this.workLimit;
  }

  get exhausted(): boolean {
    return this.spent > this.workLimit;
  }

  /** Layers produced so far in the document, by every model. */
  get layers(): number {
    return this.expandedLayers;
  }

  countLayer(): void {
    this.expandedLayers++;
  }

  /** True when `more` further layers keep the document within `maxExpandedLayers`. */
  fitsLayers(more: number): boolean {
    return this.expandedLayers + more <= maxExpandedLayers;
  }

  /** True the first time it is asked after the budget ran out: the document gets one such error. */
  claimExhaustionReport(): boolean {
    if (!this.exhausted || this.exhaustionReported) return false;
    this.exhaustionReported = true;
    return true;
  }
}
