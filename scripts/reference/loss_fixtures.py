#!/usr/bin/python3
"""PyTorch reference values for the losses that take arguments or read log-probabilities.

Writes test/fixtures/torch/loss-arguments.json: for each case the dlmodel loss setting (as
core/nn/losses.ts's LossSetting), the `torch.nn.functional` call it must equal, the scores the
loss reads, the targets, and PyTorch's value and gradient with respect to those scores. Cases:
huber and smooth_l1 (defaults, differences exactly at ±delta/±beta, beta 0), nll on
log-probabilities (with and without class weights), kl_div with exact zeros among the target probabilities, and cross_entropy
with class weights that do not sum to 1, with label smoothing, and with both (as PyTorch 1.13
combines them), also with ±50 logits and after a softmax.

Run with Debian's PyTorch (no network; deterministic, byte for byte):

    /usr/bin/python3 scripts/reference/loss_fixtures.py

It uses the encoding and seeding helpers of torch_fixtures.py (same folder), so the conventions of
scripts/reference/README.md hold. It also asserts, for every cross_entropy case, that the sum of
the per-sample losses (reduction='none') divided by Σ w_y equals reduction='mean': what the exported
train.py relies on to take the mean over a batch split across processes.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402

OUT = os.path.join(tf.OUT_DIR, "loss-arguments.json")


def case(name, setting, call, note, scores, targets, fn, output=None):
    """`scores` are what the loss reads (logits, or log-probabilities); `output` the model's, when it differs."""
    wrt = tf.leaf(scores)
    value = fn(wrt, targets)
    value.backward()
    entry = {"name": name, "setting": setting, "call": call, "note": note}
    if output is not None:
        entry["output"] = tf.T(output)
    entry["scores"] = tf.T(scores)
    entry["targets"] = tf.T(targets)
    entry["value"] = float(value.detach())
    entry["grad"] = tf.T(wrt.grad)
    return entry


def cross_entropy_fn(weights, smoothing):
    def fn(s, t):
        w = None if weights is None else tf.f32(weights)
        mean = F.cross_entropy(s, t, weight=w, label_smoothing=smoothing)
        per_sample = F.cross_entropy(s, t, weight=w, label_smoothing=smoothing, reduction="none")
        divisor = len(t) if w is None else w[t].sum()
        assert torch.allclose(per_sample.sum() / divisor, mean, rtol=1e-6, atol=0), "per-sample sum / Σ w_y must be the mean"
        return mean
    return fn


def ce_setting(weights, smoothing):
    setting = {"name": "cross_entropy", "labelSmoothing": smoothing}
    if weights is not None:
        setting["weights"] = weights
    return setting


def ce_call(weights, smoothing):
    return f"F.cross_entropy(s, y, weight={weights}, label_smoothing={smoothing})"


