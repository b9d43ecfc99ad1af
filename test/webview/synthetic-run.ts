// A long synthetic run for the streaming test (and for profiling the panel by hand): a 10,000-step
// run with core/train's event shapes, cut into messages as the host sends them, and the in-page
// frame and long-task meter.
import type { HealthFinding, TrainEvent } from '../../core/train/events';
import type { Page } from 'playwright-core';
import type { HostToWebviewMessage } from '../../protocol/panel-messages';

export const totalSteps = 10_000;
export const stepsPerEpoch = 100;
export const stepsPerMessage = 100;
export const messageIntervalMs = 50;
export const layers = ['conv1', 'conv2', 'dense_3', 'dense_4'];
export const sourceText = 'model Streamed {\n  conv1: conv(16)\n  conv2: conv(32)\n  dense_3: dense(64)\n  dense_4: dense(10)\n}\n';

/** A deterministic PRNG (mulberry32), so every run streams the same numbers. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 10,000-step run's events with the shapes core/train emits (core/train/events.ts): a start
 * event, then per step the loss, the learning rate and each layer's norms and update ratio, and
 * every 100 steps (one epoch) an epoch event and a health event; a warning about dense_4's update
 * ratio comes and goes; a done event at the end.
 */
export function syntheticRun(): TrainEvent[] {
  const rand = random(7);
  const noise = (scale: number): number => (rand() - 0.5) * 2 * scale;
  const epochs = totalSteps / stepsPerEpoch;
  const events: TrainEvent[] = [
    {
      type: 'start',
      model: 'Streamed',
      train: null,
      trainableParams: 52_000,
      nonTrainableParams: 0,
      trainSamples: 3_200,
      validationSamples: 800,
      epochs,
      stepsPerEpoch,
      batchSize: 32,
      seed: 7,
      initialLoss: 2.31,
      expectedInitialLoss: Math.log(10),
      layers,
    },
  ];
  const dense4 = sourceText.indexOf('dense_4');
  const finding: HealthFinding = { code: 'DL607', severity: 'warning', message: 'dense_4: the median update-to-weight ratio is 2.1e-2, far above 1e-3', layer: 'dense_4', range: { start: dense4, end: dense4 + 18 } };
  let epochLoss = 0;
  for (let step = 1; step <= totalSteps; step++) {
    const epoch = Math.ceil(step / stepsPerEpoch);
    const progress = step / totalSteps;
    const lr = 0.001 * 0.5 * (1 + Math.cos(Math.PI * progress));
    const loss = Math.max(1e-4, 0.05 + 2.25 * Math.exp(-6 * progress) + noise(0.15 * Math.exp(-2 * progress)));
    epochLoss += loss;
    events.push({
      type: 'step',
      epoch,
      step,
      loss,
      lr,
      layers: layers.map((layer, i) => ({
        layer,
        gradNorm: Math.exp(noise(0.5)) * (0.5 + i) * (0.2 + Math.exp(-4 * progress)),
        weightNorm: 4 + i + progress * 2 + noise(0.01),
        updateRatio: Math.exp(noise(0.3)) * 1e-3 * (1 + i) * (0.2 + Math.exp(-3 * progress)),
      })),
    });
    if (step % stepsPerEpoch === 0) {
      const accuracy = Math.min(0.99, 0.1 + 0.88 * (1 - Math.exp(-5 * progress)));
      events.push({
        type: 'epoch',
        epoch,
        epochs,
        step,
        loss: epochLoss / stepsPerEpoch,
        accuracy,
        valLoss: (epochLoss / stepsPerEpoch) * 1.1,
        valAccuracy: accuracy * 0.97,
        lr,
        predictionEntropy: 2.3 * Math.exp(-4 * progress),
        activations: layers.map((layer, i) => ({ layer, activation: i < 3 ? 'relu' : 'linear', mean: 0.3 + noise(0.05), std: 0.7 + noise(0.05), deadFraction: i < 3 ? 0.05 : null, saturatedFraction: null })),
        gradients: layers.map((layer, i) => {
          const s = (0.01 * (1 + i)) * (0.2 + Math.exp(-4 * progress));
          return { layer, percentiles: [-3, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 3].map((z) => z * s + noise(s * 0.05)) };
        }),
        updateRatios: layers.map((layer, i) => ({ layer, median: 1e-3 * (1 + i) * (0.2 + Math.exp(-3 * progress)) })),
      });
      events.push({ type: 'health', epoch, findings: epoch >= 10 && epoch <= 40 ? [finding] : [] });
      epochLoss = 0;
    }
  }
  events.push({ type: 'done', epochs, steps: totalSteps, loss: 0.06, accuracy: 0.97, valLoss: 0.07, valAccuracy: 0.95, findings: [] });
  return events;
}

