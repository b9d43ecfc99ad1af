"""PyTorch reference for bench/train-bench.ts: training steps per second of the same three models
on ONE thread (run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1), or on --threads N (the bench
also runs N = 2, this machine's core count, PyTorch's default here).

Usage: python3 bench/torch_steps.py [--repeats R] [--seconds S] [--models a,b,c]
  prints one JSON object {"torch": version, "models": {key: {"median_us": µs per step, ...}}}.
python3 bench/torch_steps.py --serve
  prints {"torch": version} and then, for each line "KEY SECONDS" read on stdin, times one repeat
  of that model's training steps lasting about SECONDS (after a warm-up the first time) and prints
  {"key": KEY, "us": µs per step, "cpu_us": the process's CPU µs per step}. The bench interleaves these repeats with its own, so both sides
  see the same load on a shared machine.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[sys.argv.index('--threads') + 1]) if '--threads' in sys.argv else 1)
torch.manual_seed(0)


def models():
    return {
        'a': (nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3)), (32, 2), 3),
        'b': (nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)), (64, 784), 10),
        'c': (
            nn.Sequential(
                nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(16 * 5 * 5, 10),
            ),
            (32, 1, 28, 28),
            10,
        ),
    }


VOCABULARY = 75  # examples/tiny-gpt.dlmodel's embedding(75, 64) and dense(75)


class TinyGpt(nn.Module):
    """examples/tiny-gpt.dlmodel: 75 tokens (Persuasion's characters), context 64, d 64, 2 pre-norm blocks of 4 heads and 256 hidden, causal."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, 64)
        self.positions = nn.Parameter(torch.zeros(64, 64))
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(64, 4, 256, dropout=0.0, activation='gelu', batch_first=True, norm_first=True) for _ in range(2)
        )
        self.norm = nn.LayerNorm(64)
        self.head = nn.Linear(64, VOCABULARY)
        self.register_buffer('mask', torch.triu(torch.full((64, 64), float('-inf')), 1))

    def forward(self, tokens):
        h = self.embedding(tokens) + self.positions
        for block in self.blocks:
            h = block(h, src_mask=self.mask)
        return self.head(self.norm(h))


def make_gpt_step(batch=64):
    """One Adam step (lr 0.003, the example's) on a fixed random batch; cross-entropy over every position."""
    model = TinyGpt()
    x = torch.randint(0, VOCABULARY, (batch, 64))
    y = torch.randint(0, VOCABULARY, (batch, 64))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, VOCABULARY), y.reshape(-1))
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    return step


def make_step(model, shape, classes):
    x = torch.randn(*shape)
    y = torch.randint(0, classes, (shape[0],))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    return step


def warm_up(step, seconds):
    """Runs steps for max(0.2 s, seconds) and at least 20 steps; returns seconds per step."""
    start = time.perf_counter()
    warm = 0
    while time.perf_counter() - start < max(0.2, seconds) or warm < 20:
        step()
        warm += 1
    return (time.perf_counter() - start) / warm


def time_repeat(step, count):
    start = time.perf_counter()
    for _ in range(count):
        step()
    return (time.perf_counter() - start) / count * 1e6


def time_steps(model, shape, classes, repeats, seconds):
    step = make_step(model, shape, classes)
    # Warm up, then choose a step count that lasts about `seconds` per repeat.
    count = max(10, int(seconds / warm_up(step, seconds)))
    results = [time_repeat(step, count) for _ in range(repeats)]
    ordered = sorted(results)
    return {'median_us': ordered[len(ordered) // 2], 'repeats': results, 'steps_per_repeat': count}


def serve():
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
    built = models()
    steps = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 2:
            continue
        key, seconds = parts[0], float(parts[1])
        if key not in steps:
            if key == 'gpt':
                step = make_gpt_step()
            else:
                model, shape, classes = built[key]
                step = make_step(model, shape, classes)
            steps[key] = (step, warm_up(step, seconds))
        step, per_step = steps[key]
        count = max(5, int(seconds / per_step))
        started_cpu = time.process_time()
        us = time_repeat(step, count)
        cpu_us = (time.process_time() - started_cpu) / count * 1e6
        print(json.dumps({'key': key, 'us': us, 'cpu_us': cpu_us}), flush=True)


def main():
    if '--serve' in sys.argv:
        serve()
        return
    repeats = 5
    seconds = 0.3
    wanted = None
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == '--repeats':
            repeats = int(args[i + 1])
        if arg == '--seconds':
            seconds = float(args[i + 1])
        if arg == '--models':
            wanted = args[i + 1].split(',')
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'models': {}}
    for name, (model, shape, classes) in models().items():
        if wanted is None or name in wanted:
            out['models'][name] = time_steps(model, shape, classes, repeats, seconds)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
