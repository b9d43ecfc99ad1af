#!/usr/bin/python3
"""PyTorch reference values for `dlmodel generate`'s sampling probabilities.

Writes test/fixtures/torch/sampling.json: two fixed character models over a 12-character
vocabulary and a context of 5 — `next` (embedding, flatten, dense+relu, dense: scores [V]) and
`all` (embedding, dense+relu, dense per position: scores [5, V], of which generation reads the
last row) — their weights (PyTorch layout and names), and for a few token windows the scores and
the next-character probabilities after temperature and top-k, as

    masked = logits.double(); masked[masked < topk(masked, k).values[-1]] = -inf   (k > 0)
    probabilities = softmax(masked / temperature)

The test (test/core/generate/sampling.test.ts) loads the weights into dlmodel's network, runs the
same windows and compares the probabilities (1e-6), and feeds PyTorch's own scores to the pure
sampling function (1e-12).

Run with Debian's PyTorch (no network; deterministic, byte for byte):

    /usr/bin/python3 scripts/reference/sampling_fixtures.py
"""

import os
import sys
import zlib

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402

OUT = os.path.join(tf.OUT_DIR, "sampling.json")
VOCABULARY = ["\n", " ", "a", "b", "c", "d", "e", "h", "l", "o", "r", "t"]
CONTEXT = 5
SETTINGS = [(1.0, 0), (0.7, 0), (1.5, 0), (1.0, 5), (0.5, 3), (2.0, 1)]
WINDOWS = [[0, 0, 0, 0, 0], [0, 0, 0, 11, 7], [6, 1, 4, 2, 11], [2, 10, 6, 1, 11]]


class Next(nn.Module):
    """model Next { input [5]  embedding(12, 4)  flatten()  dense(16, activation: relu)  dense(12) }"""

    def __init__(self):
        super().__init__()
        self.embedding_1 = nn.Embedding(len(VOCABULARY), 4)
        self.dense_1 = nn.Linear(CONTEXT * 4, 16)
        self.dense_2 = nn.Linear(16, len(VOCABULARY))

    def forward(self, x):
        return self.dense_2(torch.relu(self.dense_1(self.embedding_1(x).flatten(1))))


class All(nn.Module):
    """model All { input [5]  embedding(12, 4)  dense(16, activation: relu)  dense(12) }"""

    def __init__(self):
        super().__init__()
        self.embedding_1 = nn.Embedding(len(VOCABULARY), 4)
        self.dense_1 = nn.Linear(4, 16)
        self.dense_2 = nn.Linear(16, len(VOCABULARY))

    def forward(self, x):
        return self.dense_2(torch.relu(self.dense_1(self.embedding_1(x))))


def probabilities(scores, temperature, top_k):
    masked = scores.double().clone()
    if 0 < top_k < masked.numel():
        masked[masked < torch.topk(masked, top_k).values[-1]] = -float("inf")
    return torch.softmax(masked / temperature, dim=-1)


def build(name, module):
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))
    model = module()
    # Larger weights than the default init: confident scores make temperature and top-k matter.
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(3.0)
    model.eval()
    weights = {key: tf.T(value) for key, value in model.state_dict().items()}
    cases = []
    with torch.no_grad():
        for window in WINDOWS:
            output = model(torch.tensor([window], dtype=torch.int64))[0]
            scores = output if output.dim() == 1 else output[-1]
            for temperature, top_k in SETTINGS:
                cases.append({
                    "window": window, "temperature": temperature, "topK": top_k, "scores": tf.T(scores),
                    "probabilities": [float(p) for p in probabilities(scores, temperature, top_k).tolist()],
                })
    return {"name": name, "weights": weights, "cases": cases}


def main():
    fixture = {
        "generator": "scripts/reference/sampling_fixtures.py",
        "torch": torch.__version__,
        "vocabulary": VOCABULARY,
        "context": CONTEXT,
        "models": [build("next", Next), build("all", All)],
    }
    with open(OUT, "w", encoding="utf-8") as file:
        file.write(tf.render(fixture) + "\n")
    print("wrote", os.path.relpath(OUT, tf.ROOT))


if __name__ == "__main__":
    main()