def build():
    cases = []

    g = tf.gen("huber")
    out, tgt = tf.randn(g, 6, 3, scale=1.5), tf.randn(g, 6, 3)
    cases.append(case("huber", {"name": "huber", "delta": 1.0}, "F.huber_loss(out, y, delta=1.0)",
                      "default delta 1: mean over every element", out, tgt, lambda o, y: F.huber_loss(o, y, delta=1.0)))
    # Differences of exactly ±0.5 (representable), inside and outside: the value and gradient at the seam.
    tgt = tf.f32([[0.25, -1.0, 2.0], [0.0, 0.5, -0.25]])
    out = tf.f32([[0.75, -1.5, 2.1], [3.0, 0.5, -0.75]])
    cases.append(case("huber_at_delta", {"name": "huber", "delta": 0.5}, "F.huber_loss(out, y, delta=0.5)",
                      "|out - y| exactly 0.5 = delta in three elements (one each side), a tie, a small and a large difference",
                      out, tgt, lambda o, y: F.huber_loss(o, y, delta=0.5)))
    g = tf.gen("huber_wide")
    out, tgt = tf.randn(g, 8, 1, scale=4.0), tf.randn(g, 8, 1)
    cases.append(case("huber_delta_2_single_output", {"name": "huber", "delta": 2.0}, "F.huber_loss(out, y, delta=2.0)",
                      "one output, delta 2, several differences beyond delta", out, tgt, lambda o, y: F.huber_loss(o, y, delta=2.0)))

    g = tf.gen("smooth_l1")
    out, tgt = tf.randn(g, 5, 4, scale=1.5), tf.randn(g, 5, 4)
    cases.append(case("smooth_l1", {"name": "smooth_l1", "beta": 1.0}, "F.smooth_l1_loss(out, y, beta=1.0)",
                      "default beta 1", out, tgt, lambda o, y: F.smooth_l1_loss(o, y, beta=1.0)))
    tgt = tf.f32([[0.25, -1.0, 2.0], [0.0, 0.5, -0.25]])
    out = tf.f32([[0.75, -1.5, 2.1], [3.0, 0.5, -0.75]])
    cases.append(case("smooth_l1_at_beta", {"name": "smooth_l1", "beta": 0.5}, "F.smooth_l1_loss(out, y, beta=0.5)",
                      "|out - y| exactly 0.5 = beta in three elements, a tie, a small and a large difference",
                      out, tgt, lambda o, y: F.smooth_l1_loss(o, y, beta=0.5)))
    cases.append(case("smooth_l1_beta_0", {"name": "smooth_l1", "beta": 0.0}, "F.smooth_l1_loss(out, y, beta=0.0)",
                      "beta 0 is the absolute error: gradient ±1/n, and -1/n at the tie (PyTorch 1.13 tests d <= -beta first)",
                      out, tgt, lambda o, y: F.smooth_l1_loss(o, y, beta=0.0)))

    g = tf.gen("nll")
    logits = tf.randn(g, 6, 4, scale=2.0)
    logp = F.log_softmax(logits, dim=-1)
    t = torch.tensor([0, 3, 1, 2, 3, 3], dtype=torch.int64)
    cases.append(case("nll", {"name": "nll"}, "F.nll_loss(logp, y)",
                      "scores are log_softmax(logits): the output of a final logsoftmax; grad w.r.t. them is -1/N at the target",
                      logp, t, lambda s, y: F.nll_loss(s, y)))
    nll_weights = [0.2, 1.5, 3.0, 0.7]
    cases.append(case("nll_weights", {"name": "nll", "weights": nll_weights}, f"F.nll_loss(logp, y, weight={nll_weights})",
                      "class weights summing to 5.4: the mean divides by Σ w_y (here 6.8), grad -w_y/Σw_y at the target",
                      logp, t, lambda s, y: F.nll_loss(s, y, weight=tf.f32(nll_weights))))

    g = tf.gen("kl_div")
    logp = F.log_softmax(tf.randn(g, 5, 4, scale=2.0), dim=-1)
    q = F.softmax(tf.randn(g, 5, 4, scale=2.0), dim=-1)
    q[1, 2] = 0.0
    q[3, 0] = 0.0
    q[3, 1] = 0.0
    q = q / q.sum(dim=-1, keepdim=True)
    cases.append(case("kl_div", {"name": "kl_div"}, "F.kl_div(logp, q, reduction='batchmean')",
                      "target probabilities with three exact zeros (0·log 0 = 0); the sum over every element divided by N",
                      logp, q, lambda s, y: F.kl_div(s, y, reduction="batchmean")))

    g = tf.gen("cross_entropy_weighted")
    s = tf.randn(g, 7, 4, scale=2.0)
    t = torch.tensor([0, 3, 1, 1, 3, 0, 2], dtype=torch.int64)
    for name, weights, smoothing, note in [
        ("cross_entropy_weights", [0.2, 1.5, 3.0, 0.7], 0.0, "class weights summing to 5.4: the mean divides by Σ w_y (here 9.0)"),
        ("cross_entropy_label_smoothing", None, 0.1, "label smoothing 0.1 without weights"),
        ("cross_entropy_weights_and_smoothing", [0.2, 1.5, 3.0, 0.7], 0.2,
         "weights and smoothing 0.2, as PyTorch 1.13: (1 - ε)·nll(weight) + ε/K·Σ_c w_c·(-logp_c) per sample, over Σ w_y"),
    ]:
        cases.append(case(name, ce_setting(weights, smoothing), ce_call(weights, smoothing), note, s, t, cross_entropy_fn(weights, smoothing)))
    s_ext = tf.f32([[50.0, -50.0, 0.0], [-50.0, 50.0, 10.0], [0.0, 0.0, 0.0], [50.0, 49.0, -50.0]])
    t_ext = torch.tensor([1, 1, 2, 0], dtype=torch.int64)
    cases.append(case("cross_entropy_weights_smoothing_extreme", ce_setting([2.0, 0.5, 1.25], 0.3), ce_call([2.0, 0.5, 1.25], 0.3),
                      "logits of ±50 with weights and smoothing: exact and finite", s_ext, t_ext, cross_entropy_fn([2.0, 0.5, 1.25], 0.3)))
    g = tf.gen("cross_entropy_weighted_softmax")
    s = tf.randn(g, 5, 3, scale=2.0)
    t = torch.tensor([2, 0, 1, 1, 2], dtype=torch.int64)
    cases.append(case("cross_entropy_weights_smoothing_after_softmax", ce_setting([1.0, 4.0, 0.5], 0.05), ce_call([1.0, 4.0, 0.5], 0.05),
                      "model ends in softmax: the loss reads the scores before it (scores), output = softmax(scores)",
                      s, t, cross_entropy_fn([1.0, 4.0, 0.5], 0.05), output=F.softmax(s, dim=-1)))
    return {"generator": "scripts/reference/loss_fixtures.py", "torch": torch.__version__,
            "conventions": "value and grad of the loss w.r.t. `scores` (what dlmodel's computeLoss reads); "
                           "`setting` is dlmodel's LossSetting; see scripts/reference/README.md", "cases": cases}


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    content = build()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(tf.render(content) + "\n")
    print(f"{os.path.relpath(OUT, tf.ROOT)}  {os.path.getsize(OUT):,} bytes, {len(content['cases'])} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
