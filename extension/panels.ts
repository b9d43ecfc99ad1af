import * as vscode from 'vscode';
import type { TrainEvent } from '../core/train/events';
import type { LatentData } from '../core/train/panel-data';
import type { RunOutcome } from '../node/training-client';
import type { RunHistoryStore } from '../node/run-history';
import type { StoredSweep, SweepHistoryStore } from '../node/sweep-history';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../protocol/panel-messages';
import { lineStartsOf, RunRecordBuilder, type LandscapeData, type RunRecord, type RunSweepTag } from '../protocol/run-record';
import { isWebviewToHostMessage } from '../protocol/validate-messages';
import { bundleHtml } from './webview-html';
import { readReportAssets, renderReport } from '../report/render-report';
import type { ActiveRun, RunObserver } from './training-controller';
import type { SweepMessage } from '../protocol/sweep-messages';
import type { SequenceStepRequestMessage, SequenceStepResultMessage } from '../protocol/sequence-step-messages';

/** What the panel asks of others: Apply to file (the sweep controller) and the live learning rate (the training controller). */
export interface PanelActions {
  applySweep(sweepId: string, index: number): void;
  setLearningRate(runId: string, lr: number): boolean;
  /** The Sequence tab's Generate next character, on the run's finished weights. */
  sequenceStep(request: SequenceStepRequestMessage): Promise<SequenceStepResultMessage>;
}
import type { RaceChoice } from '../protocol/landscape-race';

export const panelViewType = 'dlmodel.panels';

/** A run the panel knows: its record so far, and the document it came from (to reveal findings). */
interface KnownRun {
  readonly builder: RunRecordBuilder;
  /** Unknown for a run restored from the history whose file is not in this workspace. */
  readonly uri: vscode.Uri | undefined;
}

/** Computes a run's loss landscape on request (the training controller, through the run's worker). */
export type LandscapeProvider = (runId: string, plane: 'random' | 'path', resolution: number, race: boolean | readonly RaceChoice[]) => Promise<{ readonly landscape: LandscapeData | null; readonly message?: string }>;

/** Decodes points of a run's kept Latent manifold frame (the training controller, through the run's worker). */
export type LatentDecoder = (runId: string, epoch: number, points: readonly number[]) => Promise<{ readonly decoded: Float32Array | null; readonly message?: string }>;

/**
 * The panel webview (Training, Gradients, Latent space, Loss landscape): one panel for the window,
 * showing every run made since the editor opened (for overlays) and following the latest. It keeps
 * each run's record so the panel can be closed, reopened or restored and show everything again.
 * Every message from the webview is validated before use; messages name their run.
 */
