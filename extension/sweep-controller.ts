import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { describeConfiguration, type SweepConfiguration, type SweepSetting } from '../core/train/sweep';
import { documentFolderOf } from '../node/node-file-access';
import { defaultWorkerCount, poolHalvingOf, SweepPool, type SweepRunResult } from '../node/sweep-pool';
import type { SweepApplyParams, SweepApplyResult, SweepPlan, SweepPlanParams, SweepPlanResult } from '../protocol/lsp-requests';
import type { SweepMessage, SweepRow } from '../protocol/sweep-messages';
import { currentModelDocument } from './model-document';
import type { PanelHost } from './panels';
import { trustMessage } from './training-controller';

/** The language server's answers (protocol/lsp-requests.ts); null when it is not running or does not know the document. */
export interface SweepRequests {
  plan(params: SweepPlanParams): Promise<SweepPlanResult | null>;
  apply(params: SweepApplyParams): Promise<SweepApplyResult | null>;
}

const serverAbsent = 'dlmodel: the language server did not answer (is it still starting, or did it stop? see the dlmodel output); try again.';

/** What Apply to file needs of a sweep after it ran: where it came from and each row's settings. */
interface KnownSweep {
  readonly sweepId: string;
  readonly uri: vscode.Uri;
  readonly trainName: string | undefined;
  readonly settings: readonly (readonly SweepSetting[])[];
}

const pendingRow = (configuration: SweepConfiguration): SweepRow => ({
  index: configuration.index,
  runId: null,
  values: configuration.settings.map((s) => s.value),
  status: 'pending',
  loss: null,
  accuracy: null,
  valLoss: null,
  valAccuracy: null,
  epochs: null,
  message: null,
});

/** A finished run's row: its outcome and the metrics of its `done` event (halving: of the rung it was stopped at). */
function finishedRow(row: SweepRow, result: SweepRunResult): SweepRow {
  const numbers = result.done ?? (result.stoppedAt === undefined ? undefined : result.last);
  return {
    ...row,
    status: result.outcome,
    loss: numbers && Number.isFinite(numbers.loss) ? numbers.loss : null,
    accuracy: numbers?.accuracy ?? null,
    valLoss: numbers?.valLoss ?? null,
    valAccuracy: numbers?.valAccuracy ?? null,
    epochs: result.done?.epochs ?? result.stoppedAt ?? null,
    ...(result.stoppedAt === undefined ? {} : { stoppedAt: result.stoppedAt }),
    message: result.message ?? null,
  };
}

/**
 * Run Sweep: every configuration of a train block's `sweep:` on the pool of worker threads
 * (node/sweep-pool.ts, as `dlmodel sweep`), with a progress notification "k/N runs" whose Cancel
 * stops every worker. The runs' curves and the table go to the panel's Sweep tab; Apply to file
 * writes a row's configuration into the source as one undoable edit.
 */
export class SweepController implements vscode.Disposable {
  private pool: SweepPool | undefined;
  private known: KnownSweep | undefined;

  constructor(
    private readonly workerPath: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly panels: PanelHost,
    private readonly requests: SweepRequests,
  ) {}

