// Sweeps: the checker's verdict on `sweep:` and the expansion into concrete, plannable documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { lex } from '../../../core/syntax/lexer';
import { codeLenses } from '../../../core/ide/code-lens';
import { fromRoot } from '../../helpers/paths';
import { describeConfiguration, expandSweep, halvingEpochs, planTraining, sweepTrain } from '../../../core/train';

const base = (sweep: string, layer = 'hidden = dense(16, activation: relu)'): string => `model M {
  input [2]
  ${layer}
  dense(2)
}

train {
  data: xor()
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  epochs: 2
  seed: 7
  ${sweep}
}
`;

const codes = (text: string): string[] => checkDocument(text).diagnostics.map((d) => d.code);

test('a valid grid sweep checks clean and counts its runs', () => {
  const text = base('sweep: grid(lr: [0.001, 0.01], optimizer: [adam, sgd(momentum: 0.9)], hidden.units: [4, 8, 16], metric: val_accuracy)');
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
  const sweep = analysis.trains[0]!.sweep!;
  assert.equal(sweep.runs, 12);
  assert.equal(sweep.metric, 'val_accuracy');
  assert.deepEqual(sweep.axes.map((a) => a.key), ['lr', 'optimizer', 'hidden.units']);
});

test('the checker refuses unknown keys, missing layers and arguments, bad values and forms', () => {
  assert.deepEqual(codes(base('sweep: grid(lrr: [0.1])')), ['DL571']);
  assert.deepEqual(codes(base('sweep: grid(optimizer: [sgd(momentum: 0.9)])')), ['DL304']); // no lr swept, none written
  assert.deepEqual(codes(base('sweep: grid(hiden.units: [4])')), ['DL572']);
  assert.deepEqual(codes(base('sweep: grid(hidden.unit: [4])')), ['DL573']);
  assert.deepEqual(codes(base('sweep: grid(hidden.units: [4, -1])')), ['DL306']);
  assert.deepEqual(codes(base('sweep: grid(lr: [0.1, 0])')), ['DL306']);
  assert.deepEqual(codes(base('sweep: grid(epochs: 3)')), ['DL574']);
  assert.deepEqual(codes(base('sweep: grid(optimizer: [adam, sgdd])')), ['DL312']);
  assert.deepEqual(codes(base('sweep: [lr]')), ['DL570']);
  assert.deepEqual(codes(base('sweep: random(lr: [0.1])')), ['DL570']);
  assert.deepEqual(codes(base('sweep: grid(lr: [0.1], metric: val_acc)')), ['DL575']);
  assert.deepEqual(codes(base('sweep: grid(lr: [0.1], lr: [0.2])')), ['DL577']);
  const big = `[${Array.from({ length: 11 }, (_, i) => i + 1).join(', ')}]`;
  assert.deepEqual(codes(base(`sweep: grid(hidden.units: ${big}, batch: ${big}, epochs: ${big})`)), ['DL576']);
  assert.equal(checkDocument(base(`sweep: random(5, hidden.units: ${big}, batch: ${big}, epochs: ${big})`)).trains[0]!.sweep!.runs, 5);
});

test('grid order: the first key varies slowest, each configuration written into the document', () => {
  const text = base('sweep: grid(lr: [0.001, 0.01], optimizer: [adam, sgd(momentum: 0.9)], hidden.units: [4, 8])');
  const analysis = checkDocument(text);
  const configurations = expandSweep(text, analysis, sweepTrain(analysis)!);
  assert.deepEqual(configurations.map((c) => describeConfiguration(c.settings)), [
    'lr=0.001 optimizer=adam hidden.units=4',
    'lr=0.001 optimizer=adam hidden.units=8',
    'lr=0.001 optimizer=sgd(momentum: 0.9) hidden.units=4',
    'lr=0.001 optimizer=sgd(momentum: 0.9) hidden.units=8',
    'lr=0.01 optimizer=adam hidden.units=4',
    'lr=0.01 optimizer=adam hidden.units=8',
    'lr=0.01 optimizer=sgd(momentum: 0.9) hidden.units=4',
    'lr=0.01 optimizer=sgd(momentum: 0.9) hidden.units=8',
  ]);
  const third = configurations[2]!.text;
  assert.match(third, /optimizer: sgd\(momentum: 0\.9, lr: 0\.001\)/);
  assert.match(third, /hidden = dense\(4, activation: relu\)/);
  assert.doesNotMatch(third, /sweep/);
  for (const configuration of configurations) {
    const planned = planTraining(checkDocument(configuration.text));
    assert.ok(planned.ok, planned.ok ? '' : planned.message);
    assert.equal(planned.plan.seed, 7);
  }
});

