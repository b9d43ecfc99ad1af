#!/usr/bin/python3
"""PyTorch reference values for the tensor ops of issue 11's layers (core/tensor).

Writes test/fixtures/torch/layer-ops.json: for each case the op, its arguments, seeded float32
inputs, PyTorch's output, a random `upstream` and the gradients of sum(output * upstream) with
respect to every floating-point input (the same format and helpers as ops.json, see
torch_fixtures.py and README.md). Ops: grouped and depthwise conv2d, conv1d, conv_transpose2d,
upsample (nearest, bilinear with align_corners=False), max/avg pool 1-D, global max pooling,
adaptive average pooling, permute, flatten from an axis, concat, a sum of three tensors, silu,
mish, hardswish, hardsigmoid, relu6, prelu and log_softmax.

    /usr/bin/python3 scripts/reference/torch_layer_fixtures.py           # writes the JSON
    /usr/bin/python3 scripts/reference/torch_layer_fixtures.py --check   # float32 vs float64, writes nothing

Deterministic: every case draws from a generator seeded by its name; one thread.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402  (the shared helpers: gen, randn, f32, op_case, render, compare)

GENERATOR = "scripts/reference/torch_layer_fixtures.py"
OUT_FILE = os.path.join(tf.OUT_DIR, "layer-ops.json")


def conv_cases():
    cases = []
    # name, x shape, filters, kernel, stride, padding, dilation, groups, bias
    for name, x_shape, filters, kernel, stride, padding, dilation, groups, bias in [
        ("conv2d_groups2", (2, 4, 6, 5), 6, (3, 3), (1, 1), (1, 1), (1, 1), 2, True),
        ("conv2d_depthwise_stride2", (2, 3, 7, 8), 3, (3, 3), (2, 2), (1, 1), (1, 1), 3, True),
        ("conv2d_depthwise_multiplier2_dilation2", (1, 3, 8, 7), 6, (3, 2), (1, 2), (2, 1), (2, 1), 3, False),
    ]:
        g = tf.gen(name)
        inputs = {"x": tf.randn(g, *x_shape), "weight": tf.randn(g, filters, x_shape[1] // groups, *kernel, scale=0.5)}
        if bias:
            inputs["bias"] = tf.randn(g, filters, scale=0.5)

        def fn(x, weight, bias=None, s=stride, p=padding, d=dilation, gr=groups):
            return F.conv2d(x, weight, bias, stride=s, padding=p, dilation=d, groups=gr)

        cases.append(tf.op_case(name, "conv2d", {"stride": list(stride), "padding": list(padding), "dilation": list(dilation),
                                                 "groups": groups}, inputs, fn,
                                note="F.conv2d with groups; weight [out, in/groups, kh, kw]"))
    for name, x_shape, filters, kernel, stride, padding, dilation, groups, bias in [
        ("conv1d", (2, 3, 10), 4, 3, 1, 0, 1, 1, True),
        ("conv1d_stride2_pad2_dilation2_groups3", (2, 6, 13), 3, 3, 2, 2, 2, 3, True),
        ("conv1d_depthwise", (3, 4, 9), 4, 5, 1, 2, 1, 4, False),
    ]:
        g = tf.gen(name)
        inputs = {"x": tf.randn(g, *x_shape), "weight": tf.randn(g, filters, x_shape[1] // groups, kernel, scale=0.5)}
        if bias:
            inputs["bias"] = tf.randn(g, filters, scale=0.5)

        def fn(x, weight, bias=None, s=stride, p=padding, d=dilation, gr=groups):
            return F.conv1d(x, weight, bias, stride=s, padding=p, dilation=d, groups=gr)

        cases.append(tf.op_case(name, "conv1d", {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups},
                                inputs, fn, note="F.conv1d; x [N, C, L], weight [out, in/groups, k]"))
    # name, x shape, out channels, kernel, stride, padding, output_padding, bias
    for name, x_shape, out_channels, kernel, stride, padding, output_padding, bias in [
        ("conv_transpose2d_3x3_stride2_pad1_outpad1", (2, 3, 4, 5), 2, (3, 3), (2, 2), (1, 1), (1, 1), True),
        ("conv_transpose2d_2x2_stride2", (2, 4, 3, 3), 3, (2, 2), (2, 2), (0, 0), (0, 0), False),
        ("conv_transpose2d_3x3_stride1_pad1", (1, 2, 5, 4), 3, (3, 3), (1, 1), (1, 1), (0, 0), True),
        ("conv_transpose2d_rect_stride3x2_outpad2x1", (2, 2, 3, 4), 2, (4, 3), (3, 2), (1, 0), (2, 1), True),
    ]:
        g = tf.gen(name)
        inputs = {"x": tf.randn(g, *x_shape), "weight": tf.randn(g, x_shape[1], out_channels, *kernel, scale=0.5)}
        if bias:
            inputs["bias"] = tf.randn(g, out_channels, scale=0.5)

        def fn(x, weight, bias=None, s=stride, p=padding, op=output_padding):
            return F.conv_transpose2d(x, weight, bias, stride=s, padding=p, output_padding=op)

        cases.append(tf.op_case(name, "conv_transpose2d", {"stride": list(stride), "padding": list(padding),
                                                           "output_padding": list(output_padding)}, inputs, fn,
                                note="F.conv_transpose2d, dilation 1, groups 1; weight [in, out, kh, kw]"))
    return cases


def resampling_cases():
    cases = []
    for name, x_shape, scale, mode in [
        ("upsample_nearest_2", (2, 3, 3, 4), 2, "nearest"),
        ("upsample_nearest_3x2", (1, 2, 3, 3), (3, 2), "nearest"),
        ("upsample_bilinear_2", (2, 2, 4, 3), 2, "bilinear"),
        ("upsample_bilinear_3", (1, 3, 3, 4), 3, "bilinear"),
        ("upsample_bilinear_2x4_width1", (1, 2, 3, 1), (2, 4), "bilinear"),
    ]:
        g = tf.gen(name)
        extra = {"align_corners": False} if mode == "bilinear" else {}
        cases.append(tf.op_case(
            name, "upsample", {"scale": list(scale) if isinstance(scale, tuple) else [scale, scale], "mode": mode},
            {"x": tf.randn(g, *x_shape)},
            lambda x, s=scale, m=mode, e=extra: F.interpolate(x, scale_factor=s, mode=m, **e),
            note="F.interpolate(x, scale_factor, mode) (align_corners=False for bilinear)"))
    for name, op, x_shape, kernel, stride, padding in [
        ("max_pool1d_3_stride2_pad1", "max_pool1d", (2, 3, 9), 3, 2, 1),
        ("max_pool1d_2", "max_pool1d", (1, 2, 8), 2, 2, 0),
        ("avg_pool1d_2", "avg_pool1d", (2, 3, 8), 2, 2, 0),
        ("avg_pool1d_3_stride1_pad1", "avg_pool1d", (1, 2, 7), 3, 1, 1),
    ]:
        g = tf.gen(name)
        fn = F.max_pool1d if op == "max_pool1d" else F.avg_pool1d
        cases.append(tf.op_case(name, op, {"kernel": kernel, "stride": stride, "padding": padding}, {"x": tf.randn(g, *x_shape)},
                                lambda x, f=fn, k=kernel, s=stride, p=padding: f(x, k, s, p),
                                note="ceil_mode=False; avg: count_include_pad=True"))
    # ceil_mode=True (GoogLeNet, SqueezeNet): the last window overhangs the edge; in the third
    # case ceil would add a window starting inside the right padding, which PyTorch drops.
    for name, x_shape, kernel, stride, padding in [
        ("max_pool2d_ceil_3_stride2", (2, 3, 7, 8), [3, 3], [2, 2], [0, 0]),
        ("max_pool2d_ceil_3_stride2_pad1", (1, 2, 6, 7), [3, 3], [2, 2], [1, 1]),
        ("max_pool2d_ceil_2_stride2_pad1", (1, 2, 5, 6), [2, 2], [2, 2], [1, 1]),
    ]:
        g = tf.gen(name)
        cases.append(tf.op_case(name, "max_pool2d_ceil", {"kernel": kernel, "stride": stride, "padding": padding},
                                {"x": tf.randn(g, *x_shape)},
                                lambda x, k=kernel, s=stride, p=padding: F.max_pool2d(x, k, s, p, ceil_mode=True),
                                note="F.max_pool2d(x, kernel, stride, padding, ceil_mode=True)"))
    g = tf.gen("global_max_pool2d")
    cases.append(tf.op_case("global_max_pool2d", "global_max_pool2d", {}, {"x": tf.randn(g, 2, 3, 4, 5)},
                            lambda x: F.adaptive_max_pool2d(x, 1).flatten(1),
                            note="adaptive_max_pool2d(x, 1).flatten(1): [N, C, H, W] -> [N, C]"))
    g = tf.gen("global_avg_pool1d")
    cases.append(tf.op_case("global_avg_pool1d", "global_avg_pool1d", {}, {"x": tf.randn(g, 2, 3, 7)},
                            lambda x: F.adaptive_avg_pool1d(x, 1).flatten(1), note="[N, C, L] -> [N, C]"))
    for name, x_shape, size in [
        ("adaptive_avg_pool2d_7x5_to_3x2", (2, 2, 7, 5), (3, 2)),
        ("adaptive_avg_pool2d_6x6_to_4x4", (1, 3, 6, 6), (4, 4)),
        ("adaptive_avg_pool2d_4x4_to_1x1", (2, 2, 4, 4), (1, 1)),
        ("adaptive_avg_pool2d_3x3_to_5x4", (1, 2, 3, 3), (5, 4)),
    ]:
        g = tf.gen(name)
        cases.append(tf.op_case(name, "adaptive_avg_pool2d", {"size": list(size)}, {"x": tf.randn(g, *x_shape)},
                                lambda x, s=size: F.adaptive_avg_pool2d(x, s),
                                note="windows [floor(i*H/h), ceil((i+1)*H/h))"))
    return cases


def shape_cases():
    cases = []
    for name, x_shape, axes in [("permute_nchw_to_nhwc", (2, 3, 4, 5), [0, 2, 3, 1]), ("permute_rank3", (2, 3, 4), [2, 0, 1])]:
        g = tf.gen(name)
        cases.append(tf.op_case(name, "permute", {"axes": axes}, {"x": tf.randn(g, *x_shape)},
                                lambda x, a=axes: x.permute(*a), note="axes include the batch axis"))
    g = tf.gen("flatten_start2")
    cases.append(tf.op_case("flatten_start2", "flatten", {"start": 2}, {"x": tf.randn(g, 2, 3, 2, 4)},
                            lambda x: x.flatten(2), note="torch.flatten(x, start_dim=2)"))
    g = tf.gen("concat_channels")
    cases.append(tf.op_case("concat_channels", "concat", {"axis": 1},
                            {"a": tf.randn(g, 2, 1, 3, 2), "b": tf.randn(g, 2, 3, 3, 2), "c": tf.randn(g, 2, 2, 3, 2)},
                            lambda a, b, c: torch.cat([a, b, c], 1), note="torch.cat over the channel axis"))
    g = tf.gen("concat_last")
    cases.append(tf.op_case("concat_last", "concat", {"axis": -1}, {"a": tf.randn(g, 3, 2), "b": tf.randn(g, 3, 4)},
                            lambda a, b: torch.cat([a, b], -1), note="torch.cat over the last axis"))
    g = tf.gen("add3")
    cases.append(tf.op_case("add3", "add_all", {}, {"a": tf.randn(g, 2, 3, 2), "b": tf.randn(g, 2, 3, 2), "c": tf.randn(g, 2, 3, 2)},
                            lambda a, b, c: a + b + c, note="a merge by addition of three branches"))
    return cases


def activation_input(name):
    """A [4, 8] batch holding every kink exactly (0, +-3, 6), tiny and extreme values, then random ones."""
    g = tf.gen(name)
    fixed = tf.f32([0.0, -3.0, 3.0, 6.0, 1e-4, -50.0, 50.0, 2.9])
    return torch.cat([fixed.reshape(1, 8), tf.randn(g, 3, 8, scale=3.0)], 0)


def activation_cases():
    cases = []
    for kind, fn, note in [
        ("silu", F.silu, "x * sigmoid(x)"),
        ("mish", F.mish, "x * tanh(softplus(x))"),
        ("hardswish", F.hardswish, "x * relu6(x + 3) / 6; gradient x/3 + 1/2 on [-3, 3), 0 below, 1 from 3 on (the vectorised CPU loop; torch 1.13's scalar tail loop gives 1.5 at exactly 3)"),
        ("hardsigmoid", F.hardsigmoid, "relu6(x + 3) / 6; gradient 1/6 strictly inside (-3, 3)"),
        ("relu6", F.relu6, "min(max(x, 0), 6); gradient 0 at 0 and 6"),
    ]:
        cases.append(tf.op_case(kind, kind, {}, {"x": activation_input(kind)}, lambda x, f=fn: f(x), note=note))
    for name, x_shape, slopes in [("prelu_shared", (3, 8), 1), ("prelu_channels_nchw", (2, 3, 2, 2), 3), ("prelu_channels_nc", (4, 5), 5)]:
        g = tf.gen(name)
        x = tf.randn(g, *x_shape)
        x.view(-1)[0] = 0.0  # the gradient at exactly 0 goes to the weight side (x <= 0)
        cases.append(tf.op_case(name, "prelu", {"num_parameters": slopes},
                                {"x": x, "weight": tf.randn(g, slopes, scale=0.2, shift=0.25)},
                                lambda x, weight: F.prelu(x, weight),
                                note="nn.PReLU(num_parameters): weight [1] or [C] (axis 1)"))
    g = tf.gen("log_softmax_rank3_large")
    x = tf.randn(g, 2, 3, 4, scale=3.0)
    x[0, 0] = tf.f32([1000.0, 999.0, 998.0, -1000.0])
    cases.append(tf.op_case("log_softmax_rank3_large", "log_softmax", {}, {"x": x}, lambda x: F.log_softmax(x, dim=-1),
                            note="over the last axis; one row holds +-1000"))
    return cases


def build():
    cases = conv_cases() + resampling_cases() + shape_cases() + activation_cases()
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        raise AssertionError("duplicate case name")
    return {
        "generator": GENERATOR,
        "torch": torch.__version__,
        "conventions": (
            "As ops.json: tensors are {shape, data}, row-major; grads[k] is d/d inputs[k] of sum(output * upstream). "
            "conv2d weight [out, in/groups, kh, kw]; conv1d weight [out, in/groups, k]; conv_transpose2d weight "
            "[in, out, kh, kw]; 2-D settings are [h, w], 1-D ones plain integers; permute axes include the batch axis."
        ),
        "cases": cases,
    }


def build_in(dtype):
    tf.DTYPE = dtype
    torch.set_default_dtype(dtype)
    try:
        return build()
    finally:
        tf.DTYPE = torch.float32
        torch.set_default_dtype(torch.float32)


def main(argv):
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if "--check" in argv:
        errors = []
        tf.compare(build_in(torch.float32), build_in(torch.float64), "layer-ops.json", errors)
        print("largest float32-vs-float64 differences, relative to each tensor's largest |value| (absolute in brackets):")
        for rel, diff, path in sorted(errors, reverse=True)[:6]:
            print(f"  {rel:9.2e}  ({diff:.2e})  {path}")
        return 0
    content = build_in(torch.float32)
    with open(OUT_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write(tf.render(content) + "\n")
    print(f"{os.path.relpath(OUT_FILE, tf.ROOT)}  {os.path.getsize(OUT_FILE):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
