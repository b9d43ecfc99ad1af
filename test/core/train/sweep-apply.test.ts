// Apply to file: a sweep run's settings written back into the source as pure text edits, checked
// on fixtures (train keys, the optimizer's lr, layer arguments by position and by name, a key the
// block lacked), and refused with a reason when the sweep changed since it ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { applyConfigurationEdits, applyTextEdits, expandSweep, sweepTrain, type SweepSetting } from '../../../core/train';
import { fromRoot } from '../../helpers/paths';

const fixture = (name: string): string => readFileSync(fromRoot(`test/fixtures/sweep/apply/${name}`), 'utf8');

const settings = (pairs: Record<string, string>): SweepSetting[] => Object.entries(pairs).map(([key, value]) => ({ key, value }));

test('the chosen settings replace the train keys, the lr and the layer arguments; the sweep stays', () => {
  const text = fixture('spirals-sweep.dlmodel');
  const chosen = settings({ lr: '0.03', optimizer: 'adam', 'hidden.units': '32', 'second.units': '4', 'hidden.activation': 'relu', batch: '64' });
  const edits = applyConfigurationEdits(text, checkDocument(text), chosen);
  assert.ok(Array.isArray(edits));
  const applied = applyTextEdits(text, edits);
  assert.equal(applied, fixture('spirals-sweep.applied.dlmodel'));
  assert.deepEqual(checkDocument(applied).diagnostics.map((d) => d.code), []);
  // Applying the same configuration again changes nothing but what is already there.
  const again = applyConfigurationEdits(applied, checkDocument(applied), chosen);
  assert.ok(Array.isArray(again));
  assert.equal(applyTextEdits(applied, again.filter((e) => e.range.start !== e.range.end)), applied);
});

test('every configuration applied gives the same model and settings as the run that trained it', () => {
  const text = fixture('spirals-sweep.dlmodel');
  const analysis = checkDocument(text);
  for (const configuration of expandSweep(text, analysis, sweepTrain(analysis)!)) {
    const edits = applyConfigurationEdits(text, analysis, configuration.settings);
    assert.ok(Array.isArray(edits), describe(configuration.settings));
    const applied = applyTextEdits(text, edits);
    assert.deepEqual(checkDocument(applied).diagnostics, []);
    // The run's document is the applied file without its sweep line.
    assert.equal(withoutSweepAndBlankLines(applied), withoutSweepAndBlankLines(configuration.text), describe(configuration.settings));
  }
});

test('a sweep edited since it ran is refused with the reason, and no edits', () => {
  const text = fixture('spirals-sweep.dlmodel');
  const chosen = settings({ lr: '0.03', optimizer: 'adam', 'hidden.units': '32', 'second.units': '4', 'hidden.activation': 'relu', batch: '64' });
  const changed = text.replace('hidden.units: [8, 32]', 'hidden.units: [8, 64]');
  assert.match(reason(applyConfigurationEdits(changed, checkDocument(changed), chosen)), /hidden\.units has no value 32/);
  const gone = text.replace(/ {2}sweep: .*\n/, '');
  assert.equal(applyConfigurationEdits(gone, checkDocument(gone), chosen), 'the file has no sweep any more');
  const fewer = settings({ lr: '0.03', optimizer: 'adam' });
  assert.match(reason(applyConfigurationEdits(text, checkDocument(text), fewer)), /was not swept then/);
});

const reason = (result: unknown): string => (typeof result === 'string' ? result : 'edits instead of a reason');
const describe = (s: readonly SweepSetting[]): string => s.map((x) => `${x.key}=${x.value}`).join(' ');

const withoutSweepAndBlankLines = (text: string): string =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('sweep:'))
    .join('\n');
