/**
 * A one-line progress bar redrawn in place on a terminal (carriage return, no newline), at most
 * every `interval` ms so that drawing never costs more than training.
 */
export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly width = 24,
    private readonly interval = 80,
  ) {}

  /** Redraws when due (or when `force`); `fraction` in [0, 1]. */
  update(now: number, fraction: number, label: string, detail: string, force = false): void {
    if (!force && now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    const clamped = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(clamped * this.width);
    const bar = '█'.repeat(filled) + '░'.repeat(this.width - filled);
    const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
    this.write(`\r\x1b[2K${label} ${bar} ${percent} ${detail}`);
    this.drawn = true;
  }

  /** Removes the bar so that a normal line can be printed in its place. */
  clear(): void {
    if (this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** Seconds as `12s`, `3m 05s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
