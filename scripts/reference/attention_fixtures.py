#!/usr/bin/python3
"""PyTorch reference values for attention and the pre-norm transformer block (issue 12).

Writes test/fixtures/torch/attention.json (read by test/core/nn/attention-torch.test.ts):
  * "layers": nn.MultiheadAttention(d, heads, batch_first=True) called as attn(x, x, x,
    need_weights=False[, attn_mask=causal]) on seeded inputs: its state_dict, the output, a random
    `upstream` and the gradients of sum(output * upstream) w.r.t. x and every parameter;
  * "block": nn.TransformerEncoderLayer(64, 4, 256, dropout=0, activation='gelu',
    norm_first=True, batch_first=True), the same values, its parameter count, and the names of
    its tensors in the equivalent .dlmodel block (its parameters from a formula, see
    formula_state; the gradient w.r.t. x only);
  * "adam": ten steps of torch.optim.Adam(lr=0.01) on a tiny causal attention model (attention,
    then a linear layer) with an MSE loss: the starting state, the loss of each step and the
    final state.

    /usr/bin/python3 scripts/reference/attention_fixtures.py

Deterministic: every case draws from a generator seeded by its name (torch_fixtures.gen); one
thread; the same helpers and encoding as torch_fixtures.py (see README.md).
"""

import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402  (gen, randn, T, render, OUT_DIR)

OUT_FILE = os.path.join(tf.OUT_DIR, "attention.json")


def causal_mask(length):
    return torch.triu(torch.full((length, length), float("-inf")), diagonal=1)