  /** Runs the sweep of the given (or active) document's train block (the named one, or the only one with a sweep). */
  async run(trainName?: string | null, uri?: vscode.Uri): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(trustMessage, 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (this.pool) {
      void vscode.window.showInformationMessage('dlmodel: a sweep is running; cancel it first (dlmodel: Cancel Sweep).');
      return;
    }
    const document = uri ? await vscode.workspace.openTextDocument(uri) : currentModelDocument();
    const folder = document && vscode.workspace.getWorkspaceFolder(document.uri);
    if (!document || document.languageId !== 'dlmodel' || !folder || document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file saved in a workspace folder, with sweep: in a train block, to run its sweep.');
      return;
    }
    const workspaceRoot = folder.uri.fsPath;
    const documentFolder = documentFolderOf(workspaceRoot, document.uri.fsPath);
    const plan = await this.planOf(document, trainName ?? undefined);
    if (!plan) return;
    const configurations = plan.configurations;
    // The block that runs: the one asked for, or the only one with a sweep (the server picked it).
    const blockName = plan.trainName ?? undefined;
    const label = `${vscode.workspace.asRelativePath(document.uri)}${blockName ? ` · ${blockName}` : ''}`;
    const sweepId = randomUUID();
    this.known = { sweepId, uri: document.uri, trainName: blockName, settings: configurations.map((c) => c.settings) };
    let message: SweepMessage = { type: 'sweep', sweepId, label, metric: plan.metric, keys: [...plan.keys], rows: configurations.map(pendingRow), state: 'running' };
    const origin = { source: vscode.workspace.asRelativePath(document.uri, false), trainName: plan.trainName };
    const changeRow = (index: number, change: (row: SweepRow) => SweepRow): void => {
      message = { ...message, rows: message.rows.map((row) => (row.index === index ? change(row) : row)) };
      this.panels.sweepChanged(message, origin);
    };
    this.panels.sweepChanged(message, origin);
    const configured = vscode.workspace.getConfiguration('dlmodel').get<number>('sweep.workers', 0);
    const workers = Math.min(configured > 0 ? configured : defaultWorkerCount(), configurations.length);
    const memoryMb = vscode.workspace.getConfiguration('dlmodel').get<number>('training.memoryBudgetMB', 2048);
    const total = configurations.length;
    const halving = poolHalvingOf(plan.earlyStop ? { earlyStop: plan.earlyStop, metric: plan.metric } : { metric: plan.metric }, plan.epochs);
    let finished = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sweep ${label}`, cancellable: true }, async (progress, token) => {
      progress.report({ message: `0/${total} runs` });
      const pool = new SweepPool({
        workerPath: this.workerPath,
        workspaceRoot,
        documentFolder,
        memoryBudget: memoryMb * 1024 * 1024,
        workers,
        ...(blockName === undefined ? {} : { trainName: blockName }),
        ...(halving ? { halving } : {}),
        onStarted: (configuration, handle) => {
          this.panels.sweepRunStarted(handle.runId, `sweep ${configuration.index + 1}/${total} · ${describeConfiguration(configuration.settings)}`, document, configuration.text, { sweepId, index: configuration.index });
          changeRow(configuration.index, (row) => ({ ...row, runId: handle.runId, status: 'running' }));
        },
        onEvents: (_configuration, handle, events) => this.panels.sweepRunEvents(handle.runId, events),
        onFinished: (result) => {
          finished++;
          progress.report({ message: `${finished}/${total} runs`, increment: 100 / total });
          changeRow(result.configuration.index, (row) => finishedRow(row, result));
          const runId = message.rows.find((row) => row.index === result.configuration.index)?.runId;
          if (runId) this.panels.sweepRunEnded(runId);
        },
      });
      this.pool = pool;
      await vscode.commands.executeCommand('setContext', 'dlmodel.sweeping', true);
      let cancelled = false;
      token.onCancellationRequested(() => {
        cancelled = true;
        void this.cancel();
      });
      const started = performance.now();
      try {
        await pool.run(configurations);
      } finally {
        this.pool = undefined;
        await vscode.commands.executeCommand('setContext', 'dlmodel.sweeping', false);
      }
      message = { ...message, state: cancelled ? 'cancelled' : 'done' };
      this.panels.sweepChanged(message, origin);
      this.output.info(`sweep ${label}: ${finished} of ${total} runs finished on ${workers} worker(s) in ${((performance.now() - started) / 1000).toFixed(1)} s${cancelled ? ' (cancelled)' : ''}`);
    });
  }

  /** Stops every worker of the running sweep; resolves when each worker thread has exited. */
  async cancel(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    const asked = performance.now();
    await pool.cancel();
    // Logged so that the time from Cancel to the last worker's exit can be checked (the spec asks ≤ 1 s).
    this.output.info(`sweep cancelled: every worker exited ${(performance.now() - asked).toFixed(0)} ms after Cancel`);
  }

  /** Apply to file: the row's configuration written into its source as one undoable edit. */
  async apply(sweepId: string, index: number): Promise<void> {
    const sweep = this.known?.sweepId === sweepId ? this.known : this.fromHistory(sweepId);
    const settings = sweep?.settings[index];
    if (!sweep || !settings) {
      void vscode.window.showInformationMessage('dlmodel: that sweep is no longer known — run it again to apply one of its configurations.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(sweep.uri);
    const answer = await this.requests.apply({ textDocument: { uri: document.uri.toString() }, version: document.version, settings, ...(sweep.trainName === undefined ? {} : { trainName: sweep.trainName }) });
    if (!answer) {
      void vscode.window.showWarningMessage(serverAbsent);
      return;
    }
    if ('problem' in answer) {
      void vscode.window.showWarningMessage(`dlmodel: cannot apply the configuration: ${answer.problem}.`);
      return;
    }
    const { edits } = answer;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.range.start), document.positionAt(e.range.end)), e.newText);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage('dlmodel: the editor refused the edit (is the file read-only?).');
      return;
    }
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    void vscode.window.showInformationMessage(`dlmodel: applied run ${index + 1}'s configuration (${describeConfiguration(settings)}) — Undo reverts it.`);
  }

  /** The server's plan of the document's sweep, or undefined after telling the user why there is none. */
  private async planOf(document: vscode.TextDocument, trainName: string | undefined): Promise<SweepPlan | undefined> {
    const answer = await this.requests.plan({ textDocument: { uri: document.uri.toString() }, version: document.version, ...(trainName === undefined ? {} : { trainName }) });
    if (!answer) {
      void vscode.window.showErrorMessage(serverAbsent);
      return undefined;
    }
    switch (answer.kind) {
      case 'plan':
        return answer.plan;
      case 'errors':
        void vscode.window.showErrorMessage(`dlmodel: the sweep cannot run: the file has ${answer.count} error${answer.count === 1 ? '' : 's'} (first: ${answer.first}).`);
        return undefined;
      case 'no-sweep':
        void vscode.window.showInformationMessage('dlmodel: this file has no sweep — add one to a train block: sweep: grid(lr: [0.001, 0.01])');
        return undefined;
      case 'stale':
        void vscode.window.showInformationMessage('dlmodel: the file changed while the sweep was being planned; run it again.');
        return undefined;
      default: {
        const unreachable: never = answer;
        return unreachable;
      }
    }
  }

  /** A sweep of an earlier session, as the run history kept it: its rows' values are its settings. */
  private fromHistory(sweepId: string): KnownSweep | undefined {
    const stored = this.panels.keptSweep(sweepId);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!stored?.source || !folder) return undefined;
    const { keys, rows } = stored.sweep;
    const settings = [...rows].sort((a, b) => a.index - b.index).map((row) => keys.map((key, i) => ({ key, value: row.values[i] ?? '' })));
    return { sweepId, uri: vscode.Uri.joinPath(folder, stored.source), trainName: stored.trainName ?? undefined, settings };
  }

  dispose(): void {
    void this.pool?.cancel();
  }
}
