#!/usr/bin/python3
"""PyTorch reference values for dlmodel's training essentials (issue 11 §2).

Writes test/fixtures/torch/training.json with what torch 1.13 computes for:
  * clip       torch.nn.utils.clip_grad_norm_ on stored gradients (clipped and not), then SGD steps
  * decay      five steps of every optimizer with weight_decay (coupled L2; AdamW decoupled)
  * lr         learning-rate sequences: warmup (SequentialLR of LinearLR and StepLR/CosineAnnealingLR,
               or LinearLR alone) per epoch, and OneCycleLR per step (cycle_momentum=False)
  * plateau    ReduceLROnPlateau's learning rate after each value of a given loss sequence

Run (Debian's PyTorch, no network, deterministic: two runs give byte-identical output):

    /usr/bin/python3 scripts/reference/training_fixtures.py

Tensors are {"shape", "data"} with float32 data written exactly (the conventions of
torch_fixtures.py); learning rates are Python floats (float64).
"""

import json
import math
import os
import warnings
import zlib

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "torch", "training.json")

# SequentialLR steps its second scheduler with an epoch argument (a deprecation warning only).
warnings.filterwarnings("ignore", message="The epoch parameter in")
warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step()` before")


def gen(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode()))


def randn(g, *shape, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=torch.float32) * scale


def T(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


PARAM_SHAPES = {"W": (3, 4), "b": (3,)}


def stored_params(name):
    g = gen(name + " parameters")
    return {k: randn(g, *s) for k, s in PARAM_SHAPES.items()}


def stored_grads(name, steps, scale):
    out = []
    for i in range(steps):
        g = gen(f"{name} gradient {i}")
        out.append({k: randn(g, *s, scale=scale) for k, s in PARAM_SHAPES.items()})
    return out


def leaves(params):
    return [torch.nn.Parameter(params[k].clone()) for k in PARAM_SHAPES]


# ---- clip_grad_norm_ ------------------------------------------------------------------------

CLIPS = [
    # name, clip_norm, gradient scale: 0.5 with gradients of norm ~ 10 clips every step; 100 never does
    ("clip_0.5", 0.5, 3.0),
    ("clip_100", 100.0, 1.0),
    ("clip_1_small", 1.0, 0.05),
]


def build_clips():
    cases = []
    for name, max_norm, scale in CLIPS:
        params = stored_params(name)
        grads = stored_grads(name, 3, scale)
        ps = leaves(params)
        opt = torch.optim.SGD(ps, lr=0.1, momentum=0.9)
        steps = []
        for step_grads in grads:
            for p, k in zip(ps, PARAM_SHAPES):
                p.grad = step_grads[k].clone()
            total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
            clipped = {k: T(p.grad) for p, k in zip(ps, PARAM_SHAPES)}
            opt.step()
            steps.append({"total_norm": float(total), "clipped": clipped, "params": {k: T(p) for p, k in zip(ps, PARAM_SHAPES)}})
        cases.append({"name": name, "clip_norm": max_norm, "optimizer": "sgd(lr: 0.1, momentum: 0.9)",
                      "params": {k: T(v) for k, v in params.items()},
                      "grads": [{k: T(v) for k, v in s.items()} for s in grads], "steps": steps})
    return cases


# ---- weight decay on every optimizer ---------------------------------------------------------

DECAYS = [
    ("sgd_wd", "sgd(lr: 0.1, weight_decay: 0.05)", "SGD", {"lr": 0.1, "weight_decay": 0.05}),
    ("sgd_momentum_wd", "sgd(lr: 0.1, momentum: 0.9, weight_decay: 0.05)", "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}),
    ("adam_wd", "adam(lr: 0.01, weight_decay: 0.1)", "Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("adamw_wd", "adamw(lr: 0.01, weight_decay: 0.1)", "AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop_wd", "rmsprop(lr: 0.01, weight_decay: 0.1)", "RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop_momentum_wd", "rmsprop(lr: 0.01, momentum: 0.9, weight_decay: 0.1)", "RMSprop", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}),
    ("adagrad_wd", "adagrad(lr: 0.1, weight_decay: 0.1)", "Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
]


def build_decays():
    cases = []
    for name, dlmodel, cls, kwargs in DECAYS:
        params = stored_params(name)
        grads = stored_grads(name, 5, 0.5)
        ps = leaves(params)
        opt = getattr(torch.optim, cls)(ps, **kwargs)
        steps = []
        for step_grads in grads:
            for p, k in zip(ps, PARAM_SHAPES):
                p.grad = step_grads[k].clone()
            opt.step()
            steps.append({k: T(p) for p, k in zip(ps, PARAM_SHAPES)})
        cases.append({"name": name, "dlmodel": dlmodel, "torch": f"torch.optim.{cls}", "torch_args": kwargs,
                      "params": {k: T(v) for k, v in params.items()},
                      "grads": [{k: T(v) for k, v in s.items()} for s in grads], "steps": steps})
    return cases


# ---- learning-rate sequences -----------------------------------------------------------------

def warmup_scheduler(opt, warmup, start_factor, main, epochs):
    linear = torch.optim.lr_scheduler.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup)
    if main is None:
        return linear
    kind, args = main
    if kind == "step":
        after = torch.optim.lr_scheduler.StepLR(opt, step_size=args["every"], gamma=args["gamma"])
    else:
        after = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs - warmup, eta_min=args["min_lr"])
    return torch.optim.lr_scheduler.SequentialLR(opt, [linear, after], milestones=[warmup])


WARMUPS = [
    # name, schedule call, lr, epochs, warmup, warmup_factor, main schedule
    ("warmup3_cosine", "cosine(min_lr: 0.001)", 0.1, 10, 3, 0.01, ("cosine", {"min_lr": 0.001})),
    ("warmup2_step", "step(every: 2, gamma: 0.5)", 0.05, 9, 2, 0.1, ("step", {"every": 2, "gamma": 0.5})),
    ("warmup4_constant", "constant()", 0.01, 8, 4, 0.01, None),
    ("warmup1_cosine", "cosine()", 0.003, 5, 1, 0.5, ("cosine", {"min_lr": 0.0})),
]

ONE_CYCLES = [
    # name, schedule call, total steps (epochs, steps per epoch), OneCycleLR kwargs
    ("one_cycle_defaults", "one_cycle(0.1)", 5, 5, {"max_lr": 0.1}),
    ("one_cycle_pct0.25", "one_cycle(max_lr: 0.02, pct_start: 0.25, div_factor: 10, final_div_factor: 100)", 4, 7,
     {"max_lr": 0.02, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0}),
    ("one_cycle_fractional_phase", "one_cycle(0.5, pct_start: 0.33)", 3, 3, {"max_lr": 0.5, "pct_start": 0.33}),
]


def build_lr():
    sequences = []
    for name, call, lr, epochs, warmup, factor, main in WARMUPS:
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=lr)
        sched = warmup_scheduler(opt, warmup, factor, main, epochs)
        per_epoch = []
        for _ in range(epochs):
            per_epoch.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        sequences.append({"name": name, "schedule": call, "lr": lr, "epochs": epochs, "warmup": warmup,
                          "warmup_factor": factor, "lr_per_epoch": per_epoch})
    cycles = []
    for name, call, epochs, steps_per_epoch, kwargs in ONE_CYCLES:
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.123)
        total = epochs * steps_per_epoch
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, total_steps=total, anneal_strategy="cos", cycle_momentum=False, **kwargs)
        per_step = []
        for _ in range(total):
            per_step.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        cycles.append({"name": name, "schedule": call, "epochs": epochs, "steps_per_epoch": steps_per_epoch, "lr_per_step": per_step})
    return sequences, cycles


# ---- ReduceLROnPlateau -----------------------------------------------------------------------

LOSSES = [1.0, 0.8, 0.79995, 0.81, 0.8, 0.7, 0.7, 0.70, 0.7, 0.69999, 0.5, float("nan"), 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]

PLATEAUS = [
    ("plateau_defaults", "reduce_on_plateau()", 0.1, {}),
    ("plateau_patience1", "reduce_on_plateau(factor: 0.5, patience: 1)", 0.1, {"factor": 0.5, "patience": 1}),
    ("plateau_threshold_cooldown", "reduce_on_plateau(factor: 0.5, patience: 1, threshold: 0.01, cooldown: 2, min_lr: 0.02)", 0.1,
     {"factor": 0.5, "patience": 1, "threshold": 0.01, "cooldown": 2, "min_lr": 0.02}),
    ("plateau_patience0", "reduce_on_plateau(factor: 0.9, patience: 0)", 1e-7, {"factor": 0.9, "patience": 0}),
]


def build_plateaus():
    cases = []
    for name, call, lr, kwargs in PLATEAUS:
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=lr)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", threshold_mode="rel", **kwargs)
        after = []
        for loss in LOSSES:
            sched.step(loss)
            after.append(opt.param_groups[0]["lr"])
        cases.append({"name": name, "schedule": call, "lr": lr, "losses": [None if math.isnan(v) else v for v in LOSSES], "lr_after_epoch": after})
    return cases


def main():
    torch.set_num_threads(1)
    warmups, cycles = build_lr()
    data = {
        "generator": "scripts/reference/training_fixtures.py",
        "torch": torch.__version__,
        "conventions": "clip: steps[i] holds total_norm (before clipping), the clipped gradients and the parameters after "
                       "an SGD(lr 0.1, momentum 0.9) step. decay: steps[i] holds the parameters after step i. warmups: "
                       "lr_per_epoch[e] is the lr of 0-based epoch e. one_cycles: lr_per_step[s] the lr of 0-based step s. "
                       "plateaus: lr_after_epoch[e] is the lr after stepping with losses[e] (null = NaN).",
        "clips": build_clips(),
        "decays": build_decays(),
        "warmups": warmups,
        "one_cycles": cycles,
        "plateaus": build_plateaus(),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
