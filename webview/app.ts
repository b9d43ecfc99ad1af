import { runDisplayName } from '../protocol/run-label';
import type { RunRecord } from '../protocol/run-record';
import { isHostToWebviewMessage } from '../protocol/validate-messages';
import { isRunRecord } from '../protocol/validate-run-record';
import { el, labelled, replaceChildren, selectElement } from './dom';
import type { HostLink } from './host';
import { restoreViewState, tabIds, type TabId, type ViewState } from './state';
import { followStartedRun, pickRun } from './selection';
import { RunStore } from './store';
import { GradientsTab } from './tabs/gradients';
import { LandscapeTab } from './tabs/landscape';
import { FitTab } from './tabs/fit';
import { ConvolutionsTab } from './tabs/convolutions';
import { ManifoldTab } from './tabs/manifold';
import { LatentTab } from './tabs/latent';
import { PolicyTab } from './tabs/policy';
import { PredictionsTab } from './tabs/predictions';
import { SequenceTab } from './tabs/sequence';
import type { TabContext, TabView } from './tabs/tab';
import { TrainingTab } from './tabs/training';
import { SweepTab } from './tabs/sweep';
import { RunsTab } from './tabs/runs';
import { onThemeChange } from './theme';

const tabTitles: Record<TabId, string> = { training: 'Training', runs: 'Runs', gradients: 'Gradients', latent: 'Latent space', landscape: 'Loss landscape', predictions: 'Predictions', fit: 'Fit', sequence: 'Sequence', sweep: 'Sweep', policy: 'Policy', convolutions: 'Convolutions', manifold: 'Latent manifold' };

/**
 * The panel: a header with the run picker, a tablist (WAI-ARIA tabs: arrow keys, Home and End
 * move between tabs) and one panel per tab. Data comes from the host's messages, or from the
 * records a report embeds; the user's choices are kept with the host's setState.
 */
