#!/usr/bin/python3
"""PyTorch reference values for the TypeScript training core (core/tensor, core/nn, core/train).

Writes four JSON files into test/fixtures/torch/:
  * ops.json         forward output and input gradients of every op and layer kernel
  * losses.json      every loss of the spec: value and gradient w.r.t. the model output
  * optimizers.json  ten steps of each optimizer on stored gradients; learning-rate schedules
  * models.json      small whole models with fixed weights: output, loss, every parameter gradient

Run from anywhere with Debian's PyTorch (no network; the output is deterministic, byte for byte):

    /usr/bin/python3 scripts/reference/torch_fixtures.py

`--check` writes nothing: it recomputes every fixture in float64 from the same float32 inputs and
prints, per file, the largest difference between the float32 values written and the float64 ones,
relative to each tensor's largest magnitude (what float32 itself can be expected to meet).

Conventions (also in scripts/reference/README.md):
  * Every tensor is {"shape": [...], "data": [...]}: data flat, row-major (C order). Floating-point
    data are float32 values written as the shortest decimal that reads back as the same double,
    which is exactly the float32 value (parse, then Math.fround is the identity). Integer tensors
    (class indices, tokens) hold JSON integers.
  * PyTorch layouts: Linear weight [out, in], bias [out]; Conv2d weight [out, in, kh, kw];
    Embedding weight [vocab, dim]; batch/layer-norm weight (gamma) and bias (beta) [C] / [n].
  * An op's gradients are those of sum(output * upstream) for the stored random `upstream`
    (a vector-Jacobian product), w.r.t. each floating-point input.
"""

import json
import math
import os
import sys
import zlib

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "torch")
GENERATOR = "scripts/reference/torch_fixtures.py"

# The dtype the fixtures are computed in: float32 when writing, float64 under --check.
DTYPE = torch.float32


# ---------------------------------------------------------------------------------------------
# Random data. Every case draws from its own generator, seeded from its name, so adding or
# reordering cases never changes the numbers of the others. Draws are always float32 and then
# cast to DTYPE, so the float64 check sees exactly the same inputs.
# ---------------------------------------------------------------------------------------------


def gen(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode("utf-8")))


def randn(g, *shape, scale=1.0, shift=0.0):
    return (torch.randn(*shape, generator=g, dtype=torch.float32) * scale + shift).to(DTYPE)


def uniform(g, *shape, low=-1.0, high=1.0):
    return (torch.rand(*shape, generator=g, dtype=torch.float32) * (high - low) + low).to(DTYPE)


def randint(g, high, *shape):
    return torch.randint(0, high, shape, generator=g, dtype=torch.int64)


def f32(values):
    return torch.tensor(values, dtype=torch.float32).to(DTYPE)


# ---------------------------------------------------------------------------------------------
# Encoding.
# ---------------------------------------------------------------------------------------------


def T(t):
    """A tensor as {"shape", "data"}: floats as exact float32 values, integers as integers."""
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()]}
    if t.dtype != DTYPE:
        raise AssertionError(f"unexpected dtype {t.dtype}")
    # float32 -> Python float is exact; under --check (float64) the float64 values are kept.
    data = [float(v) for v in t.reshape(-1).tolist()]
    for v in data:
        if not math.isfinite(v):
            raise AssertionError("non-finite value in a fixture")
    return {"shape": list(t.shape), "data": data}


def leaf(t):
    return t.detach().clone().requires_grad_(True)


# ---------------------------------------------------------------------------------------------
# 1. ops.json
# ---------------------------------------------------------------------------------------------


def op_case(name, op, args, inputs, fn, grad_inputs=None, extra=None, note=None):
    """Runs fn(**leaves), draws `upstream`, back-propagates sum(output * upstream)."""
    g = gen("upstream:" + name)
    leaves = {}
    for key, value in inputs.items():
        floating = value.is_floating_point()
        wants = floating and (grad_inputs is None or key in grad_inputs)
        leaves[key] = leaf(value) if wants else value.detach().clone()
    out = fn(**leaves)
    upstream = randn(g, *out.shape)
    (out * upstream).sum().backward()
    case = {"name": name, "op": op, "args": args}
    if note:
        case["note"] = note
    case["inputs"] = {k: T(v) for k, v in inputs.items()}
    case["output"] = T(out)
    case["upstream"] = T(upstream)
    case["grads"] = {k: T(v.grad) for k, v in leaves.items() if v.requires_grad}
    if extra:
        for key, value in extra(leaves).items():
            case[key] = T(value)
    return case


def linear_cases():
    cases = []
    for name, x_shape, n_out, bias in [
        ("linear", (4, 5), 3, True),
        ("linear_no_bias", (4, 5), 3, False),
        ("linear_rank3", (2, 3, 4), 5, True),  # dense on the last axis of a rank-3 input
    ]:
        g = gen(name)
        n_in = x_shape[-1]
        inputs = {"x": randn(g, *x_shape), "weight": randn(g, n_out, n_in, scale=0.5)}
        if bias:
            inputs["bias"] = randn(g, n_out, scale=0.5)
        cases.append(op_case(
            name, "linear", {"bias": bias}, inputs,
            lambda x, weight, bias=None: F.linear(x, weight, bias),
            note="x @ weight.T + bias; weight [out, in]",
        ))
    return cases


def conv2d_cases():
    cases = []
    # name, x shape [N, C, H, W], filters, kernel, stride, padding, dilation, bias
    configs = [
        ("conv2d_rect_kernel", (2, 3, 6, 7), 4, (3, 2), (1, 1), (0, 0), (1, 1), True),
        ("conv2d_stride2x1_pad1x2", (2, 3, 7, 6), 4, (3, 3), (2, 1), (1, 2), (1, 1), True),
        ("conv2d_dilation2", (2, 2, 8, 8), 3, (3, 3), (1, 1), (2, 2), (2, 2), False),
        ("conv2d_mixed_no_bias", (2, 3, 9, 8), 2, (2, 3), (2, 1), (1, 2), (2, 1), False),
        ("conv2d_1x1_stride2", (2, 4, 6, 6), 3, (1, 1), (2, 2), (0, 0), (1, 1), False),
        ("conv2d_same_5x5", (1, 2, 5, 6), 3, (5, 5), (1, 1), (2, 2), (1, 1), True),
        ("conv2d_stride3_pad1", (2, 1, 8, 7), 2, (3, 3), (3, 3), (1, 1), (1, 1), True),
    ]
    for name, x_shape, filters, kernel, stride, padding, dilation, bias in configs:
        g = gen(name)
        c = x_shape[1]
        inputs = {"x": randn(g, *x_shape), "weight": randn(g, filters, c, *kernel, scale=0.5)}
        if bias:
            inputs["bias"] = randn(g, filters, scale=0.5)

        def fn(x, weight, bias=None, stride=stride, padding=padding, dilation=dilation):
            return F.conv2d(x, weight, bias, stride=stride, padding=padding, dilation=dilation)

        cases.append(op_case(
            name, "conv2d",
            {"kernel": list(kernel), "stride": list(stride), "padding": list(padding),
             "dilation": list(dilation), "bias": bias},
            inputs, fn,
            note="cross-correlation as torch.nn.functional.conv2d; weight [out, in, kh, kw]; zero padding",
        ))
    return cases