/** The run as the host posts it: the start event alone, then `stepsPerMessage` steps (with their epoch and health events) per message. */
export function streamMessages(runId: string, events: readonly TrainEvent[], stepsPerBatch = stepsPerMessage): { start: HostToWebviewMessage; batches: HostToWebviewMessage[] } {
  const start: HostToWebviewMessage = { type: 'events', runId, events: events.slice(0, 1) };
  const batches: HostToWebviewMessage[] = [];
  let batch: TrainEvent[] = [];
  let steps = 0;
  for (const event of events.slice(1)) {
    batch.push(event);
    if (event.type === 'step') steps++;
    // Close a batch after its last step's epoch and health events (or at the end).
    if (steps === stepsPerBatch && event.type !== 'step' && event.type !== 'epoch') {
      batches.push({ type: 'events', runId, events: batch });
      batch = [];
      steps = 0;
    }
  }
  if (batch.length > 0) batches.push({ type: 'events', runId, events: batch });
  return { start, batches };
}

export interface FrameStats {
  readonly frames: number;
  readonly fps: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly longTasks: number;
  readonly longestTask: number;
  readonly durationMs: number;
  /** Frame intervals over 25 ms (a dropped frame), each with when it ended (ms after the first frame). */
  readonly slowFrames: readonly { readonly at: number; readonly ms: number }[];
}

/** The work the page did in a measurement: counts that do not depend on the machine's speed. */
export interface WorkCounts {
  /** Messages posted to the page. */
  readonly messages: number;
  /** Animation frames seen (including the first). */
  readonly frames: number;
  /** Canvases in the shown tab at the start of the measurement. */
  readonly canvases: number;
  /** Redraws (clearRect of the whole canvas, which both uPlot and our charts do first) of the most redrawn canvas in the shown tab. */
  readonly mostDraws: number;
  /** Redraws of every canvas in the shown tab together. */
  readonly totalDraws: number;
  /** Redraws after the last message was posted (the tail). */
  readonly drawsAfterLastMessage: number;
  /** Canvases added to the document (a chart rebuilt rather than redrawn adds a new one). */
  readonly canvasesAdded: number;
  /** Nodes added to the document outside the charts, counting every node of an added subtree. */
  readonly nodesAdded: number;
  /** DOM writes that replaced nodes with identical ones (a text set to the text it had, a list rebuilt unchanged). */
  readonly identicalReplacements: number;
}

/**
 * Puts the messages in the page as `window.__staged` for `measureInPage`. As one JSON string:
 * playwright's own argument encoding of the ~6 MB of nested objects took 26 s at load 15, the JSON 13 s.
 */
export async function stageMessages(page: Page, messages: readonly HostToWebviewMessage[]): Promise<void> {
  await page.evaluate((json) => ((window as unknown as { __staged: unknown[] }).__staged = JSON.parse(json) as unknown[]), JSON.stringify(messages));
}

export interface Measurement {
  readonly frames: FrameStats;
  readonly work: WorkCounts;
}

/**
 * Runs in the page: measures animation frames and long tasks, and counts the work the panel does
 * (canvas redraws, replaced canvases, added DOM nodes), while posting the messages staged in
 * `window.__staged` (every `intervalMs`, as window messages, the way VS Code delivers the host's),
 * then for `tailMs`. The messages are staged by an earlier evaluate (see `stageMessages`), so
 * deserializing them does not delay the frames measured.
 */
