import type { HostLink } from '../host';
import type { ViewState } from '../state';
import type { RunStore } from '../store';

/** What every tab reads and changes. */
export interface TabContext {
  readonly store: RunStore;
  readonly host: HostLink;
  /** The current choices. */
  state(): ViewState;
  /** Changes choices: saved with the host's setState, and every tab that reads them redraws. */
  update(patch: Partial<ViewState>): void;
  /** The run the detail tabs show (the chosen one, else the latest). */
  selectedRunId(): string | null;
}

/** One tab's content. */
export interface TabView {
  readonly element: HTMLElement;
  /** Redraws from the store and the state (called when visible and something changed). */
  render(): void;
  /** Rebuilds colours after a theme change. */
  refreshTheme(): void;
  /** False hides the tab (a tab for one family of models); absent means always shown. */
  available?(): boolean;
}