export class PanelApp {
  readonly store = new RunStore();
  private state: ViewState;
  private readonly tabs: Record<TabId, TabView>;
  private readonly landscapeTab: LandscapeTab;
  private readonly sequenceTab: SequenceTab;
  private readonly manifoldTab: ManifoldTab;
  private readonly tabButtons = new Map<TabId, HTMLButtonElement>();
  private readonly panels = new Map<TabId, HTMLElement>();
  private readonly dirty = new Set<TabId>(tabIds);
  private readonly runPicker = el('span', { className: 'slot' });
  private readonly heading = el('h1', { text: 'Training run' });
  private frame: number | undefined;
  /** What the run picker was last built from. */
  private pickerKey: string | undefined;
  /** The run the host was last told the panel shows. */
  private announced: string | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostLink,
  ) {
    this.state = restoreViewState(host.getState());
    const context: TabContext = {
      store: this.store,
      host,
      state: () => this.state,
      update: (patch) => this.update(patch),
      selectedRunId: () => this.selectedRunId(),
    };
    this.landscapeTab = new LandscapeTab(context);
    this.sequenceTab = new SequenceTab(context);
    this.manifoldTab = new ManifoldTab(context);
    this.tabs = { training: new TrainingTab(context), runs: new RunsTab(context), gradients: new GradientsTab(context), latent: new LatentTab(context), landscape: this.landscapeTab, predictions: new PredictionsTab(context), fit: new FitTab(context), sequence: this.sequenceTab, sweep: new SweepTab(context), policy: new PolicyTab(context), convolutions: new ConvolutionsTab(context), manifold: this.manifoldTab };
    this.build();
    this.store.onChange(() => this.invalidate());
    onThemeChange(() => {
      for (const id of tabIds) this.tabs[id].refreshTheme();
    });
    // The first frame draws the empty panel too (the Training tab's help before any run).
    this.invalidate();
  }

  /** Listens for the host's messages and says it is ready. */
  connect(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isHostToWebviewMessage(event.data)) return;
      const message = event.data;
      if (message.type === 'compute-landscape') {
        this.update({ tab: 'landscape' });
        this.landscapeTab.requestLandscape();
        return;
      }
      if (message.type === 'sequence-step-result') return this.sequenceTab.receiveStep(message);
      if (message.type === 'decoded-latent') return this.manifoldTab.receiveDecoded(message);
      this.store.apply(message);
      // The host moves its idea of the run on screen when a run starts or the panel reloads; say
      // again which run this view shows (a pinned older run stays), so Export and Save Report follow it.
      if (message.type === 'state' || message.type === 'run-started') this.announced = null;
      if (message.type === 'state' && message.selectedRunId !== null) this.update({ selectedRunId: message.selectedRunId });
      if (message.type === 'run-started') this.update(followStartedRun(this.state, message.runId));
    });
    this.host.post({ type: 'ready' });
  }

  /** Shows records (a report): those that pass the guard; returns how many did. */
  load(records: readonly unknown[]): number {
    const valid = records.filter((r): r is RunRecord => isRunRecord(r));
    this.store.load(valid);
    return valid.length;
  }

  /** The run the detail tabs show: the chosen one while it exists, else the latest. */
  private selectedRunId(): string | null {
    const runs = this.store.runs;
    if (this.state.selectedRunId !== null && runs.some((r) => r.runId === this.state.selectedRunId)) return this.state.selectedRunId;
    return runs.at(-1)?.runId ?? null;
  }

  private update(patch: Partial<ViewState>): void {
    this.state = { ...this.state, ...patch };
    this.host.setState(this.state);
    if (patch.tab !== undefined) this.showTab(patch.tab, false);
    this.invalidate();
  }

  private build(): void {
    const tablist = el('div', { className: 'tablist', attributes: { role: 'tablist', 'aria-label': 'Training run views' } });
    for (const id of tabIds) {
      const button = el('button', { className: 'tab', attributes: { role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, type: 'button' }, text: tabTitles[id] });
      button.addEventListener('click', () => this.update({ tab: id }));
      button.addEventListener('keydown', (event) => this.onTabKey(event, id));
      this.tabButtons.set(id, button);
      tablist.append(button);
      const panel = el('section', { className: 'tabpanel', attributes: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: 0 } }, this.tabs[id].element);
      this.panels.set(id, panel);
    }
    const header = el('header', { className: 'panel-header' }, this.heading, this.runPicker);
    replaceChildren(this.root, header, tablist, ...this.panels.values());
    this.showTab(this.state.tab, false);
  }

  /** Arrow keys move along the tabs (wrapping), Home and End to the ends; the tab is shown at once. */
  private onTabKey(event: KeyboardEvent, id: TabId): void {
    const shown = tabIds.filter((tab) => !this.tabButtons.get(tab)!.hidden);
    const index = shown.indexOf(id);
    const targets: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: shown.length - 1 };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = shown[(target + shown.length) % shown.length]!;
    this.update({ tab: next });
    this.tabButtons.get(next)!.focus();
  }

  private showTab(id: TabId, focus: boolean): void {
    for (const tab of tabIds) {
      const selected = tab === id;
      const button = this.tabButtons.get(tab)!;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      this.panels.get(tab)!.hidden = !selected;
    }
    if (focus) this.tabButtons.get(id)!.focus();
  }

  /** Schedules a redraw of the visible tab (others redraw when shown). */
  private invalidate(): void {
    for (const id of tabIds) this.dirty.add(id);
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.renderNow();
    });
  }

  private renderNow(): void {
    this.renderHeader();
    this.renderTabAvailability();
    const id = this.state.tab;
    if (this.dirty.delete(id)) this.tabs[id].render();
  }

  /** Hides the tabs that do not apply to the run on screen; one that was shown gives way to Training. */
  private renderTabAvailability(): void {
    for (const id of tabIds) this.tabButtons.get(id)!.hidden = this.tabs[id].available?.() === false;
    if (this.tabButtons.get(this.state.tab)!.hidden) {
      this.state = { ...this.state, tab: 'training' };
      this.showTab('training', false);
    }
  }

  /** Tells the host which run is on screen (Save Report and Export use it). */
  private announce(selected: string | null): void {
    if (selected === null || selected === this.announced || !this.host.live) return;
    this.announced = selected;
    this.host.post({ type: 'select-run', runId: selected });
  }

  private renderHeader(): void {
    const runs = this.store.runs;
    const selected = this.selectedRunId();
    this.announce(selected);
    const run = runs.find((r) => r.runId === selected);
    const heading = run ? run.label : 'Training run';
    if (this.heading.textContent !== heading) this.heading.textContent = heading;
    const title = run ? `${run.label} — dlmodel` : 'dlmodel training run';
    if (document.title !== title) document.title = title;
    // Streamed events change neither the runs nor the choice: leave the picker alone then.
    const names = runs.map((r) => runDisplayName({ runId: r.runId, label: r.label, startedAt: r.startedAt, seed: r.start?.seed ?? null }));
    const pickerKey = runs.length < 2 ? '' : JSON.stringify([selected, runs.map((r) => r.runId), names]);
    if (pickerKey === this.pickerKey) return;
    this.pickerKey = pickerKey;
    if (runs.length < 2) {
      replaceChildren(this.runPicker);
      return;
    }
    const picker = selectElement('Run', runs.map((r, i) => ({ value: r.runId, label: names[i]! })), selected ?? undefined);
    picker.addEventListener('change', () => this.update(pickRun(this.store.runs.map((r) => r.runId), picker.value)));
    const focused = this.runPicker.contains(document.activeElement);
    replaceChildren(this.runPicker, labelled('Run', picker));
    if (focused) picker.focus();
  }
}
