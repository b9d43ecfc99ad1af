/**
 * The standard file names of an MNIST-style folder (MNIST, Fashion-MNIST, KMNIST all use them).
 * `mnist(path)` and `fashion_mnist(path)` read the training files only, as
 * torchvision.datasets.MNIST(train=True) does; the validation split is taken from them, and the
 * t10k test files stay untouched for a final test outside dlmodel.
 */
export const idxTrainFiles = { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' } as const;

/**
 * The paths, as they would be written, of one standard file in a folder: the gzipped name first
 * (how the files are distributed), then the raw one. `folder` is the path written in the call.
 */
export function idxFolderCandidates(folder: string, base: string): readonly [string, string] {
  const prefix = folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}/`;
  return [`${prefix}${base}.gz`, `${prefix}${base}`];
}

/** Fashion-MNIST's class names, in label order (Zalando's README; torchvision's `classes`). */
export const fashionMnistClassNames: readonly string[] = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
