import { raceOptimizerLabels, raceOptimizerNames, type RaceChoice, type RaceOptimizerName } from '../../core/train/race-choice';
import { checkbox, el } from '../dom';

/**
 * The optimizer race's form in the landscape tab: which optimizers retrain the model from the
 * run's start, each at a learning rate (blank: the run's own). A rate that is not a positive
 * number is marked invalid and its optimizer left out, so a request never carries one.
 */
export class RaceForm {
  readonly element: HTMLElement;
  private readonly rows = new Map<RaceOptimizerName, { on: boolean; rate: HTMLInputElement }>();

  constructor(initial: readonly RaceChoice[], private readonly onChange: (choices: readonly RaceChoice[]) => void) {
    const fields = raceOptimizerNames.map((optimizer) => {
      const chosen = initial.find((c) => c.optimizer === optimizer);
      const rate = el('input', { className: 'race-lr', attributes: { type: 'text', inputmode: 'decimal', placeholder: 'run’s lr', 'aria-label': `${raceOptimizerLabels[optimizer]} learning rate`, 'data-optimizer': optimizer, size: 7 } });
      rate.value = chosen?.lr === null || chosen === undefined ? '' : String(chosen.lr);
      const row = { on: chosen !== undefined, rate };
      this.rows.set(optimizer, row);
      rate.addEventListener('change', () => this.changed());
      const toggle = checkbox(raceOptimizerLabels[optimizer], row.on, (checked) => {
        row.on = checked;
        this.changed();
      });
      return el('span', { className: 'race-choice' }, toggle, rate);
    });
    this.element = el('fieldset', { className: 'race-form' }, el('legend', { text: 'Optimizer race (retrained from the same start)' }), ...fields);
    this.mark();
  }

  /** The choices the form says now (rates that do not read are left out with their optimizer). */
  choices(): RaceChoice[] {
    const choices: RaceChoice[] = [];
    for (const [optimizer, row] of this.rows) {
      if (!row.on) continue;
      const lr = readRate(row.rate.value);
      if (lr !== undefined) choices.push({ optimizer, lr });
    }
    return choices;
  }

  private changed(): void {
    this.mark();
    this.onChange(this.choices());
  }

  private mark(): void {
    for (const row of this.rows.values()) row.rate.setAttribute('aria-invalid', String(readRate(row.rate.value) === undefined));
  }
}

/** A typed rate: blank is the run's own (null); otherwise a number in (0, 10], else undefined. */
export function readRate(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 && value <= 10 ? value : undefined;
}
