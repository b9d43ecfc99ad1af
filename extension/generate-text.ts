import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import type { GenerationRequest } from '../core/generate';
import { promptProblem } from '../core/generate/encode';
import type { TextModelInfo } from '../core/export/text-metadata';
import { defaultWeightsPath } from '../node/weights-path';
import type { GenerateWorkerMessage } from '../protocol/generate-messages';
import type { FinishedRun } from './export-weights';
import { generationDefaults } from '../core/generate/defaults';
import { defaultLength, latestTextRun, lengthInputProblem, parseLength, parseSeed, parseTemperature, parseTopK, seedInputProblem, temperatureInputProblem, topKInputProblem, weightsTextInfo } from './generate-choice';
import { currentModelDocument } from './model-document';
import { TextAppender } from './text-appender';

/** What a generation reads the model and its weights from. */
interface WeightsSource {
  readonly text: string;
  readonly trainName: string | undefined;
  readonly weights: Uint8Array;
  readonly info: TextModelInfo;
  /** For messages: "run 3f2a… (epoch 10/10)" or the file's name. */
  readonly label: string;
}

/**
 * *dlmodel: Generate Text…*: continues a prompt with the text model of the active .dlmodel file,
 * using the weights of its latest run in this window (or a saved weights file), streaming the
 * characters into a new untitled editor as they are sampled.
 *
 * Sampling runs in a worker thread (dist/generate-worker.js), not in slices on the extension
 * host: one character of a larger model is a whole forward pass that cannot be cut smaller, so
 * slices would still block the host for that long, and terminating the thread stops generation
 * at once, mid-pass. The worker prepares and samples with core/generate exactly as the CLI does.
 */
export class TextGenerationCommand implements vscode.Disposable {
  private readonly workers = new Set<Worker>();

  constructor(
    private readonly workerPath: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly finishedRuns: () => readonly FinishedRun[],
  ) {}

  async run(): Promise<void> {
    const document = currentModelDocument();
    if (!document) return void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file of a text model (trained on text(…)) to generate text with it.');
    const source = await this.weightsSource(document);
    if (!source) return;
    const prompt = await vscode.window.showInputBox({
      title: 'Generate Text (1/5): prompt',
      prompt: `The text the model continues (empty: start a new line). Only characters of its ${source.info.vocabulary.length}-character vocabulary.`,
      placeHolder: 'the prompt',
      validateInput: (text) => promptProblem(source.info.vocabulary, text),
    });
    if (prompt === undefined) return;
    const temperature = await vscode.window.showInputBox({ title: 'Generate Text (2/5): temperature', prompt: 'Below 1 sharper, above 1 more varied, 0 always the likeliest character', value: String(generationDefaults.temperature), validateInput: temperatureInputProblem });
    if (temperature === undefined) return;
    const length = await vscode.window.showInputBox({ title: 'Generate Text (3/5): length', prompt: 'How many characters to generate after the prompt', value: String(defaultLength), validateInput: lengthInputProblem });
    if (length === undefined) return;
    const topK = await vscode.window.showInputBox({ title: 'Generate Text (4/5): top-k', prompt: 'Sample among the k likeliest characters only (0: all of them), as dlmodel generate --top-k', value: String(generationDefaults.topK), validateInput: topKInputProblem });
    if (topK === undefined) return;
    const seed = await vscode.window.showInputBox({ title: 'Generate Text (5/5): seed', prompt: 'The same seed, weights and answers give the same text (dlmodel generate --seed prints it too)', value: String(generationDefaults.seed), validateInput: seedInputProblem });
    if (seed === undefined) return;
    const request: GenerationRequest = { text: source.text, weights: source.weights, prompt, length: parseLength(length), temperature: parseTemperature(temperature), topK: parseTopK(topK), seed: parseSeed(seed), ...(source.trainName === undefined ? {} : { trainName: source.trainName }) };
    await this.generate(request, source, vscode.workspace.asRelativePath(document.uri));
  }

  /** The latest text run's weights; otherwise says why not and offers to train or to pick a saved weights file. */
  private async weightsSource(document: vscode.TextDocument): Promise<WeightsSource | undefined> {
    const name = vscode.workspace.asRelativePath(document.uri);
    const choice = latestTextRun(this.finishedRuns(), document.uri.toString());
    switch (choice.kind) {
      case 'text':
        return { text: choice.run.text, trainName: choice.run.trainName, weights: choice.run.weights, info: choice.info, label: choice.run.name };
      case 'none':
        return this.offerAlternatives(document, `dlmodel: ${name} has no trained run in this window to generate text from. Train it first (its model must be trained on text(…)), or choose weights saved with dlmodel train --save.`);
      case 'not-text':
        return this.offerAlternatives(document, `dlmodel: the latest run of ${name} (${choice.run.name}) did not train on text(…): its weights have no vocabulary to generate characters with.`);
      default: {
        const unknown: never = choice;
        return unknown;
      }
    }
  }

