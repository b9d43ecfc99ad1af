"""PyTorch reference for bench/train-bench.ts: training steps per second of the same three models
on ONE thread (run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1). Prints one JSON object
{"torch": version, "models": {name: {"median_us": µs per step, "repeats": [...]}}} on stdout.

Usage: python3 bench/torch_steps.py [--repeats R] [--seconds S] [--models a,b,c]
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
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


def time_steps(model, shape, classes, repeats, seconds):
    x = torch.randn(*shape)
    y = torch.randint(0, classes, (shape[0],))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    # Warm up, then choose a step count that lasts about `seconds` per repeat.
    start = time.perf_counter()
    warm = 0
    while time.perf_counter() - start < max(0.2, seconds) or warm < 20:
        step()
        warm += 1
    per_step = (time.perf_counter() - start) / warm
    count = max(10, int(seconds / per_step))
    results = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(count):
            step()
        results.append((time.perf_counter() - start) / count * 1e6)
    ordered = sorted(results)
    return {'median_us': ordered[len(ordered) // 2], 'repeats': results, 'steps_per_repeat': count}


def main():
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
