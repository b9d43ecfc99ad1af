/**
 * Which weights "Export to ONNX…/PyTorch…" offers. Pure (no vscode) so the choice is tested below
 * the UI: the weights of the run on screen when it is a finished run of the exported document,
 * else the latest finished run of that document; then the document's other finished runs, newest
 * first. The seed's initial weights stay available after them (and `dlmodel export --init`).
 */
export interface FinishedRun {
  readonly runId: string;
  /** The document the run trained (its URI as a string). */
  readonly documentKey: string;
  /** The document's text the run trained (what *Generate Text…* reads the model from, whatever was edited since). */
  readonly text: string;
  /** The train block the run trained (undefined: the file's only block). */
  readonly trainName: string | undefined;
  /** What the person sees (runDisplayName). */
  readonly name: string;
  /** The epoch the run ended at, of how many, and its last validation accuracy (for the quick pick). */
  readonly epoch: number;
  readonly epochs: number;
  readonly valAccuracy: number | null;
  /** The trained weights, safetensors (PyTorch names and layouts). */
  readonly weights: Uint8Array;
}

/** The runs whose weights Export offers for `documentKey`, the default first (empty: only the seed's weights). */
export function exportWeightChoices(finished: readonly FinishedRun[], documentKey: string, onScreenRunId: string | null): FinishedRun[] {
  const ofDocument = finished.filter((run) => run.documentKey === documentKey).reverse();
  const onScreen = ofDocument.find((run) => run.runId === onScreenRunId);
  return onScreen ? [onScreen, ...ofDocument.filter((run) => run !== onScreen)] : ofDocument;
}

/** One line about a run's weights: `epoch 300/300 · val acc 96.7%`. */
export function describeWeights(run: FinishedRun): string {
  return `epoch ${run.epoch}/${run.epochs}${run.valAccuracy === null ? '' : ` · val acc ${(run.valAccuracy * 100).toFixed(1)}%`}`;
}

/** How many finished runs keep their weights in memory (a session's runs, not an unbounded list). */
export const keptFinishedRuns = 8;

/** Adds a finished run, dropping the oldest beyond `keptFinishedRuns`. */
export function rememberFinished(finished: readonly FinishedRun[], run: FinishedRun): FinishedRun[] {
  return [...finished, run].slice(-keptFinishedRuns);
}