  private async offerAlternatives(document: vscode.TextDocument, message: string): Promise<WeightsSource | undefined> {
    const picked = await vscode.window.showInformationMessage(message, 'Train', 'Choose Weights File…');
    if (picked === 'Train') await vscode.commands.executeCommand('dlmodel.train', document.uri);
    if (picked !== 'Choose Weights File…') return undefined;
    const saved = document.uri.scheme === 'file' ? vscode.Uri.file(defaultWeightsPath(document.uri.fsPath)) : undefined;
    const files = await vscode.window.showOpenDialog({ title: 'Weights to generate with', canSelectMany: false, filters: { Safetensors: ['safetensors'] }, ...(saved ? { defaultUri: saved } : {}) });
    const file = files?.[0];
    if (!file) return undefined;
    const weights = new Uint8Array(await readFile(file.fsPath));
    const info = weightsTextInfo(weights);
    if (!info) return void vscode.window.showErrorMessage(`dlmodel: ${vscode.workspace.asRelativePath(file)} records no vocabulary: it was not saved from a run on text(…).`);
    return { text: document.getText(), trainName: undefined, weights, info, label: vscode.workspace.asRelativePath(file) };
  }

  /** Streams the request's text into a new untitled editor under a cancellable progress notification. */
  private async generate(request: GenerationRequest, source: WeightsSource, fileName: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument({ content: request.prompt, language: 'plaintext' });
    await vscode.window.showTextDocument(document, { preview: false });
    const appender = new TextAppender((text) => {
      const edit = new vscode.WorkspaceEdit();
      // The end of the document without copying its text (it grows to the whole generation).
      edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, text);
      return vscode.workspace.applyEdit(edit);
    });
    this.output.info(`generating ${request.length} characters from ${fileName} with ${source.label} (temperature ${request.temperature}, top-k ${request.topK}, seed ${request.seed})`);
    const title = `Generating ${request.length.toLocaleString('en-US')} characters with ${fileName}`;
    let received = 0;
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      this.runWorker(request, appender, document, token, (characters) => {
        received += characters;
        progress.report({ message: `${received.toLocaleString('en-US')}/${request.length.toLocaleString('en-US')}`, increment: (100 * characters) / request.length });
      }),
    );
    await appender.flushed().catch((error: unknown) => this.output.warn(`generation: ${error instanceof Error ? error.message : String(error)}`));
    this.output.info(`generation from ${fileName} ${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.message}` : ''}`);
    if (outcome.kind === 'failed') void vscode.window.showErrorMessage(`dlmodel: cannot generate text with ${fileName}: ${outcome.message}`);
  }

  /** Runs one worker to its end, or until Cancel or the editor closes (the worker is terminated at once). */
  private runWorker(request: GenerationRequest, appender: TextAppender, document: vscode.TextDocument, token: vscode.CancellationToken, reportChunk: (characters: number) => void): Promise<{ kind: 'done' | 'cancelled' } | { kind: 'failed'; message: string }> {
    return new Promise((resolve) => {
      const worker = new Worker(this.workerPath, { workerData: request });
      this.workers.add(worker);
      const subscriptions: vscode.Disposable[] = [];
      let finished = false;
      // The first outcome counts: a worker that posted `done` (or was cancelled) exits afterwards too.
      const finish = (outcome: { kind: 'done' | 'cancelled' } | { kind: 'failed'; message: string }): void => {
        if (finished) return;
        finished = true;
        for (const subscription of subscriptions.splice(0)) subscription.dispose();
        this.workers.delete(worker);
        void worker.terminate();
        resolve(outcome);
      };
      subscriptions.push(
        token.onCancellationRequested(() => finish({ kind: 'cancelled' })),
        vscode.workspace.onDidCloseTextDocument((closed) => closed === document && finish({ kind: 'cancelled' })),
      );
      worker.on('message', (message: GenerateWorkerMessage) => {
        // Chunks the worker posted before it was terminated may still be queued: Cancel means no more text.
        if (finished) return;
        switch (message.type) {
          case 'chunk':
            appender.append(message.text);
            reportChunk([...message.text].length);
            return;
          case 'done':
            return finish({ kind: 'done' });
          case 'failed':
            return finish({ kind: 'failed', message: message.message });
          default: {
            const unknown: never = message;
            return unknown;
          }
        }
      });
      worker.on('error', (error) => finish({ kind: 'failed', message: error.message }));
      worker.on('exit', (code) => finish(code === 0 ? { kind: 'done' } : { kind: 'failed', message: `the generation worker stopped (exit code ${code})` }));
    });
  }

  dispose(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }
}