export class PanelHost implements RunObserver, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: HostToWebviewMessage[] = [];
  private readonly runs = new Map<string, KnownRun>();
  /** Runs whose worker has not yet sent an event: an attempt that fails to start never becomes a run. */
  private readonly pending = new Map<string, ActiveRun>();
  /** The run the panel shows (the webview says which; a new run until then). */
  private selected: string | null = null;
  private landscapeProvider: LandscapeProvider | undefined;
  private latentDecoder: LatentDecoder | undefined;
  /**
   * The palette asked for a landscape that the webview has not requested yet. A panel that is just
   * opening (or reloading after being hidden) drops queued messages when it says `ready`, so the
   * request is posted again then, until the webview answers with `request-landscape`.
   */
  private landscapeAsked = false;
  /** The latest sweep as the Sweep tab shows it (sent again when the panel reopens). */
  private sweep: SweepMessage | undefined;
  /** The sweep started in this window whose tab the panel has not yet said it brought forward: its messages say `reveal`. */
  private sweepToReveal: string | undefined;
  /** The latest sweep as kept in the history (after a reload: what Apply to file reads). */
  private storedSweep: StoredSweep | undefined;
  /** Finished rows of the latest sweep when it was last saved (it is saved as rows finish, not as they start). */
  private savedFinishedRows = -1;
  private actions: PanelActions | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly history?: RunHistoryStore,
    private readonly sweeps?: SweepHistoryStore,
  ) {
    this.restoreHistory();
    this.restoreSweep();
  }

  /** The latest sweep's table comes back after a reload, with its runs (kept in the run history). */
  private restoreSweep(): void {
    try {
      this.storedSweep = this.sweeps?.latest();
      this.sweep = this.storedSweep?.sweep;
    } catch (error) {
      this.output.warn(`sweep history: could not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The kept sweep with this id (Apply to file after a reload), if it is the latest. */
  keptSweep(sweepId: string): StoredSweep | undefined {
    return this.storedSweep?.sweep.sweepId === sweepId ? this.storedSweep : undefined;
  }

  /** The finished runs of earlier sessions (their records, not their weights) come back after a reload. */
  private restoreHistory(): void {
    if (!this.history) return;
    try {
      const { records, skipped } = this.history.load();
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      for (const record of records) this.runs.set(record.runId, { builder: RunRecordBuilder.from(record), uri: record.source && folder ? vscode.Uri.joinPath(folder, record.source.path) : undefined });
      if (skipped > 0) this.output.warn(`run history: skipped ${skipped} file(s) that are not valid run records`);
    } catch (error) {
      this.output.warn(`run history: could not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  provideActions(actions: PanelActions): void {
    this.actions = actions;
  }

  /** A sweep changed (started, a run started or ended, it finished): the Sweep tab shows it whole. */
  sweepChanged(sweep: SweepMessage, origin: { readonly source: string | null; readonly trainName: string | null }): void {
    const first = this.sweep?.sweepId !== sweep.sweepId;
    this.sweep = sweep;
    if (first) {
      this.savedFinishedRows = -1;
      this.sweepToReveal = sweep.sweepId;
      this.show(true);
    }
    this.postSweep(sweep);
    this.saveSweep({ sweep, ...origin });
  }

  /**
   * Posts a sweep; one started in this window says `reveal` until the webview answers
   * `sweep-revealed`: a hidden panel reloads when shown and loses what was posted meanwhile, so only
   * the webview can tell that it has brought the tab forward. (A panel opened anew later, after
   * Close All Editors, then gets the sweep without `reveal` and keeps the tab it opens on.)
   */
  private postSweep(sweep: SweepMessage): void {
    this.post(sweep.sweepId === this.sweepToReveal ? { ...sweep, reveal: true } : sweep);
  }

  /** Keeps the sweep's table with the run history: when it starts, as each row finishes, and when it ends. */
  private saveSweep(stored: StoredSweep): void {
    this.storedSweep = stored;
    const finished = stored.sweep.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    if (!this.sweeps || (finished === this.savedFinishedRows && stored.sweep.state === 'running')) return;
    this.savedFinishedRows = finished;
    try {
      this.sweeps.save(stored);
    } catch (error) {
      this.output.warn(`sweep history: could not save the sweep ${stored.sweep.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A sweep's run began: it is a run of the panel (its curves overlay in Training, tagged with its sweep), not followed. */
  sweepRunStarted(runId: string, label: string, document: vscode.TextDocument, text: string, sweep: RunSweepTag): void {
    const source = { path: vscode.workspace.asRelativePath(document.uri), lineStarts: lineStartsOf(text) };
    const startedAt = new Date().toISOString();
    const builder = new RunRecordBuilder(runId, label, source, startedAt);
    builder.tagSweep(sweep);
    this.runs.set(runId, { builder, uri: document.uri });
    this.post({ type: 'run-started', runId, label, source, startedAt, sweep });
  }

  /** A sweep's run ended: kept in the run history like any finished run. */
  sweepRunEnded(runId: string): void {
    const known = this.runs.get(runId);
    if (known) this.keep(known.builder.record());
  }

  /** Saves a record in the run history (a failure to write is logged, never thrown). */
  private keep(record: RunRecord): void {
    try {
      this.history?.save(record);
    } catch (error) {
      this.output.warn(`run history: could not save run ${record.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  sweepRunEvents(runId: string, events: readonly TrainEvent[]): void {
    const known = this.runs.get(runId);
    if (!known) return;
    known.builder.addAll(events);
    this.post({ type: 'events', runId, events });
  }

  provideLandscapes(provider: LandscapeProvider): void {
    this.landscapeProvider = provider;
  }

  provideLatentDecoder(decoder: LatentDecoder): void {
    this.latentDecoder = decoder;
  }

  /** Answers the Latent manifold tab's interpolation with the decoder's outputs at its points. */
  private async decodeLatent(runId: string, epoch: number, points: readonly number[]): Promise<void> {
    const result = this.latentDecoder ? await this.latentDecoder(runId, epoch, points) : { decoded: null, message: 'no training in this window' };
    this.post({ type: 'decoded-latent', runId, epoch, points, decoded: result.decoded ? Array.from(result.decoded) : null, ...(result.message === undefined ? {} : { message: result.message }) });
  }

  /** Opens the panel beside the editor, or reveals it. */
  show(preserveFocus = false): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(panelViewType, 'dlmodel: training', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
    this.adopt(panel);
  }

  /** Takes over a panel VS Code restored after a reload (its runs are gone; its view choices are not). */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = bundleHtml(panel.webview, this.extensionUri, 'webview', 'dlmodel: training');
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.queue = [];
    });
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    // Scripts only from the extension's dist/ folder (the bundle and its stylesheet), nothing else.
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.panel) return;
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    if (!isWebviewToHostMessage(raw)) {
      this.output.warn(`panel: ignored a malformed message from the webview: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    const message: WebviewToHostMessage = raw;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.queue = [];
        // Everything known, at once: the webview replaces its runs with these.
        void this.panel?.webview.postMessage({ type: 'state', runs: [...this.runs.values()].map((r) => r.builder.record()), selectedRunId: this.selected } satisfies HostToWebviewMessage);
        if (this.landscapeAsked) this.post({ type: 'compute-landscape' });
        if (this.sweep) this.postSweep(this.sweep);
        break;
      }
      case 'reveal': {
        const run = this.runs.get(message.runId);
        if (!run?.uri) return;
        void vscode.workspace.openTextDocument(run.uri).then(async (document) => {
          const end = Math.min(message.range.end, document.getText().length);
          const range = new vscode.Range(document.positionAt(Math.min(message.range.start, end)), document.positionAt(end));
          await vscode.window.showTextDocument(document, { selection: range, viewColumn: vscode.ViewColumn.One });
        });
        break;
      }
      case 'request-landscape':
        this.landscapeAsked = false;
        void this.computeLandscape(message.runId, message.plane, message.resolution, message.race ?? true);
        break;
      case 'select-run':
        if (this.runs.has(message.runId)) this.selected = message.runId;
        break;
      case 'train':
        void this.trainFromPanel();
        break;
      case 'apply-sweep':
        this.actions?.applySweep(message.sweepId, message.index);
        break;
      case 'sweep-revealed':
        if (this.sweepToReveal === message.sweepId) this.sweepToReveal = undefined;
        break;
      case 'set-lr':
        if (this.actions && !this.actions.setLearningRate(message.runId, message.lr)) void vscode.window.showInformationMessage('dlmodel: that run is no longer training; the learning rate can be changed only while it trains.');
        break;
      case 'sequence-step':
        void this.actions?.sequenceStep(message).then((answer) => this.post(answer));
        break;
      case 'decode-latent':
        void this.decodeLatent(message.runId, message.epoch, message.points);
        break;
      case 'select-layer': {
        // Every layer's projection is sent as the run goes; answer with what the run has.
        const latent = this.runs.get(message.runId)?.builder.record().latent;
        if (latent) this.post({ type: 'latent', runId: message.runId, latent });
        break;
      }
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  /** The run the panel shows (what reports and exports default to), or null before any run. */
  get shownRunId(): string | null {
    return this.selected;
  }

  /** The empty panel's Train button: trains the .dlmodel file in view (the panel has the focus, so no editor is active). */
  private async trainFromPanel(): Promise<void> {
    // Without a URI, Train finds a visible .dlmodel editor itself (the panel has the focus, so no
    // editor is active) and says what to open when there is none.
    await vscode.commands.executeCommand('dlmodel.train');
  }

  /**
   * "Compute Loss Landscape" from the palette: the panel asks for the run it shows with the plane
   * and resolution its own selectors say, so the command and the panel use one setting.
   */
  requestLandscape(): void {
    if (this.runs.size === 0) {
      void vscode.window.showInformationMessage('Train a model first: the loss landscape is computed around a run’s trained weights.');
      return;
    }
    this.landscapeAsked = true;
    this.show(true);
    this.post({ type: 'compute-landscape' });
  }

  /** Computes (in the run's worker) and shows a run's loss landscape. */
  private async computeLandscape(runId: string, plane: 'random' | 'path', resolution: number, race: boolean | readonly RaceChoice[]): Promise<void> {
    if (!this.runs.has(runId)) {
      void vscode.window.showInformationMessage('Train a model first: the loss landscape is computed around a run’s trained weights.');
      return;
    }
    if (!this.landscapeProvider) return;
    this.show(true);
    const result = await this.landscapeProvider(runId, plane, resolution, race);
    const run = this.runs.get(runId);
    if (!run) return;
    if (result.landscape) run.builder.setLandscape(result.landscape);
    this.post({ type: 'landscape', runId, landscape: result.landscape, ...(result.message === undefined ? {} : { message: result.message }) });
    if (!result.landscape && result.message) void vscode.window.showWarningMessage(`dlmodel: ${result.message}`);
  }

  runStarted(run: ActiveRun): void {
    this.pending.set(run.handle.runId, run);
  }

  /** The run's first events arrived: it is a run now (shown, followed, kept for the session). */
  private admit(run: ActiveRun): void {
    const runId = run.handle.runId;
    this.pending.delete(runId);
    const source = { path: vscode.workspace.asRelativePath(run.document.uri), lineStarts: lineStartsOf(run.text) };
    this.runs.set(runId, { builder: new RunRecordBuilder(runId, run.label, source, run.startedAt), uri: run.document.uri });
    this.selected = runId;
    this.show(true);
    this.post({ type: 'run-started', runId, label: run.label, source, startedAt: run.startedAt });
  }

  runEvents(run: ActiveRun, events: readonly TrainEvent[]): void {
    if (this.pending.has(run.handle.runId)) this.admit(run);
    const known = this.runs.get(run.handle.runId);
    if (!known) return;
    known.builder.addAll(events);
    this.post({ type: 'events', runId: run.handle.runId, events });
  }

  runLatent(run: ActiveRun, latent: LatentData): void {
    const known = this.runs.get(run.handle.runId);
    if (!known) return;
    known.builder.mergeLatent(latent);
    this.post({ type: 'latent', runId: run.handle.runId, latent });
  }

  runEnded(run: ActiveRun, _outcome: RunOutcome): void {
    // A run that ended before its first event failed to start: it was never shown. A run's
    // record already holds its done/failed event; nothing else to send.
    this.pending.delete(run.handle.runId);
    const known = this.runs.get(run.handle.runId);
    if (known) this.keep(known.builder.record());
  }

  /**
   * Shows a run from a record file (*Open Run Record…*): kept like a finished run (and in the run
   * history), shown and selected. Opening the same file again replaces it.
   */
  openRecord(record: RunRecord): void {
    this.runs.set(record.runId, { builder: RunRecordBuilder.from(record), uri: undefined });
    this.selected = record.runId;
    this.show(true);
    if (this.ready) this.post({ type: 'state', runs: [...this.runs.values()].map((r) => r.builder.record()), selectedRunId: this.selected });
    this.keep(record);
  }

  /** Writes the selected run (and the others of this session, for overlays) as one HTML report. */
  async saveReport(): Promise<void> {
    const records = [...this.runs.values()].map((r) => r.builder.record());
    if (records.length === 0) {
      void vscode.window.showInformationMessage('Train a model first: the report shows the runs of this session.');
      return;
    }
    const selected = records.find((r) => r.runId === this.selected) ?? records[records.length - 1]!;
    const ordered = [selected, ...records.filter((r) => r !== selected)];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ filters: { HTML: ['html'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'training-report.html') } : {}), saveLabel: 'Save Report' });
    if (!target) return;
    const html = renderReport(ordered, readReportAssets(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
    void vscode.window.showInformationMessage(`dlmodel: report saved to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
