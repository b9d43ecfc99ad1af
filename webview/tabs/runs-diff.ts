import { settingsDiff, settingsOf } from '../../protocol/run-comparison';
import type { RunRecord } from '../../protocol/run-record';
import { el } from '../dom';

/**
 * The diff of two runs' settings: a table with one line per setting of either run, both values
 * side by side, and the lines that differ marked (a "≠" and a class, so it reads without colour).
 * `onlyDifferences` leaves out the lines that are the same.
 */
export function settingsDiffView(a: { record: RunRecord; name: string }, b: { record: RunRecord; name: string }, onlyDifferences: boolean): HTMLElement {
  const rows = settingsDiff(settingsOf(a.record), settingsOf(b.record));
  const differing = rows.filter((r) => r.differs).length;
  const summary = rows.length === 0 ? 'Neither run recorded its settings (records from an older version).' : `${differing} of ${rows.length} settings differ.`;
  const header = el('tr', {}, el('th', { attributes: { scope: 'col' }, text: '' }), el('th', { attributes: { scope: 'col' }, text: 'setting' }), el('th', { attributes: { scope: 'col' }, text: a.name }), el('th', { attributes: { scope: 'col' }, text: b.name }));
  const body = el('tbody');
  for (const row of rows) {
    if (onlyDifferences && !row.differs) continue;
    const mark = row.differs ? el('span', { attributes: { 'aria-label': 'differs', title: 'differs' }, text: '≠' }) : null;
    body.append(
      el('tr', { className: row.differs ? 'differs' : 'same', attributes: { 'data-setting': row.key } }, el('td', { className: 'mark' }, mark), el('th', { attributes: { scope: 'row' }, text: row.key }), el('td', { text: row.a ?? '—' }), el('td', { text: row.b ?? '—' })),
    );
  }
  return el('div', { className: 'runs-diff' }, el('p', { className: 'note diff-summary', text: summary }), el('table', { className: 'runs-diff-table' }, el('caption', { text: `Settings of ${a.name} and ${b.name}` }), el('thead', {}, header), body));
}