export function measureInPage([intervalMs, tailMs]: [number, number]): Promise<Measurement> {
  const messages = (window as unknown as { __staged?: unknown[] }).__staged ?? [];
  // Count whole-canvas clears per canvas: every redraw of a chart starts with one.
  const counted = window as unknown as { __draws?: Map<HTMLCanvasElement, number> };
  if (!counted.__draws) {
    const draws = new Map<HTMLCanvasElement, number>();
    counted.__draws = draws;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped, and called with the canvas's own `this` below
    const clearRect = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (this: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
      draws.set(this.canvas, (draws.get(this.canvas) ?? 0) + 1);
      clearRect.call(this, x, y, w, h);
    };
  }
  const draws = counted.__draws;
  const shownCanvases = (): HTMLCanvasElement[] => Array.from(document.querySelectorAll<HTMLCanvasElement>('[role="tabpanel"]:not([hidden]) canvas'));
  const canvasesAtStart = new Set(shownCanvases());
  draws.clear();
  let nodesAdded = 0;
  let canvasesAdded = 0;
  let identicalReplacements = 0;
  const markup = (nodes: NodeList): string => Array.from(nodes, (n) => (n instanceof Element ? n.outerHTML : `#${n.nodeValue ?? ''}`)).join('');
  const mutations = new MutationObserver((records) => {
    for (const record of records) {
      if (record.addedNodes.length > 0 && record.removedNodes.length > 0 && markup(record.addedNodes) === markup(record.removedNodes)) identicalReplacements++;
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof Element) canvasesAdded += (node instanceof HTMLCanvasElement ? 1 : 0) + node.getElementsByTagName('canvas').length;
        // A chart's insides (uPlot's canvas, legend and cursor) change only when it is rebuilt: see canvasesAdded.
        const target = record.target instanceof Element ? record.target : record.target.parentElement;
        if (target?.closest('figure')) continue;
        nodesAdded += node instanceof Element ? 1 + node.getElementsByTagName('*').length : 1;
      }
    }
  });
  mutations.observe(document.body, { childList: true, subtree: true });
  return new Promise((resolve) => {
    const frames: number[] = [];
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let running = true;
    let drawsAtLastMessage = 0;
    const totalDraws = (): number => Array.from(draws.values()).reduce((a, b) => a + b, 0);
    const tick = (time: number): void => {
      frames.push(time);
      if (running) requestAnimationFrame(tick);
    };
    const finish = (): void => {
      running = false;
      mutations.disconnect();
      const shown = shownCanvases();
      const work: WorkCounts = {
        messages: messages.length,
        frames: frames.length,
        canvases: canvasesAtStart.size,
        mostDraws: Math.max(0, ...shown.map((c) => draws.get(c) ?? 0)),
        totalDraws: totalDraws(),
        drawsAfterLastMessage: totalDraws() - drawsAtLastMessage,
        canvasesAdded,
        nodesAdded,
        identicalReplacements,
      };
      // Long-task entries are delivered asynchronously: collect them a moment later.
      setTimeout(() => {
        observer.disconnect();
        const slowFrames = frames.slice(1).flatMap((t, i) => (t - frames[i]! > 25 ? [{ at: Math.round(t - frames[0]!), ms: Math.round(t - frames[i]!) }] : []));
        const intervals = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
        const at = (q: number): number => intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))] ?? NaN;
        const durationMs = frames.at(-1)! - frames[0]!;
        resolve({
          frames: { frames: frames.length, fps: (intervals.length * 1000) / durationMs, p50: at(0.5), p95: at(0.95), max: intervals.at(-1) ?? NaN, longTasks: longTasks.length, longestTask: Math.max(0, ...longTasks), durationMs, slowFrames },
          work,
        });
      }, 100);
    };
    // The tail starts once the last message has been handled and the frame after it (where the
    // panel redraws for it) has run; the panel's listener was added first, so it has handled it.
    const startTail = (): void => {
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          drawsAtLastMessage = totalDraws();
          setTimeout(finish, tailMs);
        }),
      );
    };
    let handled = 0;
    const onMessage = (): void => {
      if (++handled < messages.length) return;
      window.removeEventListener('message', onMessage);
      startTail();
    };
    requestAnimationFrame((time) => {
      tick(time);
      if (messages.length === 0) return startTail();
      window.addEventListener('message', onMessage);
      const start = performance.now();
      let sent = 0;
      const send = (): void => {
        if (sent === messages.length) return;
        window.postMessage(messages[sent++], '*');
        setTimeout(send, Math.max(0, start + sent * intervalMs - performance.now()));
      };
      send();
    });
  });
}