def pool_cases():
    cases = []
    # name, x shape, kernel, stride, padding
    configs = [
        ("2x2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0)),
        ("3x3_stride2_pad1", (2, 2, 7, 6), (3, 3), (2, 2), (1, 1)),
        ("rect_2x3_stride1x2_pad1x1", (1, 3, 5, 7), (2, 3), (1, 2), (1, 1)),
        ("3x3_stride1_pad1", (1, 2, 4, 5), (3, 3), (1, 1), (1, 1)),
    ]
    for suffix, x_shape, kernel, stride, padding in configs:
        name = "max_pool2d_" + suffix
        g = gen(name)
        cases.append(op_case(
            name, "max_pool2d", {"kernel": list(kernel), "stride": list(stride), "padding": list(padding)},
            {"x": randn(g, *x_shape)},
            lambda x, k=kernel, s=stride, p=padding: F.max_pool2d(x, k, s, p),
            note="padding is -inf (never selected); the gradient goes to the window's maximum "
                 "(inputs have no ties); ceil_mode=False",
        ))
    for suffix, x_shape, kernel, stride, padding in configs:
        name = "avg_pool2d_" + suffix
        g = gen(name)
        cases.append(op_case(
            name, "avg_pool2d", {"kernel": list(kernel), "stride": list(stride), "padding": list(padding),
                                  "count_include_pad": True},
            {"x": randn(g, *x_shape)},
            lambda x, k=kernel, s=stride, p=padding: F.avg_pool2d(x, k, s, p, count_include_pad=True),
            note="count_include_pad=True (PyTorch's default): every window divides by kh*kw, zeros "
                 "of the padding included; ceil_mode=False",
        ))
    g = gen("global_avg_pool2d")
    cases.append(op_case(
        "global_avg_pool2d", "global_avg_pool2d", {}, {"x": randn(g, 2, 3, 4, 5)},
        lambda x: F.adaptive_avg_pool2d(x, 1).flatten(1),
        note="adaptive_avg_pool2d(x, 1).flatten(1): [N, C, H, W] -> [N, C], as globalavgpool2d()",
    ))
    return cases


def misc_cases():
    cases = []
    g = gen("flatten")
    cases.append(op_case(
        "flatten", "flatten", {}, {"x": randn(g, 2, 3, 2, 4)}, lambda x: x.flatten(1),
        note="keeps the batch axis: [N, ...] -> [N, product], row-major",
    ))

    g = gen("dropout")
    p = 0.3
    mask = (torch.rand(4, 6, generator=g, dtype=torch.float32) >= p).to(torch.float32).to(DTYPE)
    cases.append(op_case(
        "dropout", "dropout", {"p": p}, {"x": randn(g, 4, 6), "mask": mask},
        lambda x, mask: x * (mask / (1 - p)),
        grad_inputs={"x"},
        note="train mode with a GIVEN keep-mask (1 = kept): x * (mask / (1 - p)), as PyTorch's "
             "fused dropout scales the mask first; eval mode is the identity",
    ))

    g = gen("residual_add")
    cases.append(op_case(
        "residual_add", "add", {}, {"a": randn(g, 3, 4), "b": randn(g, 3, 4)}, lambda a, b: a + b,
        note="body(x) + shortcut(x); both gradients equal upstream",
    ))

    g = gen("embedding")
    indices = torch.tensor([[1, 4, 4, 0, 9], [7, 1, 3, 4, 2]], dtype=torch.int64)
    cases.append(op_case(
        "embedding", "embedding", {"vocab": 10, "dim": 3},
        {"indices": indices, "weight": randn(g, 10, 3)},
        lambda indices, weight: F.embedding(indices, weight),
        note="output[n, t] = weight[indices[n, t]]; repeated indices accumulate into the weight "
             "gradient; rows never used get 0",
    ))
    return cases


def norm_cases():
    cases = []

    def bn_train(name, x_shape, momentum, eps):
        g = gen(name)
        c = x_shape[1]
        inputs = {
            "x": randn(g, *x_shape, scale=1.5, shift=0.5),
            "weight": randn(g, c, scale=0.3, shift=1.0),
            "bias": randn(g, c, scale=0.3),
            "running_mean": randn(g, c, scale=0.2),
            "running_var": uniform(g, c, low=0.5, high=1.5),
        }
        state = {}

        def fn(x, weight, bias, running_mean, running_var):
            rm, rv = running_mean.clone(), running_var.clone()
            state["rm"], state["rv"] = rm, rv
            return F.batch_norm(x, rm, rv, weight, bias, training=True, momentum=momentum, eps=eps)

        return op_case(
            name, "batch_norm", {"training": True, "momentum": momentum, "eps": eps}, inputs, fn,
            grad_inputs={"x", "weight", "bias"},
            extra=lambda _: {"running_mean_after": state["rm"], "running_var_after": state["rv"]},
            note="train mode: normalise with the batch mean and the BIASED batch variance (divide by "
                 "m = N*H*W) over every axis but 1; then running_mean = (1-momentum)*running_mean + "
                 "momentum*mean and running_var = (1-momentum)*running_var + momentum*var*m/(m-1) "
                 "(UNBIASED); the gradient flows through the batch statistics",
        )

    def bn_eval(name, x_shape, eps):
        g = gen(name)
        c = x_shape[1]
        inputs = {
            "x": randn(g, *x_shape, scale=1.5, shift=0.5),
            "weight": randn(g, c, scale=0.3, shift=1.0),
            "bias": randn(g, c, scale=0.3),
            "running_mean": randn(g, c, scale=0.5),
            "running_var": uniform(g, c, low=0.5, high=2.0),
        }
        return op_case(
            name, "batch_norm", {"training": False, "momentum": 0.1, "eps": eps}, inputs,
            lambda x, weight, bias, running_mean, running_var: F.batch_norm(
                x, running_mean, running_var, weight, bias, training=False, eps=eps),
            grad_inputs={"x", "weight", "bias"},
            note="eval mode: (x - running_mean) / sqrt(running_var + eps) * weight + bias; running "
                 "statistics unchanged",
        )

    cases.append(bn_train("batch_norm_train_nc", (6, 4), 0.1, 1e-5))
    cases.append(bn_train("batch_norm_train_nchw", (3, 4, 3, 5), 0.1, 1e-5))
    cases.append(bn_train("batch_norm_train_nchw_momentum0.3_eps1e-3", (2, 3, 4, 4), 0.3, 1e-3))
    cases.append(bn_eval("batch_norm_eval_nc", (5, 4), 1e-5))
    cases.append(bn_eval("batch_norm_eval_nchw", (2, 3, 4, 3), 1e-5))

    for name, x_shape, eps in [("layer_norm_2d", (3, 6), 1e-5), ("layer_norm_3d", (2, 3, 5), 1e-5)]:
        g = gen(name)
        n = x_shape[-1]
        inputs = {"x": randn(g, *x_shape, scale=2.0, shift=0.3),
                  "weight": randn(g, n, scale=0.3, shift=1.0), "bias": randn(g, n, scale=0.3)}
        cases.append(op_case(
            name, "layer_norm", {"eps": eps}, inputs,
            lambda x, weight, bias, n=n, eps=eps: F.layer_norm(x, (n,), weight, bias, eps),
            note="over the last axis only, BIASED variance: (x - mean) / sqrt(var + eps) * weight + bias",
        ))
    return cases


def activation_input(name):
    """A [4, 8] batch spanning the interesting ranges: an exact zero, tiny, moderate and extreme values,
    and both sides of softplus's threshold (20)."""
    g = gen(name)
    fixed = f32([0.0, 20.5, 1e-4, -1e-4, 50.0, -50.0, 19.5, -25.0])
    return torch.cat([fixed.reshape(1, 8), randn(g, 3, 8, scale=2.5)], 0)


def activation_cases():
    acts = [
        ("relu", {}, F.relu, "max(0, x); gradient 1 where x > 0, else 0 (0 at x = 0)"),
        ("leaky_relu", {"slope": 0.01}, lambda x: F.leaky_relu(x, 0.01),
         "x if x > 0 else slope*x; gradient at x = 0 is slope"),
        ("leaky_relu", {"slope": 0.2}, lambda x: F.leaky_relu(x, 0.2),
         "x if x > 0 else slope*x; gradient at x = 0 is slope"),
        ("elu", {"alpha": 1.0}, lambda x: F.elu(x, 1.0),
         "x if x > 0 else alpha*(exp(x) - 1); gradient at x = 0 is alpha"),
        ("elu", {"alpha": 0.5}, lambda x: F.elu(x, 0.5),
         "x if x > 0 else alpha*(exp(x) - 1); gradient at x = 0 is alpha"),
        ("gelu", {}, lambda x: F.gelu(x, approximate="none"),
         "exact: x * Phi(x) = x * (1 + erf(x / sqrt(2))) / 2"),
        ("tanh", {}, torch.tanh, "tanh(x)"),
        ("sigmoid", {}, torch.sigmoid, "1 / (1 + exp(-x))"),
        ("softplus", {}, F.softplus,
         "log(1 + exp(x)) with PyTorch's beta=1, threshold=20: x itself where x > 20 (gradient 1 there)"),
        ("softmax", {}, lambda x: F.softmax(x, dim=-1), "over the last axis, max-subtracted"),
    ]
    cases = []
    for kind, args, fn, note in acts:
        name = kind + "".join(f"_{k}{v}" for k, v in args.items())
        cases.append(op_case(name, kind, args, {"x": activation_input(name)}, lambda x, fn=fn: fn(x), note=note))
    # softmax on a rank-3 input and with one huge row, to pin the axis and the stability
    g = gen("softmax_rank3")
    x = randn(g, 2, 3, 4, scale=3.0)
    x[0, 0] = f32([1000.0, 999.0, 998.0, -1000.0])
    cases.append(op_case("softmax_rank3_large", "softmax", {}, {"x": x}, lambda x: F.softmax(x, dim=-1),
                         note="over the last axis; one row holds +-1000 (needs the max subtraction)"))
    return cases


def build_ops():
    cases = []
    cases += linear_cases()
    cases += conv2d_cases()
    cases += pool_cases()
    cases += misc_cases()
    cases += norm_cases()
    cases += activation_cases()
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        raise AssertionError("duplicate op case name")
    return {
        "generator": GENERATOR,
        "torch": torch.__version__,
        "conventions": (
            "Tensors are {shape, data} with data flat row-major. Layouts: batch first; images "
            "[N, C, H, W]; linear weight [out, in]; conv2d weight [out, in, kh, kw]; embedding "
            "weight [vocab, dim]. grads[k] is d/d inputs[k] of sum(output * upstream). kernel, "
            "stride, padding, dilation are [h, w]."
        ),
        "cases": cases,
    }


# ---------------------------------------------------------------------------------------------
# 2. losses.json
# ---------------------------------------------------------------------------------------------


def loss_case(name, loss, note, output, targets, fn, pre_activation=None, activation=None):
    """`output` is the model's output; with `activation`, the loss is computed from `pre_activation`."""
    wrt = leaf(pre_activation if pre_activation is not None else output)
    value = fn(wrt, targets)
    value.backward()
    case = {"name": name, "loss": loss, "note": note}
    if activation:
        case["activation"] = activation
        case["pre_activation"] = T(pre_activation)
    case["output"] = T(output)
    case["targets"] = T(targets)
    case["value"] = float(value.detach())
    case["grad"] = T(wrt.grad)
    return case


def ce(s, t):
    return F.cross_entropy(s, t)


def bce_logit(s, t):
    return F.binary_cross_entropy_with_logits(s[:, 0], t.to(s.dtype))


def hinge(s, t):
    y = 2.0 * t.to(s.dtype) - 1.0
    return torch.clamp(1.0 - y * s[:, 0], min=0).mean()


def build_losses():
    cases = []

    g = gen("mse")
    out, tgt = randn(g, 5, 3), randn(g, 5, 3)
    cases.append(loss_case("mse", "mse", "mean of (output - target)^2 over the batch AND every output "
                           "element (F.mse_loss, reduction='mean')", out, tgt, F.mse_loss))
    g = gen("mse_single_output")
    out, tgt = randn(g, 6, 1), randn(g, 6, 1)
    cases.append(loss_case("mse_single_output", "mse", "regression with one output; targets [N, 1]",
                           out, tgt, F.mse_loss))

    g = gen("mae")
    out, tgt = randn(g, 5, 3), randn(g, 5, 3)
    cases.append(loss_case("mae", "mae", "mean of |output - target| over the batch and every output "
                           "element (F.l1_loss)", out, tgt, F.l1_loss))
    out = f32([[1.0, 2.0], [-0.5, 3.0]])
    tgt = f32([[1.0, 0.0], [-0.5, 4.0]])
    cases.append(loss_case("mae_ties", "mae", "where output == target PyTorch's gradient is 0 (sign(0) = 0)",
                           out, tgt, F.l1_loss))

    g = gen("cross_entropy")
    s = randn(g, 6, 4, scale=2.0)
    t = torch.tensor([0, 3, 1, 2, 3, 0], dtype=torch.int64)
    cases.append(loss_case("cross_entropy", "cross_entropy",
                           "model ends without softmax: output = logits; mean over the batch of "
                           "logsumexp(s) - s[target]; grad = (softmax(s) - onehot) / N", s, t, ce))

    s_ext = f32([[50.0, -50.0, 0.0], [-50.0, 50.0, 10.0], [0.0, 0.0, 0.0], [50.0, 49.0, -50.0]])
    t_ext = torch.tensor([1, 1, 2, 0], dtype=torch.int64)
    cases.append(loss_case("cross_entropy_extreme", "cross_entropy",
                           "logits of +-50: the target's probability underflows float32; the loss must "
                           "still be exact (100.0 for the first row)", s_ext, t_ext, ce))

    g = gen("cross_entropy_softmax")
    s = randn(g, 5, 3, scale=2.0)
    t = torch.tensor([2, 0, 1, 1, 2], dtype=torch.int64)
    cases.append(loss_case("cross_entropy_after_softmax", "cross_entropy",
                           "model ends in softmax: output = softmax(pre_activation) are probabilities, but "
                           "the loss is computed stably from the pre-softmax scores (log_softmax), i.e. it "
                           "equals CrossEntropyLoss(pre_activation, targets); grad is w.r.t. pre_activation "
                           "(the softmax layer's input), NOT w.r.t. the probabilities",
                           F.softmax(s, dim=-1), t, ce, pre_activation=s, activation="softmax"))
    cases.append(loss_case("cross_entropy_after_softmax_extreme", "cross_entropy",
                           "as cross_entropy_after_softmax with +-50 scores: log(probability) would give "
                           "-inf or lose every digit; the loss must still be exact",
                           F.softmax(s_ext, dim=-1), t_ext, ce, pre_activation=s_ext, activation="softmax"))

    g = gen("bce")
    z = randn(g, 6, 1, scale=2.0)
    t = torch.tensor([1, 0, 0, 1, 1, 0], dtype=torch.int64)
    cases.append(loss_case("binary_cross_entropy", "binary_cross_entropy",
                           "model ends without sigmoid: output [N, 1] = logit z; targets 0/1; mean over the "
                           "batch of max(z, 0) - z*t + log(1 + exp(-|z|)) (BCEWithLogitsLoss); "
                           "grad = (sigmoid(z) - t) / N", z, t, bce_logit))
    z_ext = f32([[50.0], [-50.0], [50.0], [-50.0], [0.0], [20.0]])
    t_ext2 = torch.tensor([0, 1, 1, 0, 1, 0], dtype=torch.int64)
    cases.append(loss_case("binary_cross_entropy_extreme", "binary_cross_entropy",
                           "logits of +-50 (losses 50 where wrong, ~0 where right): must be exact and finite",
                           z_ext, t_ext2, bce_logit))
    cases.append(loss_case("binary_cross_entropy_after_sigmoid", "binary_cross_entropy",
                           "model ends in sigmoid: output = sigmoid(pre_activation) is a probability, but the "
                           "loss is computed stably from the pre-sigmoid logit (BCEWithLogitsLoss on "
                           "pre_activation); grad is w.r.t. pre_activation",
                           torch.sigmoid(z), t, bce_logit, pre_activation=z, activation="sigmoid"))
    cases.append(loss_case("binary_cross_entropy_after_sigmoid_extreme", "binary_cross_entropy",
                           "as binary_cross_entropy_after_sigmoid with +-50 logits: sigmoid(50) rounds to 1.0 "
                           "in float32, so log(1 - p) from the probability would be -inf",
                           torch.sigmoid(z_ext), t_ext2, bce_logit, pre_activation=z_ext, activation="sigmoid"))

    g = gen("hinge")
    s = randn(g, 8, 1, scale=1.5)
    s[0, 0], s[1, 0] = 50.0, -50.0
    t = torch.tensor([0, 0, 1, 0, 1, 1, 0, 1], dtype=torch.int64)
    cases.append(loss_case("hinge", "hinge",
                           "output [N, 1] = score s; targets 0/1 mapped to y = 2t - 1 in {-1, +1}; "
                           "mean over the batch of max(0, 1 - y*s); grad = -y/N where 1 - y*s > 0, else 0 "
                           "(no score sits exactly on the margin)", s, t, hinge))
    s = f32([[1.0], [-1.0], [0.5], [2.0]])
    t = torch.tensor([1, 0, 1, 1], dtype=torch.int64)
    cases.append(loss_case("hinge_on_margin", "hinge",
                           "scores exactly on the margin (1 - y*s = 0): torch.clamp(1 - y*s, min=0) passes "
                           "the gradient there (-y/N), unlike relu; an engine using max(0, .) with gradient "
                           "0 at the kink differs only in these rows",
                           s, t, hinge))

    return {
        "generator": GENERATOR,
        "torch": torch.__version__,
        "conventions": (
            "value is the loss (a mean). grad is d value / d output, or d value / d pre_activation when "
            "`activation` is present (the model ends in softmax/sigmoid and the loss is computed from "
            "the scores before it). Class targets are integer tensors [N]; mse/mae targets have the "
            "output's shape; binary_cross_entropy and hinge outputs are [N, 1] with targets [N] in {0, 1}."
        ),
        "cases": cases,
    }


# ---------------------------------------------------------------------------------------------
# 3. optimizers.json
# ---------------------------------------------------------------------------------------------

OPTIMIZERS = [
    # name, dlmodel call, torch class, torch kwargs, schedule (applied per step as if a step were an epoch)
    ("sgd", "sgd(lr: 0.1)", "SGD", {"lr": 0.1}, None),
    ("sgd_momentum", "sgd(lr: 0.1, momentum: 0.9)", "SGD", {"lr": 0.1, "momentum": 0.9}, None),
    ("sgd_nesterov", "sgd(lr: 0.1, momentum: 0.9, nesterov: true)", "SGD",
     {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None),
    ("sgd_momentum_weight_decay", "sgd(lr: 0.1, momentum: 0.9, weight_decay: 0.01)", "SGD",
     {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, None),
    ("sgd_weight_decay", "sgd(lr: 0.1, weight_decay: 0.01)", "SGD", {"lr": 0.1, "weight_decay": 0.01}, None),
    ("adam", "adam()", "Adam", {}, None),
    ("adam_lr0.01_betas", "adam(lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6)", "Adam",
     {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}, None),
    ("adam_weight_decay", "adam(weight_decay: 0.01)", "Adam", {"weight_decay": 0.01}, None),
    ("adamw", "adamw()", "AdamW", {}, None),
    ("adamw_lr0.01_wd0.1", "adamw(lr: 0.01, weight_decay: 0.1)", "AdamW", {"lr": 0.01, "weight_decay": 0.1}, None),
    ("rmsprop", "rmsprop()", "RMSprop", {}, None),
    ("rmsprop_momentum", "rmsprop(momentum: 0.9)", "RMSprop", {"momentum": 0.9}, None),
    ("adagrad", "adagrad()", "Adagrad", {}, None),
    ("sgd_momentum_step_schedule", "sgd(lr: 0.1, momentum: 0.9) with step(every: 3, gamma: 0.5)", "SGD",
     {"lr": 0.1, "momentum": 0.9}, ("step", {"every": 3, "gamma": 0.5})),
    ("adam_cosine_schedule", "adam(lr: 0.01) with cosine(min_lr: 0.001), epochs 10", "Adam",
     {"lr": 0.01}, ("cosine", {"min_lr": 0.001, "epochs": 10})),
]

SCHEDULES = [
    ("step_every3_gamma0.5", "step(every: 3, gamma: 0.5)", 0.1, 10, "step", {"every": 3, "gamma": 0.5}),
    ("step_every1_gamma0.9", "step(every: 1, gamma: 0.9)", 0.01, 6, "step", {"every": 1, "gamma": 0.9}),
    ("step_every4_gamma0.1", "step(every: 4, gamma: 0.1)", 0.003, 12, "step", {"every": 4, "gamma": 0.1}),
    ("cosine_min0_epochs10", "cosine()", 0.1, 10, "cosine", {"min_lr": 0.0}),
    ("cosine_min0.001_epochs7", "cosine(min_lr: 0.001)", 0.01, 7, "cosine", {"min_lr": 0.001}),
    ("cosine_min0_epochs15", "cosine()", 0.003, 15, "cosine", {"min_lr": 0.0}),
]


def make_scheduler(opt, kind, args, epochs):
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=args["every"], gamma=args["gamma"])
    return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs, eta_min=args["min_lr"])


def closed_form_lr(kind, args, lr, epochs, e):
    if kind == "step":
        return lr * args["gamma"] ** (e // args["every"])
    return args["min_lr"] + (lr - args["min_lr"]) * (1 + math.cos(math.pi * e / epochs)) / 2


def build_optimizers():
    g = gen("optimizer parameters")
    params0 = {"W": randn(g, 3, 4, scale=0.5), "b": randn(g, 3, scale=0.5)}
    steps = 10
    grads = []
    for i in range(steps):
        g = gen(f"optimizer gradient {i}")
        grads.append({"W": randn(g, 3, 4, scale=0.3 + 0.1 * i), "b": randn(g, 3, scale=0.3 + 0.1 * i)})

    runs = []
    for name, dlmodel, cls, kwargs, schedule in OPTIMIZERS:
        params = {k: v.detach().clone().requires_grad_(True) for k, v in params0.items()}
        opt = getattr(torch.optim, cls)([params["W"], params["b"]], **kwargs)
        sched = None
        if schedule:
            kind, sargs = schedule
            sched = make_scheduler(opt, kind, sargs, sargs.get("epochs", steps))
        trajectory, lrs = [], []
        for i in range(steps):
            lrs.append(opt.param_groups[0]["lr"])
            for k, p in params.items():
                p.grad = grads[i][k].clone()
            opt.step()
            if sched:
                sched.step()
            trajectory.append({k: T(p) for k, p in params.items()})
        group = opt.param_groups[0]
        defaults = {k: (list(v) if isinstance(v, tuple) else v) for k, v in group.items()
                    if k in ("lr", "momentum", "dampening", "nesterov", "weight_decay", "betas", "eps",
                             "alpha", "centered", "amsgrad", "lr_decay", "initial_accumulator_value")}
        if sched:
            defaults["lr"] = kwargs.get("lr", defaults["lr"])
        run = {"name": name, "dlmodel": dlmodel, "torch": f"torch.optim.{cls}",
               "torch_args": defaults}
        if schedule:
            run["schedule"] = {"kind": schedule[0], **schedule[1]}
            run["lr_per_step"] = lrs
        run["steps"] = trajectory
        runs.append(run)

    schedules = []
    for name, dlmodel, lr, epochs, kind, args in SCHEDULES:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr)
        sched = make_scheduler(opt, kind, args, epochs)
        lrs = []
        for e in range(epochs):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        closed = [closed_form_lr(kind, args, lr, epochs, e) for e in range(epochs)]
        for a, b in zip(lrs, closed):
            if abs(a - b) > 1e-12 * max(1.0, abs(b)):
                raise AssertionError(f"{name}: PyTorch's lr {a} differs from the closed form {b}")
        schedules.append({"name": name, "dlmodel": dlmodel, "kind": kind, **args, "lr": lr, "epochs": epochs,
                          "lr_per_epoch": lrs})

    return {
        "generator": GENERATOR,
        "torch": torch.__version__,
        "conventions": (
            "params are [W, b] in that order in one parameter group. Before step i (0-based) p.grad is set "
            "to grads[i][p]; steps[i] holds the parameters after step i. Runs with a schedule call the "
            "scheduler after every step, as if each step were an epoch; lr_per_step[i] is the lr step i used. "
            "Schedules: lr_per_epoch[e] is the learning rate used during epoch e (0-based), from PyTorch's "
            "scheduler stepped once per epoch (equal to the closed form within 1e-12)."
        ),
        "params": {k: T(v) for k, v in params0.items()},
        "grads": [{k: T(v) for k, v in gr.items()} for gr in grads],
        "runs": runs,
        "schedules": schedules,
    }


# ---------------------------------------------------------------------------------------------
# 4. models.json. A model is a list of layers in the .dlmodel vocabulary; this code resolves
# defaults, names the layers as the spec does (kind + 1-based counter per kind, in source order
# after expansion; a residual's body, then its shortcut, then `add`), renders the .dlmodel text,
# builds the PyTorch twin and runs it.
# ---------------------------------------------------------------------------------------------

ACTIVATIONS = {"linear", "relu", "leaky_relu", "elu", "gelu", "tanh", "sigmoid", "softplus", "softmax"}


def pair(v):
    return list(v) if isinstance(v, (list, tuple)) else [v, v]


def resolve(layer):
    """Fills in every default; kernel/stride/padding/dilation become [h, w]."""
    kind = layer["kind"]
    out = dict(layer)
    if kind == "dense":
        out.setdefault("activation", "linear")
        out.setdefault("bias", True)
    elif kind == "conv2d":
        out["kernel"] = pair(layer["kernel"])
        out["stride"] = pair(layer.get("stride", 1))
        out["dilation"] = pair(layer.get("dilation", 1))
        padding = layer.get("padding", 0)
        if padding == "same":
            out["padding"] = [out["dilation"][0] * (out["kernel"][0] - 1) // 2,
                              out["dilation"][1] * (out["kernel"][1] - 1) // 2]
        else:
            out["padding"] = pair(0 if padding == "valid" else padding)
        out.setdefault("activation", "linear")
        out.setdefault("bias", True)
    elif kind in ("maxpool2d", "avgpool2d"):
        out["size"] = pair(layer["size"])
        out["stride"] = pair(layer.get("stride", layer["size"]))
        out["padding"] = pair(layer.get("padding", 0))
    elif kind == "batchnorm":
        out.setdefault("momentum", 0.1)
        out.setdefault("eps", 1e-5)
    elif kind == "layernorm":
        out.setdefault("eps", 1e-5)
    elif kind == "leaky_relu":
        out.setdefault("slope", 0.01)
    elif kind == "elu":
        out.setdefault("alpha", 1.0)
    return out


def fmt_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt_value(x) for x in v) + "]"
    return str(v)


def source_line(layer):
    """The .dlmodel call for one (unresolved) layer: positional args, then the named ones given."""
    kind = layer["kind"]
    positional = {"dense": ["units"], "conv2d": ["filters", "kernel"], "maxpool2d": ["size"],
                  "avgpool2d": ["size"], "dropout": ["rate"], "embedding": ["vocab", "dim"]}.get(kind, [])
    parts = [fmt_value(layer[k]) for k in positional]
    for k, v in layer.items():
        if k in ("kind",) or k in positional:
            continue
        parts.append(f"{k}: {fmt_value(v)}")
    return f"{kind}(" + ", ".join(parts) + ")"


def name_layers(layers, counters=None):
    """Resolved copies of `layers` with spec names; residuals keep body/shortcut lists."""
    counters = {} if counters is None else counters

    def next_name(kind):
        counters[kind] = counters.get(kind, 0) + 1
        return f"{kind}_{counters[kind]}"

    named = []
    for layer in layers:
        if layer["kind"] == "residual":
            body = name_layers(layer["body"], counters)
            shortcut = name_layers(layer.get("shortcut", []), counters)
            named.append({"kind": "residual", "name": next_name("add"), "body": body, "shortcut": shortcut})
        else:
            r = resolve(layer)
            r = {"name": next_name(layer["kind"]), **r, "source": source_line(layer)}
            named.append(r)
    return named


def dlmodel_text(name, input_shape, layers, comment):
    lines = [f"# {comment}", f"model {name} {{", f"  input {fmt_value(list(input_shape))}"]

    def emit(ls, depth):
        pad = "  " * depth
        for layer in ls:
            if layer["kind"] == "residual":
                lines.append(pad + "residual {")
                emit(layer["body"], depth + 1)
                if layer.get("shortcut"):
                    lines.append(pad + "} shortcut {")
                    emit(layer["shortcut"], depth + 1)
                lines.append(pad + "}")
            else:
                lines.append(pad + source_line(layer))

    emit(layers, 1)
    lines.append("}")
    return "\n".join(lines) + "\n"


def activation_fn(kind, layer=None):
    layer = layer or {}
    return {
        "linear": lambda x: x,
        "relu": F.relu,
        "leaky_relu": lambda x: F.leaky_relu(x, layer.get("slope", 0.01)),
        "elu": lambda x: F.elu(x, layer.get("alpha", 1.0)),
        "gelu": lambda x: F.gelu(x, approximate="none"),
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "softplus": F.softplus,
        "softmax": lambda x: F.softmax(x, dim=-1),
    }[kind]


class TorchTwin:
    """The PyTorch computation of a named layer list, with its parameters keyed by spec name."""

    def __init__(self, layers, input_shape, g, training):
        self.layers = layers
        self.training = training
        self.params = {}   # trainable, in a stable order
        self.buffers = {}  # batch-norm running statistics
        self._init(layers, list(input_shape), g)

    def _init(self, layers, shape, g):
        for layer in layers:
            shape = self._init_layer(layer, shape, g)
        return shape

    def _init_layer(self, layer, shape, g):
        kind, name = layer["kind"], layer["name"]
        if kind == "residual":
            out = self._init(layer["body"], shape, g)
            self._init(layer["shortcut"], shape, g)
            return out
        if kind == "dense":
            n, u = shape[-1], layer["units"]
            bound = 1 / math.sqrt(n)  # PyTorch's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            self.params[name + ".weight"] = uniform(g, u, n, low=-bound, high=bound)
            if layer["bias"]:
                self.params[name + ".bias"] = uniform(g, u, low=-bound, high=bound)
            return shape[:-1] + [u]
        if kind == "conv2d":
            c, h, w = shape
            kh, kw = layer["kernel"]
            bound = 1 / math.sqrt(c * kh * kw)
            self.params[name + ".weight"] = uniform(g, layer["filters"], c, kh, kw, low=-bound, high=bound)
            if layer["bias"]:
                self.params[name + ".bias"] = uniform(g, layer["filters"], low=-bound, high=bound)
            (sh, sw), (ph, pw), (dh, dw) = layer["stride"], layer["padding"], layer["dilation"]
            return [layer["filters"], (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1,
                    (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1]
        if kind in ("maxpool2d", "avgpool2d"):
            c, h, w = shape
            (kh, kw), (sh, sw), (ph, pw) = layer["size"], layer["stride"], layer["padding"]
            return [c, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1]
        if kind == "globalavgpool2d":
            return [shape[0]]
        if kind == "flatten":
            return [math.prod(shape)]
        if kind == "batchnorm":
            c = shape[0]
            # Not PyTorch's 1/0 defaults, so that a swapped gamma/beta cannot pass unnoticed.
            self.params[name + ".weight"] = randn(g, c, scale=0.2, shift=1.0)
            self.params[name + ".bias"] = randn(g, c, scale=0.2)
            if self.training:
                # a fresh model: PyTorch's initial running statistics
                self.buffers[name + ".running_mean"] = torch.zeros(c, dtype=DTYPE)
                self.buffers[name + ".running_var"] = torch.ones(c, dtype=DTYPE)
            else:
                self.buffers[name + ".running_mean"] = randn(g, c, scale=0.3)
                self.buffers[name + ".running_var"] = uniform(g, c, low=0.5, high=2.0)
            return shape
        if kind == "layernorm":
            n = shape[-1]
            self.params[name + ".weight"] = randn(g, n, scale=0.2, shift=1.0)
            self.params[name + ".bias"] = randn(g, n, scale=0.2)
            return shape
        if kind == "embedding":
            self.params[name + ".weight"] = randn(g, layer["vocab"], layer["dim"])  # PyTorch's N(0, 1)
            return shape + [layer["dim"]]
        if kind in ("dropout",) or kind in ACTIVATIONS:
            return shape
        raise AssertionError(f"unknown layer kind {kind}")

    def forward(self, x, leaves):
        """Returns (output, pre-activation of the final softmax/sigmoid or None, per-layer outputs)."""
        record = {}
        state = {"pre": None}
        y = self._run(self.layers, x, leaves, record, state)
        return y, state["pre"], record

    def _run(self, layers, x, leaves, record, state):
        for layer in layers:
            x = self._apply(layer, x, leaves, record, state)
            record[layer["name"]] = x
        return x

    def _apply(self, layer, x, P, record, state):
        kind, name = layer["kind"], layer["name"]
        state["pre"] = None
        if kind == "residual":
            y = self._run(layer["body"], x, P, record, state)
            s = self._run(layer["shortcut"], x, P, record, state) if layer["shortcut"] else x
            state["pre"] = None
            return y + s
        if kind == "dense":
            z = F.linear(x, P[name + ".weight"], P.get(name + ".bias"))
            if layer["activation"] in ("softmax", "sigmoid"):
                state["pre"] = z
            return activation_fn(layer["activation"])(z)
        if kind == "conv2d":
            z = F.conv2d(x, P[name + ".weight"], P.get(name + ".bias"), stride=layer["stride"],
                         padding=layer["padding"], dilation=layer["dilation"])
            return activation_fn(layer["activation"])(z)
        if kind == "maxpool2d":
            return F.max_pool2d(x, layer["size"], layer["stride"], layer["padding"])
        if kind == "avgpool2d":
            return F.avg_pool2d(x, layer["size"], layer["stride"], layer["padding"], count_include_pad=True)
        if kind == "globalavgpool2d":
            return F.adaptive_avg_pool2d(x, 1).flatten(1)
        if kind == "flatten":
            return x.flatten(1)
        if kind == "dropout":
            if self.training:
                raise AssertionError("dropout is only used in eval-mode models (its mask is random)")
            return x
        if kind == "batchnorm":
            return F.batch_norm(x, self.buffers[name + ".running_mean"], self.buffers[name + ".running_var"],
                                P[name + ".weight"], P[name + ".bias"], training=self.training,
                                momentum=layer["momentum"], eps=layer["eps"])
        if kind == "layernorm":
            return F.layer_norm(x, (x.shape[-1],), P[name + ".weight"], P[name + ".bias"], layer["eps"])
        if kind == "embedding":
            return F.embedding(x, P[name + ".weight"])
        if kind in ("softmax", "sigmoid"):
            state["pre"] = x
        return activation_fn(kind, layer)(x)


LOSSES = {
    "cross_entropy": ce,
    "binary_cross_entropy": bce_logit,
    "mse": F.mse_loss,
    "mae": F.l1_loss,
    "hinge": hinge,
}


def model_case(key, name, comment, input_shape, layers, mode, loss, make_input, make_targets, note=None):
    g = gen("model " + key)
    named = name_layers(layers)
    twin = TorchTwin(named, input_shape, g, training=(mode == "train"))
    x = make_input(g)
    targets = make_targets(g)
    buffers_before = {k: v.clone() for k, v in twin.buffers.items()}
    leaves = {k: leaf(v) for k, v in twin.params.items()}
    out, pre, record = twin.forward(x, leaves)
    ends_in = None
    last = named[-1]
    if last["kind"] in ("softmax", "sigmoid"):
        ends_in = last["kind"]
    elif last["kind"] == "dense" and last["activation"] in ("softmax", "sigmoid"):
        ends_in = last["activation"]
    scores = pre if ends_in else out
    if ends_in and pre is None:
        raise AssertionError("final activation without a recorded pre-activation")
    value = LOSSES[loss](scores, targets)
    value.backward()

    case = {
        "name": name,
        "key": key,
        "mode": mode,
        "loss": loss,
        "input_shape": list(input_shape),
        "layers": named,
        "dlmodel": dlmodel_text(name, input_shape, layers, comment),
        "ends_in": ends_in,
    }
    if note:
        case["note"] = note
    case.update({
        "params": {k: T(v) for k, v in twin.params.items()},
    })
    if buffers_before:
        case["buffers"] = {k: T(v) for k, v in buffers_before.items()}
    case["input"] = T(x)
    case["targets"] = T(targets)
    case["output"] = T(out)
    if ends_in:
        case["pre_activation"] = T(pre)
    case["layer_outputs"] = {k: T(v) for k, v in record.items()}
    case["loss_value"] = float(value.detach())
    case["grads"] = {k: T(v.grad) for k, v in leaves.items()}
    if buffers_before and mode == "train":
        case["buffers_after"] = {k: T(v) for k, v in twin.buffers.items()}
    return case


def build_models():
    models = []
    models.append(model_case(
        "mlp", "SpiralsMLP", "MLP 2-16-16-3 like examples/spirals.dlmodel (names left to the spec).",
        [2],
        [{"kind": "dense", "units": 16, "activation": "relu"},
         {"kind": "dense", "units": 16, "activation": "tanh"},
         {"kind": "dense", "units": 3},
         {"kind": "softmax"}],
        "train", "cross_entropy",
        lambda g: randn(g, 8, 2, scale=1.5),
        lambda g: randint(g, 3, 8),
    ))
    models.append(model_case(
        "cnn", "SmallCNN", "conv + batch-norm (train mode: batch statistics) + pool on 8x8 images.",
        [1, 8, 8],
        [{"kind": "conv2d", "filters": 4, "kernel": 3, "padding": "same"},
         {"kind": "batchnorm"},
         {"kind": "relu"},
         {"kind": "maxpool2d", "size": 2},
         {"kind": "flatten"},
         {"kind": "dense", "units": 10}],
        "train", "cross_entropy",
        lambda g: uniform(g, 4, 1, 8, 8, low=0.0, high=1.0),
        lambda g: randint(g, 10, 4),
        note="conv2d_1.bias has a gradient of exactly 0 in exact arithmetic (train-mode batch-norm "
             "subtracts the batch mean, so a per-channel constant cannot change the loss); its stored "
             "gradient is float32 rounding noise (|g| < 1e-6): compare it with an absolute tolerance "
             "scaled to the model's largest gradient, not a relative one",
    ))
    models.append(model_case(
        "residual", "ResidualMLP", "residual blocks: a projecting dense shortcut, then an identity one.",
        [4],
        [{"kind": "dense", "units": 8, "activation": "relu"},
         {"kind": "residual",
          "body": [{"kind": "dense", "units": 8, "activation": "tanh"}, {"kind": "dense", "units": 6}],
          "shortcut": [{"kind": "dense", "units": 6, "bias": False}]},
         {"kind": "relu"},
         {"kind": "residual", "body": [{"kind": "dense", "units": 6, "activation": "elu"}]},
         {"kind": "dense", "units": 1, "activation": "sigmoid"}],
        "train", "binary_cross_entropy",
        lambda g: randn(g, 6, 4),
        lambda g: torch.tensor([0, 1, 1, 0, 1, 0], dtype=torch.int64),
    ))
    models.append(model_case(
        "embedding", "TokenModel", "embedding of 6 tokens, flattened, read off by one dense layer.",
        [6],
        [{"kind": "embedding", "vocab": 20, "dim": 4},
         {"kind": "flatten"},
         {"kind": "dense", "units": 5}],
        "train", "cross_entropy",
        lambda g: torch.tensor([[3, 7, 7, 0, 19, 3], [1, 2, 3, 4, 5, 6], [19, 19, 0, 0, 11, 3],
                                [8, 3, 15, 7, 2, 2], [0, 1, 0, 1, 0, 1]], dtype=torch.int64),
        lambda g: torch.tensor([4, 0, 2, 2, 1], dtype=torch.int64),
    ))
    models.append(model_case(
        "cnn_eval", "EvalCNN",
        "eval mode: batch-norm uses its running statistics, dropout is the identity; window geometry.",
        [2, 9, 9],
        [{"kind": "conv2d", "filters": 3, "kernel": [3, 2], "stride": [2, 1], "padding": [1, 2],
          "dilation": [1, 2]},
         {"kind": "batchnorm"},
         {"kind": "leaky_relu", "slope": 0.2},
         {"kind": "avgpool2d", "size": 3, "stride": 2, "padding": 1},
         {"kind": "maxpool2d", "size": [2, 3], "stride": 1, "padding": 1},
         {"kind": "conv2d", "filters": 4, "kernel": 1, "activation": "gelu", "bias": False},
         {"kind": "globalavgpool2d"},
         {"kind": "dropout", "rate": 0.3},
         {"kind": "layernorm"},
         {"kind": "dense", "units": 8, "activation": "softplus"},
         {"kind": "dense", "units": 2}],
        "eval", "mse",
        lambda g: randn(g, 3, 2, 9, 9),
        lambda g: randn(g, 3, 2),
    ))
    return {
        "generator": GENERATOR,
        "torch": torch.__version__,
        "conventions": (
            "layers are resolved (every default filled in; kernel/size/stride/padding/dilation as [h, w], "
            "padding 'same' already turned into numbers) and named as the spec names them: kind + 1-based "
            "counter per kind in source order after expansion, a residual's body first, then its shortcut, "
            "then its `add` (whose name the residual entry carries). `source` is the layer's .dlmodel call; "
            "`dlmodel` the whole model. Parameters are keyed `<layer name>.<weight|bias>` in PyTorch "
            "layouts (dense weight [out, in], conv2d weight [out, in, kh, kw], embedding weight "
            "[vocab, dim], batchnorm/layernorm weight = gamma, bias = beta). `buffers` are the batch-norm "
            "running statistics before the forward pass, `buffers_after` after it (train mode only). "
            "mode 'train': batch-norm uses batch statistics and updates its running ones; mode 'eval': "
            "running statistics, dropout is the identity. ends_in: the model's last step is softmax or "
            "sigmoid; then `output` is its result, `pre_activation` its input, and the loss is computed "
            "from pre_activation. layer_outputs holds every layer's output (after its activation:), "
            "keyed by layer name. grads are d loss_value / d param."
        ),
        "models": models,
    }


# ---------------------------------------------------------------------------------------------
# Writing. Tensors and short scalar lists stay on one line, so the files stay small and diffable.
# ---------------------------------------------------------------------------------------------


def is_tensor(v):
    return isinstance(v, dict) and set(v.keys()) == {"shape", "data"}


def render(value, indent=0):
    pad = "  " * indent
    if is_tensor(value) or not isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        if not value:
            return "[]"
        items = [pad + "  " + render(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if not value:
        return "{}"
    items = [pad + "  " + json.dumps(k) + ": " + render(v, indent + 1) for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


BUILDERS = [("ops.json", build_ops), ("losses.json", build_losses), ("optimizers.json", build_optimizers),
            ("models.json", build_models)]


def build_all(dtype):
    global DTYPE
    DTYPE = dtype
    torch.set_default_dtype(dtype)
    try:
        return {file: build() for file, build in BUILDERS}
    finally:
        DTYPE = torch.float32
        torch.set_default_dtype(torch.float32)


def compare(a, b, path, errors):
    """Collects (|a - b| / max|b|, path) for each float tensor and scalar of two parallel fixture trees."""
    if is_tensor(a):
        data_a, data_b = a["data"], b["data"]
        if a["shape"] != b["shape"] or len(data_a) != len(data_b):
            raise AssertionError(f"{path}: shapes differ")
        if any(isinstance(v, float) for v in data_b):
            diff = max((abs(x - y) for x, y in zip(data_a, data_b)), default=0.0)
            scale = max((abs(v) for v in data_b), default=0.0)
            if diff > 0:
                errors.append((diff / scale if scale > 0 else math.inf, diff, path))
        elif data_a != data_b:
            raise AssertionError(f"{path}: integer data differ")
    elif isinstance(a, dict):
        for k in a:
            compare(a[k], b[k], f"{path}.{k}", errors)
    elif isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            label = x.get("name", i) if isinstance(x, dict) else i
            compare(x, y, f"{path}[{label}]", errors)
    elif isinstance(a, float) and isinstance(b, float) and a != b:
        errors.append((abs(a - b) / abs(b) if b != 0 else math.inf, abs(a - b), path))


def main(argv):
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if "--check" in argv:
        ref32 = build_all(torch.float32)
        ref64 = build_all(torch.float64)
        print("largest float32-vs-float64 differences, relative to each tensor's largest |value| "
              "(absolute in brackets):")
        for file in ref32:
            errors = []
            compare(ref32[file], ref64[file], file, errors)
            for rel, diff, path in sorted(errors, reverse=True)[:4]:
                print(f"  {rel:9.2e}  ({diff:.2e})  {path}")
        return 0
    fixtures = build_all(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)
    for file, content in fixtures.items():
        path = os.path.join(OUT_DIR, file)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(render(content) + "\n")
        print(f"{os.path.relpath(path, ROOT):<36} {os.path.getsize(path):>9,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