test('a swept key the block lacks is added, a named argument the layer lacks is inserted', () => {
  const text = base('sweep: grid(batch: [8, full], hidden.activation: [tanh], seed: [1, 2])', 'hidden = dense(16)');
  const analysis = checkDocument(text);
  const configurations = expandSweep(text, analysis, sweepTrain(analysis)!);
  assert.equal(configurations.length, 4);
  const planned = configurations.map((c) => planTraining(checkDocument(c.text)));
  assert.deepEqual(planned.map((p) => (p.ok ? [p.plan.batch, p.plan.seed] : p.message)), [[8, 1], [8, 2], ['full', 1], ['full', 2]]);
  assert.match(configurations[0]!.text, /hidden = dense\(16, activation: tanh\)/);
});

test('random(n) draws n distinct configurations, the same ones every time, from the block seed', () => {
  const text = base('sweep: random(5, lr: [0.001, 0.003, 0.01, 0.03], hidden.units: [2, 4, 8, 16])');
  const analysis = checkDocument(text);
  const draw = (): string[] => expandSweep(text, analysis, sweepTrain(analysis)!).map((c) => describeConfiguration(c.settings));
  const first = draw();
  assert.equal(first.length, 5);
  assert.equal(new Set(first).size, 5);
  assert.deepEqual(draw(), first);
  const otherSeed = text.replace('seed: 7', 'seed: 8');
  const otherAnalysis = checkDocument(otherSeed);
  assert.notDeepEqual(expandSweep(otherSeed, otherAnalysis, sweepTrain(otherAnalysis)!).map((c) => describeConfiguration(c.settings)), first);
});

test('a code lens on the sweep entry counts its runs and the epochs they train', () => {
  const text = base('sweep: grid(lr: [0.001, 0.01], hidden.units: [4, 8, 16])');
  const lens = codeLenses(checkDocument(text)).find((l) => l.title.startsWith('Sweep'));
  assert.equal(lens?.title, 'Sweep: 6 runs (grid 2 × 3, by val_loss) · 12 epochs in all');
  assert.equal(text.slice(lens.range.start, lens.range.start + 6), 'sweep:');
  const swept = codeLenses(checkDocument(base('sweep: grid(epochs: [1, 3], seed: [0, 1, 2])'))).find((l) => l.title.startsWith('Sweep'));
  assert.equal(swept?.title, 'Sweep: 6 runs (grid 2 × 3, by val_loss) · 12 epochs in all');
  assert.equal(codeLenses(checkDocument(base('sweep: grid(lr: [0.001, 0])'))).filter((l) => l.title.startsWith('Sweep')).length, 0);
});

test('with early_stop: halving the lens bounds the epochs by the rungs (as the CLI counted them)', () => {
  const text = readFileSync(fromRoot('test/fixtures/sweep/spirals-halving.dlmodel'), 'utf8');
  const lens = codeLenses(checkDocument(text)).find((l) => l.title.startsWith('Sweep'));
  assert.equal(lens?.title, 'Sweep: 6 runs (grid 2 × 3, by val_accuracy) · at most 29 of 90 epochs with halving');
  assert.equal(halvingEpochs(6, 60, { eta: 3, minEpochs: 2 }), 6 * 2 + 2 * 4 + 12 + 36 + 6, 'the spirals sweep of the note: 74 of 360');
  assert.equal(halvingEpochs(32, 10), 32 * 1 + 11 * 2 + 4 * 6 + 2 * 1);
});

test('a Run Sweep lens (VS Code only) shows the count of configurations and names the train block', () => {
  const lens = codeLenses(checkDocument(base('sweep: random(4, lr: [0.001, 0.01], hidden.units: [4, 8, 16])'))).find((l) => l.title.startsWith('Run Sweep'));
  assert.deepEqual(lens && { title: lens.title, command: lens.command, vscodeOnly: lens.vscodeOnly }, { title: 'Run Sweep (4 configurations)', command: { id: 'dlmodel.runSweep', arguments: [null] }, vscodeOnly: true });
  const named = base('sweep: grid(lr: [0.01])').replace('train {', 'train quick {');
  assert.deepEqual(codeLenses(checkDocument(named)).find((l) => l.title.startsWith('Run Sweep'))?.command?.arguments, ['quick']);
  assert.equal(codeLenses(checkDocument(named)).find((l) => l.title.startsWith('Run Sweep'))?.title, 'Run Sweep (1 configuration)');
});

test('a dotted name needs a letter after its dot, in the lexer as in the grammar', () => {
  // Found by the grammar-vs-lexer soup: `model1._` once lexed as one name, which the grammar cuts at the dot.
  const { tokens } = lex('model1._ hidden.units a.1');
  assert.deepEqual(tokens.filter((t) => t.kind === 'identifier').map((t) => t.text), ['model1', '_', 'hidden.units', 'a']);
});
