#!/usr/bin/python3
"""PyTorch reference attention probabilities for the Sequence tab (issue 12, section 4).

Writes test/fixtures/torch/attention-weights.json (read by
test/core/nn/attention-weights.test.ts): nn.MultiheadAttention(d, heads, batch_first=True) with
seeded parameters, called as attn(x, x, x, need_weights=True, average_attn_weights=False[,
attn_mask=causal]) on seeded inputs: its state_dict, the input and the per-head attention
probabilities [batch, heads, T, T] that the layer's forward hands to an observer.

    /usr/bin/python3 scripts/reference/attention_weights_fixtures.py

Deterministic: every case draws from a generator seeded by its name (torch_fixtures.gen); one
thread; the same helpers and encoding as torch_fixtures.py (see README.md).
"""

import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402  (gen, randn, T, render, OUT_DIR)
from attention_fixtures import attention_names, causal_mask, seeded_state  # noqa: E402

OUT_FILE = os.path.join(tf.OUT_DIR, "attention-weights.json")


def weights_case(name, batch, length, width, heads, causal):
    g = tf.gen(name)
    module = nn.MultiheadAttention(width, heads, batch_first=True)
    # Larger weights than the gradient cases' so the probabilities are far from uniform.
    seeded_state(module, g, scale=0.6)
    module.eval()
    x = tf.randn(g, batch, length, width)
    mask = causal_mask(length) if causal else None
    with torch.no_grad():
        _, weights = module(x, x, x, need_weights=True, average_attn_weights=False, attn_mask=mask)
    names = attention_names("attention_1")
    return {
        "name": name,
        "note": f"nn.MultiheadAttention({width}, {heads}, batch_first=True), need_weights=True, average_attn_weights=False{', causal attn_mask' if causal else ''}",
        "dlmodel": f"model M {{\n  input [{length}, {width}]\n  attention({heads}{', causal: true' if causal else ''})\n}}\n",
        "state": {names[k]: tf.T(v) for k, v in module.state_dict().items()},
        "input": tf.T(x),
        "weights": tf.T(weights),
    }


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    content = {
        "generator": "scripts/reference/attention_weights_fixtures.py",
        "torch": torch.__version__,
        "cases": [
            weights_case("attention_weights_d8_h2", 2, 5, 8, 2, False),
            weights_case("attention_weights_causal_d12_h3", 2, 6, 12, 3, True),
        ],
    }
    with open(OUT_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write(tf.render(content) + "\n")
    print(f"{os.path.relpath(OUT_FILE, tf.ROOT)} {os.path.getsize(OUT_FILE):,} bytes")


if __name__ == "__main__":
    main()
