"""PyTorch reference for bench/kernel-bench.ts: forward + backward of single layer ops on ONE thread.

Usage: python3 bench/torch_kernels.py --serve
  prints {"torch": version} and then, for each line "KEY SECONDS" read on stdin, times one repeat of
  that op's forward and backward lasting about SECONDS (after a warm-up the first time) and prints
  {"key": KEY, "us": µs per pass}. The bench interleaves these repeats with its own.
python3 bench/torch_kernels.py   prints the median µs of each op once (a quick look).
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


def ops():
    """key -> (inputs, function); must match bench/kernel-bench.ts's kernelOps."""
    def depthwise():
        x = torch.randn(32, 64, 28, 28, requires_grad=True)
        w = torch.randn(64, 1, 3, 3, requires_grad=True)
        b = torch.randn(64, requires_grad=True)
        return (x, w, b), lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=64)

    def grouped():
        x = torch.randn(32, 64, 28, 28, requires_grad=True)
        w = torch.randn(64, 16, 3, 3, requires_grad=True)
        b = torch.randn(64, requires_grad=True)
        return (x, w, b), lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=4)

    def transposed():
        x = torch.randn(32, 32, 14, 14, requires_grad=True)
        w = torch.randn(32, 16, 3, 3, requires_grad=True)
        b = torch.randn(16, requires_grad=True)
        return (x, w, b), lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)

    def nearest():
        x = torch.randn(32, 64, 14, 14, requires_grad=True)
        return (x,), lambda x: F.interpolate(x, scale_factor=2, mode='nearest')

    def bilinear():
        x = torch.randn(32, 64, 14, 14, requires_grad=True)
        return (x,), lambda x: F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)

    return {'depthwise': depthwise, 'grouped': grouped, 'transposed': transposed, 'nearest': nearest, 'bilinear': bilinear}


def make_pass(build):
    inputs, fn = build()
    upstream = torch.randn(fn(*inputs).shape)

    def one_pass():
        for t in inputs:
            t.grad = None
        fn(*inputs).backward(upstream)

    return one_pass


def warm_up(step, seconds):
    start = time.perf_counter()
    warm = 0
    while time.perf_counter() - start < max(0.2, seconds) or warm < 5:
        step()
        warm += 1
    return (time.perf_counter() - start) / warm


def time_repeat(step, count):
    start = time.perf_counter()
    for _ in range(count):
        step()
    return (time.perf_counter() - start) / count * 1e6


def serve():
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
    built = ops()
    passes = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 2:
            continue
        key, seconds = parts[0], float(parts[1])
        if key not in passes:
            step = make_pass(built[key])
            passes[key] = (step, warm_up(step, seconds))
        step, per_pass = passes[key]
        print(json.dumps({'key': key, 'us': time_repeat(step, max(3, int(seconds / per_pass)))}), flush=True)


def main():
    if '--serve' in sys.argv:
        serve()
        return
    out = {}
    for key, build in ops().items():
        step = make_pass(build)
        count = max(3, int(0.3 / warm_up(step, 0.3)))
        out[key] = sorted(time_repeat(step, count) for _ in range(5))[2]
    print(json.dumps({'torch': torch.__version__, 'us': out}))


if __name__ == '__main__':
    main()
