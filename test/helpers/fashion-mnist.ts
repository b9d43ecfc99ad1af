// Fashion-MNIST as Debian's dataset-fashion-mnist installs it (.ci/run installs the package):
// the tests that need it copy its training files into a scratch workspace (a link out of the
// workspace is refused, as for any data file), or skip with a message when it is absent.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from './paths';

export const debianFashionMnist = '/usr/share/datasets/fashion-mnist';
export const fashionTrainFiles = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'] as const;

/** The examples that read Fashion-MNIST from a `fashion-mnist` folder beside them. */
export const fashionExamples = ['fashion-dscnn.dlmodel'] as const;

/** False when the files are installed, else the skip message. */
export function fashionMissing(): string | false {
  return fashionTrainFiles.every((f) => existsSync(join(debianFashionMnist, f))) ? false : 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)';
}

/** Copies the training files into `folder`/`name` (the folder an example names). */
export function copyFashionMnist(folder: string, name = 'fashion-mnist'): void {
  mkdirSync(join(folder, name), { recursive: true });
  for (const file of fashionTrainFiles) copyFileSync(join(debianFashionMnist, file), join(folder, name, file));
}

/**
 * A scratch copy of examples/ where every example can find its data: Fashion-MNIST is copied in
 * when installed; otherwise the examples that need it are listed in `withoutData`.
 */
export function examplesWorkspace(): { readonly folder: string; readonly withoutData: readonly string[] } {
  const folder = join(mkdtempSync(join(tmpdir(), 'dlmodel-examples-')), 'examples');
  cpSync(fromRoot('examples'), folder, { recursive: true });
  if (fashionMissing()) return { folder, withoutData: fashionExamples };
  copyFashionMnist(folder);
  return { folder, withoutData: [] };
}