def seeded_state(module, g, scale=0.3):
    """Overwrites every parameter with seeded values (biases non-zero, so their gradients mean something)."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(tf.randn(g, *p.shape, scale=scale))


def formula_state(module, names, scale):
    """Every parameter from a formula the test recomputes instead of reading 50,000 stored values:
    element i of the tensor named n (its .dlmodel name, PyTorch's layout, row-major) is
    scale·sin(0.7·i + len(n)), computed in float64 and rounded to float32."""
    with torch.no_grad():
        for key, p in module.named_parameters():
            index = torch.arange(p.numel(), dtype=torch.float64)
            p.copy_((scale * torch.sin(0.7 * index + len(names[key]))).to(torch.float32).reshape(p.shape))


def gradients_case(name, module, x, call, names, note, parameter_grads=True):
    """Forward, upstream and the gradients of sum(output * upstream) (w.r.t. x, and every parameter
    when `parameter_grads`); tensors keyed by their .dlmodel names."""
    g = tf.gen("upstream:" + name)
    x = x.detach().clone().requires_grad_(True)
    out = call(module, x)
    upstream = tf.randn(g, *out.shape)
    (out * upstream).sum().backward()
    return {
        "name": name,
        "note": note,
        "state": {names[k]: tf.T(v) for k, v in module.state_dict().items()},
        "input": tf.T(x),
        "output": tf.T(out),
        "upstream": tf.T(upstream),
        "grads": {"input": tf.T(x.grad), **({names[k]: tf.T(p.grad) for k, p in module.named_parameters()} if parameter_grads else {})},
    }


def attention_names(layer):
    return {k: f"{layer}.{k}" for k in ("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias")}


def layer_cases():
    cases = []
    for name, batch, length, width, heads, causal in [("attention_d8_h2", 3, 5, 8, 2, False), ("attention_causal_d12_h3", 2, 6, 12, 3, True)]:
        g = tf.gen(name)
        module = nn.MultiheadAttention(width, heads, batch_first=True)
        seeded_state(module, g)
        x = tf.randn(g, batch, length, width)
        mask = causal_mask(length) if causal else None
        dlmodel = f"model M {{\n  input [{length}, {width}]\n  attention({heads}{', causal: true' if causal else ''})\n}}\n"

        def call(m, v, mask=mask):
            return m(v, v, v, need_weights=False, attn_mask=mask)[0]

        case = gradients_case(name, module, x, call, attention_names("attention_1"), f"nn.MultiheadAttention({width}, {heads}, batch_first=True){' with a causal attn_mask' if causal else ''}")
        case["dlmodel"] = dlmodel
        cases.append(case)
    return cases


BLOCK_NAMES = {
    "self_attn.in_proj_weight": "attention_1.in_proj_weight",
    "self_attn.in_proj_bias": "attention_1.in_proj_bias",
    "self_attn.out_proj.weight": "attention_1.out_proj.weight",
    "self_attn.out_proj.bias": "attention_1.out_proj.bias",
    "linear1.weight": "dense_1.weight",
    "linear1.bias": "dense_1.bias",
    "linear2.weight": "dense_2.weight",
    "linear2.bias": "dense_2.bias",
    "norm1.weight": "layernorm_1.weight",
    "norm1.bias": "layernorm_1.bias",
    "norm2.weight": "layernorm_2.weight",
    "norm2.bias": "layernorm_2.bias",
}

BLOCK_SCALE = 0.1

BLOCK_DLMODEL = """model Block {
  input [7, 64]
  residual {
    layernorm()
    attention(4)
  }
  residual {
    layernorm()
    dense(256, activation: gelu)
    dense(64)
  }
}
"""


def block_case():
    name = "transformer_encoder_layer_norm_first_gelu"
    g = tf.gen(name)
    block = nn.TransformerEncoderLayer(64, 4, 256, dropout=0.0, activation="gelu", norm_first=True, batch_first=True)
    formula_state(block, BLOCK_NAMES, BLOCK_SCALE)
    block.eval()  # dropout 0 either way; eval keeps PyTorch on its reference path
    x = tf.randn(g, 2, 7, 64)
    # The input's gradient only: the parameters' would double the file, and the layer cases cover them.
    case = gradients_case(name, block, x, lambda m, v: m(v), BLOCK_NAMES, "nn.TransformerEncoderLayer(64, 4, 256, dropout=0, activation='gelu', norm_first=True, batch_first=True)", parameter_grads=False)
    case["dlmodel"] = BLOCK_DLMODEL
    case["parameters"] = sum(p.numel() for p in block.parameters())
    case["state_formula"] = {"scale": BLOCK_SCALE, "rule": "scale * sin(0.7 * i + len(name))"}
    del case["state"]
    return case


class TinyCausal(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention_1 = nn.MultiheadAttention(8, 2, batch_first=True)
        self.dense_1 = nn.Linear(8, 3)

    def forward(self, x):
        y = self.attention_1(x, x, x, need_weights=False, attn_mask=causal_mask(x.shape[1]))[0]
        return self.dense_1(y)


def adam_case():
    name = "adam_tiny_causal_attention"
    g = tf.gen(name)
    model = TinyCausal()
    seeded_state(model, g, scale=0.4)
    x = tf.randn(g, 4, 6, 8)
    targets = tf.randn(g, 4, 6, 3)
    start = {k: tf.T(v) for k, v in model.state_dict().items()}
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for _ in range(10):
        optimizer.zero_grad()
        loss = ((model(x) - targets) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {
        "name": name,
        "note": "torch.optim.Adam(lr=0.01), loss mean((model(x) - targets)^2), ten steps",
        "dlmodel": "model Tiny {\n  input [6, 8]\n  attention(2, causal: true)\n  dense(3)\n}\n",
        "lr": 0.01,
        "input": tf.T(x),
        "targets": tf.T(targets),
        "start": start,
        "losses": losses,
        "final": {k: tf.T(v) for k, v in model.state_dict().items()},
    }


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    content = {
        "generator": "scripts/reference/attention_fixtures.py",
        "torch": torch.__version__,
        "layers": layer_cases(),
        "block": block_case(),
        "adam": adam_case(),
    }
    with open(OUT_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write(tf.render(content) + "\n")
    print(f"{os.path.relpath(OUT_FILE, tf.ROOT)} {os.path.getsize(OUT_FILE):,} bytes")


if __name__ == "__main__":
    main()
