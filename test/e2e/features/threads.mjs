// Issue 17, "Both cores": the extension's training worker runs the same kernels as the CLI —
// FMA (relaxed SIMD) and, with the setting dlmodel.training.threads at 2, 2 kernel threads — and says so in
// the run's start event, which the run's record keeps (the panel's run history on disk).
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'threads-cnn.dlmodel';

/** Every run record under `folder` (the workspace storage of the extension), as [path, record]. */
function runRecords(folder) {
  if (!fs.existsSync(folder)) return [];
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.run.json')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    try {
      found.push([file, JSON.parse(fs.readFileSync(file, 'utf8'))]);
    } catch {
      // being written: the next poll reads it
    }
  }
  return found;
}

export default {
  name: 'threads',
  // The setting asks for 2 threads (the default is 1, see node/thread-count.ts).
  files: { [FILE]: 'test/fixtures/threads/threads-cnn.dlmodel', '.vscode/settings.json': 'test/fixtures/threads/settings.json' },
  async run(h) {
    await h.check('threads-a', 'the training worker reports FMA kernels and 2 threads in the start event', async () => {
      const userData = path.join(path.dirname(h.workspace), 'user-data');
      await h.openFile(FILE);
      await h.runCommand('dlmodel: Train Model');
      const [file, record] = await h.poll(
        () => runRecords(userData).find(([, r]) => (r.source?.path?.endsWith?.(FILE) || String(r.label).includes('threads-cnn')) && r.end) ?? false,
        () => `no finished run record of ${FILE} under ${userData}: ${JSON.stringify(runRecords(userData).map(([, r]) => r.label))}`,
        4 * h.WAIT_MS,
      );
      const start = record.start;
      if (!start) h.fail(`the record ${file} has no start event`);
      if (start.kernels !== 'fma') h.fail(`the worker ran kernels "${start.kernels}", not fma (relaxed SIMD)`);
      if (start.threads !== 2) h.fail(`the worker ran ${start.threads} kernel threads, not 2`);
      if (!record.end || record.end.type !== 'done') h.fail(`the run did not finish: ${JSON.stringify(record.end)}`);
      h.ok(`threads-a. ${FILE} trained in the extension host's worker with kernels ${start.kernels} on ${start.threads} threads (run record ${path.basename(file)}, ${record.end.steps} steps)`);
    });
  },
};
