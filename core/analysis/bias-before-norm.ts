import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { Fix } from '../common/diagnostic';
import { range } from '../common/range';
import type { Argument, Call, Statement } from '../syntax/tree';
import { findLayer, layers } from './catalog';

/** Layers whose learned bias a batchnorm() right after them cancels: those with a `bias:` argument. */
const biasedLayers: ReadonlySet<string> = new Set(layers.filter((layer) => layer.args.some((arg) => arg.name === 'bias')).map((layer) => layer.name));

function namedArgument(call: Call, name: string): Argument | undefined {
  return call.args.find((argument) => argument.name?.text === name);
}

/** An activation other than `linear` sits between the bias and the normalisation, so the bias matters. */
function hasNonLinearActivation(call: Call): boolean {
  const activation = namedArgument(call, 'activation');
  return activation !== undefined && !(activation.value?.kind === 'Name' && activation.value.text === 'linear');
}

/** `bias: true` becomes `bias: false`; without a `bias` argument, one is appended. */
function biasFalseFix(call: Call, written: Argument | undefined): Fix {
  const title = 'Set bias: false';
  if (written?.value) return { title, edits: [{ range: written.value.range, newText: 'false' }] };
  const last = call.args[call.args.length - 1];
  const at = last ? last.range.end : (call.argsRange as { start: number }).start + 1;
  return { title, edits: [{ range: range(at, at), newText: last ? ', bias: false' : 'bias: false' }] };
}

/** The biased layer call whose output goes straight into `next`, a batchnorm(); undefined if none. */
function cancelledBias(statement: Statement, next: Statement | undefined): { call: Call; bias: Argument | undefined } | undefined {
  if (statement.kind !== 'Layer' || next?.kind !== 'Layer') return undefined;
  const call = statement.call;
  if (!call?.argsRange || !call.closed || !biasedLayers.has(call.callee.text)) return undefined;
  if (next.call?.callee.text !== 'batchnorm' || hasNonLinearActivation(call)) return undefined;
  const bias = namedArgument(call, 'bias');
  if (bias && !(bias.value?.kind === 'Boolean' && bias.value.value)) return undefined; // `bias: false`, or a wrong value reported elsewhere
  return { call, bias };
}

/**
 * Warns (DL409) where a `dense` or `conv2d` with a bias feeds straight into `batchnorm()` in the
 * same statement sequence. The normalisation subtracts the per-channel batch mean, so the bias
 * cancels out and gets only rounding-noise gradients; Adam and AdamW divide those by their own
 * tiny size and turn them into full-size steps, which is how an exported CNN drifted 1.2e-2 from
 * PyTorch until the bias was removed (then they agreed to 6e-7).
 *
 * The check is syntactic and looks at neighbours within one block only: a layer at the end of a
 * `repeat` body or a residual path is not paired with what follows the block, because there its
 * output also reaches the next copy's start or the residual sum, and each written pair is reported
 * once however many times `repeat` copies it.
 */
export function checkBiasBeforeNorm(statements: readonly Statement[], sink: DiagnosticSink): void {
  const blocks: (readonly Statement[])[] = [statements];
  for (let block = blocks.pop(); block; block = blocks.pop()) {
    block.forEach((statement, index) => {
      if (statement.kind === 'Repeat' && statement.body) blocks.push(statement.body.items);
      if (statement.kind === 'Residual') {
        if (statement.body) blocks.push(statement.body.items);
        if (statement.shortcut?.body) blocks.push(statement.shortcut.body.items);
      }
      const found = cancelledBias(statement, block[index + 1]);
      if (!found) return;
      const kind = found.call.callee.text;
      const unit = findLayer(kind)?.category === 'convolution' ? 'channel' : 'unit';
      sink.report(
        'DL409',
        found.call.callee.range,
        `${kind}'s bias is cancelled by the batchnorm() right after it, which subtracts the per-${unit} batch mean; the bias learns nothing, and under Adam/AdamW its rounding-noise gradients become real steps — add bias: false (batchnorm's own shift replaces it)`,
        { fixes: [biasFalseFix(found.call, found.bias)] },
      );
    });
  }
}
