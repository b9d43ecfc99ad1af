/** A starting point for a new `.dlmodel` file, offered by *New dlmodel File…*. */
export interface FileTemplate {
  readonly id: 'classifier' | 'regression' | 'cnn' | 'text';
  readonly label: string;
  readonly description: string;
  readonly text: string;
}

/**
 * The templates, as data: each is a complete file that checks without errors (a core test holds
 * them to it) and trains in seconds, with comments saying what to change first.
 */
export const fileTemplates: readonly FileTemplate[] = [
  {
    id: 'classifier',
    label: 'Classifier',
    description: 'An MLP with a softmax output and cross-entropy, on the built-in spirals',
    text: `# A classifier: points in, one probability per class out.
# Replace spirals(…) with csv("your-file.csv") to classify your own table (last column = class).

model Classifier {
  input [2]  # one sample: a point (x, y)
  dense(16, activation: relu)
  dense(16, activation: tanh)
  dense(3)  # one score per class: keep it equal to the number of classes
  softmax()
}

train {
  data: spirals(classes: 3, points: 600, noise: 0.15)
  validation: 0.2
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 32
  epochs: 100
  seed: 0
}
`,
  },
  {
    id: 'regression',
    label: 'Regression',
    description: 'A small tanh network fitted to a function with mean squared error',
    text: `# Regression: one real number out, trained with mean squared error.
# Change the expression, or use csv("your-file.csv", target: "column") for your own data.

model Regression {
  input [1]  # x
  dense(32, activation: tanh)
  dense(32, activation: tanh)
  dense(1)  # the prediction: no activation, any real value
}

train {
  data: function("sin(3*x)", from: -3, to: 3, points: 400, noise: 0.05)
  loss: mse
  optimizer: adam(lr: 0.01)
  schedule: cosine()
  batch: 32
  epochs: 200
  seed: 0
}
`,
  },
  {
    id: 'cnn',
    label: 'CNN',
    description: 'A convolutional network with batch normalisation, on the built-in 8×8 digits',
    text: `# A convolutional network for images given as [channels, height, width].
# The convolutions have no bias: the batchnorm() after each one cancels it (see DL409).

model ImageClassifier {
  input [1, 8, 8]
  conv2d(16, 3, padding: same, bias: false)
  batchnorm()
  relu()
  conv2d(32, 3, padding: same, bias: false)
  batchnorm()
  relu()
  maxpool2d(2)
  flatten()
  dense(64, activation: relu)
  dense(10)  # one score per digit
}

train {
  data: digits()
  loss: cross_entropy
  optimizer: adam(lr: 0.003)
  batch: 32
  epochs: 10
  seed: 0
}
`,
  },
  {
    id: 'text',
    label: 'Text model',
    description: 'A character-level model predicting the next character of a text file',
    text: `# A character-level text model: predict the next character from the previous eight.
# Put a UTF-8 text file named corpus.txt next to this file. Both 40s below must be the number
# of distinct characters in it: the check reports that number (DL505) and its quick fix sets
# the last dense layer to it; give embedding the same number.

model TextModel {
  input [8]  # 8 character tokens
  embedding(40, 16)  # a learned vector of 16 numbers per character
  flatten()
  dense(128, activation: relu)
  dropout(0.3)
  dense(40)  # one score per character
}

train {
  data: text("corpus.txt", context: 8)
  validation: 0.1
  loss: cross_entropy
  optimizer: adam(lr: 0.003)
  batch: 64
  epochs: 20
  seed: 0
}
`,
  },
];
