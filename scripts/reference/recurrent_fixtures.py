#!/usr/bin/python3
"""PyTorch reference values for the recurrent layers lstm and gru (issue 12).

Writes test/fixtures/torch/recurrent.json:
  * layers   for lstm and gru with return: sequences and last: the .dlmodel text, the nn.LSTM /
             nn.GRU parameters (state_dict names and layout, keyed `<layer>.<name>`), a batch x
             [N, T, d], PyTorch's output, a random `upstream` and the gradients of
             sum(output * upstream) with respect to x and every parameter.
  * adam     a model lstm -> gru(return: last) -> dense on fixed inputs and targets: its initial
             parameters and the parameters after each of ten full-batch torch.optim.Adam steps on
             the mse loss.

    /usr/bin/python3 scripts/reference/recurrent_fixtures.py

Deterministic: every case draws from a generator seeded by its name; one thread; float32. Tensors
are {"shape", "data"}, data row-major float32 values written exactly (torch_fixtures.py's rules).
"""

import json
import os
import zlib

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "torch", "recurrent.json")


def gen(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode("utf-8")))


def randn(g, *shape):
    return torch.randn(*shape, generator=g, dtype=torch.float32)


def T(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def randomise(module, g, scale=0.5):
    """Parameters drawn from N(0, scale²) rather than PyTorch's init: every gate is exercised."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(randn(g, *p.shape) * scale)


class Recurrent(nn.Module):
    """nn.LSTM/nn.GRU as the exported model.py calls it: batch first, zero state, the output
    sequence or its last step."""

    def __init__(self, kind, features, hidden, last):
        super().__init__()
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(features, hidden, batch_first=True)
        self.last = last

    def forward(self, x):
        y = self.rnn(x)[0]
        return y[:, -1] if self.last else y


def layer_case(kind, last):
    name = f"{kind} return {'last' if last else 'sequences'}"
    g = gen(name)
    batch, steps, features, hidden = 3, 6, 4, 5
    model = Recurrent(kind, features, hidden, last)
    randomise(model, g)
    x = randn(g, batch, steps, features).requires_grad_(True)
    y = model(x)
    upstream = randn(g, *y.shape)
    (y * upstream).sum().backward()
    layer = f"{kind}_1"
    call = f"{kind}({hidden}" + (", return: last)" if last else ")")
    return {
        "name": name,
        "dlmodel": f"model Recurrent {{\n  input [{steps}, {features}]\n  {call}\n}}\n",
        "params": {f"{layer}.{k}": T(v) for k, v in model.rnn.state_dict().items()},
        "input": T(x),
        "output": T(y),
        "upstream": T(upstream),
        "grads": {"input": T(x.grad), **{f"{layer}.{k}": T(p.grad) for k, p in model.rnn.named_parameters()}},
    }


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm_1 = nn.LSTM(3, 6, batch_first=True)
        self.gru_1 = nn.GRU(6, 4, batch_first=True)
        self.dense_1 = nn.Linear(4, 2)

    def forward(self, x):
        return self.dense_1(self.gru_1(self.lstm_1(x)[0])[0][:, -1])


def adam_case():
    g = gen("adam lstm gru dense")
    model = Stack()
    randomise(model, g)
    x = randn(g, 4, 5, 3)
    targets = randn(g, 4, 2)
    initial = {k: T(v) for k, v in model.state_dict().items()}
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    steps, losses = [], []
    for _ in range(10):
        optimizer.zero_grad()
        loss = ((model(x) - targets) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        steps.append({k: T(v) for k, v in model.state_dict().items()})
    return {
        "dlmodel": "model Stack {\n  input [5, 3]\n  lstm(6)\n  gru(4, return: last)\n  dense(2)\n}\n",
        "optimizer": "adam(lr: 0.01)",
        "loss": "mse",
        "params": initial,
        "input": T(x),
        "targets": T(targets),
        "losses": losses,
        "steps": steps,
    }


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    fixture = {
        "generator": "scripts/reference/recurrent_fixtures.py",
        "torch": torch.__version__,
        "layers": [layer_case(kind, last) for kind in ("lstm", "gru") for last in (False, True)],
        "adam": adam_case(),
    }
    with open(OUT, "w") as file:
        json.dump(fixture, file, separators=(",", ":"))
        file.write("\n")


if __name__ == "__main__":
    main()
