import { defaultRunsKept, RunHistoryStore } from '../node/run-history';
import { SweepHistoryStore } from '../node/sweep-history';
import { RunWeightsStore } from '../node/run-weights-store';
import { openRunRecord } from './open-run-record';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';
import { TrainingController } from './training-controller';
import { PanelHost, panelViewType } from './panels';
import { exportModel } from './export-commands';
import { newModelFile } from './new-file';
import { openExample } from './open-example';
import { ModelDiffView } from './model-diff';
import { GraphPanel } from './graph-panel';
import { currentModelDocument } from './model-document';
import { graphRequestMethod, type GraphRequestResult } from '../protocol/graph-messages';
import { sweepApplyRequest, sweepPlanRequest, type SweepApplyParams, type SweepApplyResult, type SweepPlanParams, type SweepPlanResult } from '../protocol/lsp-requests';
import { BackpropView } from './backprop-view';
import { answerSequenceStep } from './sequence-step';
import { TextGenerationCommand } from './generate-text';
import { SweepController } from './sweep-controller';

let client: LanguageClient | undefined;

/** Set by the bundle's first line (scripts/build.mjs) when VS Code starts evaluating it. */
declare const __dlmodelBundleStart: number | undefined;

/**
 * Activates on `.dlmodel` files and on the extension's commands: registers the commands and starts
 * the language server without waiting for it, so activation stays short (the editor shows the
 * server's results as soon as it answers). Everything language-specific happens in the server.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('dlmodel', { log: true });
  context.subscriptions.push(output);
  const training = new TrainingController(context.asAbsolutePath('dist/worker.js'), output);
  // Finished runs' records in the workspace's storage (the window's, without a workspace), capped by dlmodel.runs.keep.
  const keep = vscode.workspace.getConfiguration('dlmodel').get<number>('runs.keep', defaultRunsKept);
  const historyFolder = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'runs').fsPath;
  const panels = new PanelHost(context.extensionUri, output, new RunHistoryStore(historyFolder, keep), new SweepHistoryStore(historyFolder));
  training.observe(panels);
  // Beside the records: the last few finished runs' final weights, so a run restored after a reload can be mapped.
  training.keepWeightsIn(new RunWeightsStore(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'run-weights').fsPath));
  const modelDiff = new ModelDiffView(context.extensionUri, () => client);
  // The graph view asks the running language server; until it has started, the request waits for it.
  let serverStarted: Promise<void> = Promise.resolve();
  const graph = new GraphPanel(
    context.extensionUri,
    async (params) => {
      await serverStarted;
      return client ? client.sendRequest<GraphRequestResult | null>(graphRequestMethod, params) : null;
    },
    output,
  );
  const backprop = new BackpropView(context.extensionUri, context.asAbsolutePath('dist/backprop-worker.js'), output);
  const generation = new TextGenerationCommand(context.asAbsolutePath('dist/generate-worker.js'), output, () => training.finished);
  context.subscriptions.push(generation, vscode.commands.registerCommand('dlmodel.generateText', () => generation.run()));
  panels.provideLandscapes((runId, plane, resolution, race) => training.landscape(runId, plane, resolution, race));
  panels.provideLatentDecoder((runId, epoch, points) => training.decodeLatent(runId, epoch, points));
  // Run Sweep and Apply to file ask the server, which has checked the file (see protocol/lsp-requests.ts).
  const askServer = async <P, R>(method: string, params: P): Promise<R | null> => {
    await serverStarted;
    return client ? client.sendRequest<R | null>(method, params) : null;
  };
  const sweeps = new SweepController(context.asAbsolutePath('dist/worker.js'), output, panels, {
    plan: (params) => askServer<SweepPlanParams, SweepPlanResult>(sweepPlanRequest, params),
    apply: (params) => askServer<SweepApplyParams, SweepApplyResult>(sweepApplyRequest, params),
  });
  panels.provideActions({
    applySweep: (sweepId, index) => void sweeps.apply(sweepId, index),
    setLearningRate: (runId, lr) => training.setLearningRate(runId, lr),
    sequenceStep: (request) => answerSequenceStep(context.asAbsolutePath('dist/generate-worker.js'), training.finished, request),
  });
  context.subscriptions.push(
    training,
    panels,
    modelDiff,
    backprop,
    vscode.commands.registerCommand('dlmodel.stepBackprop', () => backprop.open()),
    vscode.commands.registerCommand('dlmodel.compareWithHead', () => modelDiff.compareWithHead()),
    vscode.commands.registerCommand('dlmodel.compareWithFile', () => modelDiff.compareWithFile()),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: (panel) => Promise.resolve(panels.adopt(panel)),
    }),
    vscode.commands.registerCommand('dlmodel.newFile', (id?: unknown) => newModelFile(id)),
    vscode.commands.registerCommand('dlmodel.openExample', (name?: unknown) => openExample(context.asAbsolutePath('examples'), name)),
    vscode.commands.registerCommand('dlmodel.showPanels', () => panels.show()),
    graph,
    // The code lens passes the document's URI (a string, from the server) and the model's name.
    vscode.commands.registerCommand('dlmodel.showGraph', async (target?: string | vscode.Uri, model?: string) => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      const document = uri ? await vscode.workspace.openTextDocument(uri) : currentModelDocument();
      if (!document) {
        void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file to see its model as a graph.');
        return;
      }
      graph.show(document, typeof model === 'string' ? model : undefined);
    }),
    vscode.commands.registerCommand('dlmodel.saveReport', () => panels.saveReport()),
    vscode.commands.registerCommand('dlmodel.openRunRecord', (uri?: unknown) => openRunRecord(panels, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('dlmodel.computeLandscape', () => panels.requestLandscape()),
    vscode.commands.registerCommand('dlmodel.exportPytorch', () => exportModel('pytorch', context.asAbsolutePath('dist/cli.js'), output, { finished: training.finished, onScreen: panels.shownRunId })),
    vscode.commands.registerCommand('dlmodel.exportOnnx', () => exportModel('onnx', context.asAbsolutePath('dist/cli.js'), output, { finished: training.finished, onScreen: panels.shownRunId })),
    // The code lens passes the document's URI (a string, from the server) and the train block's name
    // (null for an unnamed block); the title bar passes the file's Uri; the palette passes nothing.
    vscode.commands.registerCommand('dlmodel.train', (target?: string | vscode.Uri, trainName?: string | null) => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      return training.train(typeof trainName === 'string' ? trainName : null, uri);
    }),
    vscode.commands.registerCommand('dlmodel.stop', () => training.stop()),
    sweeps,
    // The lens passes the document's URI (a string) and the train block's name (null when unnamed).
    vscode.commands.registerCommand('dlmodel.runSweep', (target?: string | vscode.Uri, trainName?: string | null) => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      return sweeps.run(typeof trainName === 'string' ? trainName : null, uri);
    }),
    vscode.commands.registerCommand('dlmodel.cancelSweep', () => sweeps.cancel()),
    vscode.commands.registerCommand('dlmodel.pause', () => training.pause()),
    vscode.commands.registerCommand('dlmodel.resume', () => training.resume()),
    vscode.commands.registerCommand('dlmodel.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  serverStarted = languageClient.start();
  serverStarted.then(
    () => output.info(`language server ready ${(performance.now() - started).toFixed(1)} ms after activation began`),
    (error: unknown) => {
      output.error(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('dlmodel: the language server did not start; see the dlmodel output channel. Run "dlmodel: Restart Language Server" to try again.');
    },
  );
  const loadMs = typeof __dlmodelBundleStart === 'number' ? started - __dlmodelBundleStart : NaN;
  output.info(`dlmodel studio activated in ${(performance.now() - started).toFixed(1)} ms (bundle evaluated in ${loadMs.toFixed(1)} ms before that)`);
}

/** Stops the language server; VS Code waits for the returned promise. */
export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
