#!/usr/bin/python3
"""Reference shapes, parameter counts and MACs for .dlmodel architectures, computed by PyTorch.

Each architecture below is written twice, by hand and independently:
  * as plain PyTorch modules (what a PyTorch user would write), and
  * as the equivalent .dlmodel text (spec v1 syntax).
The script never parses the .dlmodel text. It runs a forward pass on a batch of 2 with hooks,
reads parameter counts from the modules' real parameters and buffers, computes MACs from the
real module attributes and the observed output shapes, and writes:
  * test/fixtures/architectures/reference.json
  * test/fixtures/architectures/<file>.dlmodel (one model per file)

Run from anywhere with Debian's PyTorch:  /usr/bin/python3 scripts/reference/architectures.py
The output is deterministic (no randomness reaches it; no network).
"""

import json
import math
import os
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "architectures")
GENERATOR = "scripts/reference/architectures.py"


# ---------------------------------------------------------------------------------------------
# Building blocks. A `Layer` is one .dlmodel layer: its dlmodel kind and the PyTorch modules that
# compute it (a dense or conv2d with `activation:` is the Linear/Conv2d followed by the
# activation module). A `Residual` is `body(x) + shortcut(x)`, the shortcut being the identity
# when absent. Everything else is ordinary torch.nn.
# ---------------------------------------------------------------------------------------------


class Layer(nn.Module):
    """One dlmodel layer: its kind and the PyTorch modules that compute it, applied in order."""

    def __init__(self, kind, *modules):
        super().__init__()
        self.kind = kind
        self.steps = nn.Sequential(*modules)

    def forward(self, x):
        return self.steps(x)


class Residual(nn.Module):
    """`residual { body } shortcut { path }`: returns body(x) + path(x); path defaults to identity."""

    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body = nn.Sequential(*body)
        self.shortcut = nn.Sequential(*shortcut) if shortcut else None

    def forward(self, x):
        y = self.body(x)
        s = x if self.shortcut is None else self.shortcut(x)
        if y.shape != s.shape:
            raise ValueError(f"residual shapes differ: body {tuple(y.shape)} vs shortcut {tuple(s.shape)}")
        return y + s


def repeat(count, make):
    """`repeat N { … }`: N fresh copies (each with its own parameters) of the list `make()` returns."""
    layers = []
    for _ in range(count):
        layers.extend(make())
    return layers


class Architecture:
    """A named model: input shape, PyTorch layers, and the hand-written .dlmodel equivalent."""

    def __init__(self, name, file, input_shape, layers, dlmodel, token_vocab=None):
        self.name = name
        self.file = file
        self.input_shape = list(input_shape)
        self.model = nn.Sequential(*layers)
        self.dlmodel = dlmodel
        self.token_vocab = token_vocab  # set when the input holds integer tokens for an embedding


# ---------------------------------------------------------------------------------------------
# The architectures. Keep the PyTorch side and the .dlmodel side in the same order, layer by layer.
# ---------------------------------------------------------------------------------------------


def lenet5():
    return Architecture(
        "LeNet5", "lenet5.dlmodel", [1, 32, 32],
        [
            Layer("conv2d", nn.Conv2d(1, 6, 5), nn.Tanh()),
            Layer("avgpool2d", nn.AvgPool2d(2)),
            Layer("conv2d", nn.Conv2d(6, 16, 5), nn.Tanh()),
            Layer("avgpool2d", nn.AvgPool2d(2)),
            Layer("flatten", nn.Flatten()),
            Layer("dense", nn.Linear(16 * 5 * 5, 120), nn.Tanh()),
            Layer("dense", nn.Linear(120, 84), nn.Tanh()),
            Layer("dense", nn.Linear(84, 10)),
        ],
        """\
# LeNet-5 (LeCun et al., 1998) on a 32x32 grey image, with tanh and average pooling.
model LeNet5 {
  input [1, 32, 32]
  c1 = conv2d(6, 5, activation: tanh)
  s2 = avgpool2d(2)
  c3 = conv2d(16, 5, activation: tanh)
  s4 = avgpool2d(2)
  flatten()
  f5 = dense(120, activation: tanh)
  f6 = dense(84, activation: tanh)
  dense(10)
}
""",
    )


def vgg16():
    def block(in_channels, out_channels, count):
        layers = []
        for i in range(count):
            layers.append(Layer("conv2d", nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1), nn.ReLU()))
        layers.append(Layer("maxpool2d", nn.MaxPool2d(2)))
        return layers

    return Architecture(
        "VGG16", "vgg16.dlmodel", [3, 224, 224],
        [
            *block(3, 64, 2),
            *block(64, 128, 2),
            *block(128, 256, 3),
            *block(256, 512, 3),
            *block(512, 512, 3),
            Layer("flatten", nn.Flatten()),
            Layer("dense", nn.Linear(512 * 7 * 7, 4096), nn.ReLU()),
            Layer("dropout", nn.Dropout(0.5)),
            Layer("dense", nn.Linear(4096, 4096), nn.ReLU()),
            Layer("dropout", nn.Dropout(0.5)),
            Layer("dense", nn.Linear(4096, 1000)),
            Layer("softmax", nn.Softmax(dim=-1)),
        ],
        """\
# VGG-16 exactly as in the language specification (138,357,544 parameters).
model VGG16 {
  input [3, 224, 224]
  repeat 2 { conv2d(64, 3, padding: same, activation: relu) }
  maxpool2d(2)
  repeat 2 { conv2d(128, 3, padding: same, activation: relu) }
  maxpool2d(2)
  repeat 3 { conv2d(256, 3, padding: same, activation: relu) }
  maxpool2d(2)
  repeat 3 { conv2d(512, 3, padding: same, activation: relu) }
  maxpool2d(2)
  repeat 3 { conv2d(512, 3, padding: same, activation: relu) }
  maxpool2d(2)
  flatten()
  dense(4096, activation: relu)
  dropout(0.5)
  dense(4096, activation: relu)
  dropout(0.5)
  dense(1000)
  softmax()
}
""",
    )


def alexnet():
    # torchvision's AlexNet features and classifier (its adaptive pool is the identity at 6x6).
    return Architecture(
        "AlexNet", "alexnet.dlmodel", [3, 224, 224],
        [
            Layer("conv2d", nn.Conv2d(3, 64, 11, stride=4, padding=2), nn.ReLU()),
            Layer("maxpool2d", nn.MaxPool2d(3, stride=2)),
            Layer("conv2d", nn.Conv2d(64, 192, 5, padding=2), nn.ReLU()),
            Layer("maxpool2d", nn.MaxPool2d(3, stride=2)),
            Layer("conv2d", nn.Conv2d(192, 384, 3, padding=1), nn.ReLU()),
            Layer("conv2d", nn.Conv2d(384, 256, 3, padding=1), nn.ReLU()),
            Layer("conv2d", nn.Conv2d(256, 256, 3, padding=1), nn.ReLU()),
            Layer("maxpool2d", nn.MaxPool2d(3, stride=2)),
            Layer("flatten", nn.Flatten()),
            Layer("dropout", nn.Dropout(0.5)),
            Layer("dense", nn.Linear(256 * 6 * 6, 4096), nn.ReLU()),
            Layer("dropout", nn.Dropout(0.5)),
            Layer("dense", nn.Linear(4096, 4096), nn.ReLU()),
            Layer("dense", nn.Linear(4096, 1000)),
        ],
        """\
# AlexNet as in torchvision: stride-4 11x11 first layer, overlapping 3x3 max pooling.
model AlexNet {
  input [3, 224, 224]
  conv2d(64, 11, stride: 4, padding: 2, activation: relu)
  maxpool2d(3, stride: 2)
  conv2d(192, 5, padding: 2, activation: relu)
  maxpool2d(3, stride: 2)
  conv2d(384, 3, padding: 1, activation: relu)
  conv2d(256, 3, padding: 1, activation: relu)
  conv2d(256, 3, padding: 1, activation: relu)
  maxpool2d(3, stride: 2)
  flatten()
  dropout(0.5)
  dense(4096, activation: relu)
  dropout(0.5)
  dense(4096, activation: relu)
  dense(1000)
}
""",
    )


def tiny_resnet():
    def basic_block(channels):
        return [
            Residual([
                Layer("conv2d", nn.Conv2d(channels, channels, 3, padding="same", bias=False)),
                Layer("batchnorm", nn.BatchNorm2d(channels)),
                Layer("relu", nn.ReLU()),
                Layer("conv2d", nn.Conv2d(channels, channels, 3, padding="same", bias=False)),
                Layer("batchnorm", nn.BatchNorm2d(channels)),
            ]),
            Layer("relu", nn.ReLU()),
        ]

    return Architecture(
        "TinyResNet", "tiny-resnet.dlmodel", [3, 32, 32],
        [
            Layer("conv2d", nn.Conv2d(3, 16, 3, padding=1, bias=False)),
            Layer("batchnorm", nn.BatchNorm2d(16)),
            Layer("relu", nn.ReLU()),
            *repeat(2, lambda: basic_block(16)),
            Residual(
                [
                    Layer("conv2d", nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)),
                    Layer("batchnorm", nn.BatchNorm2d(32)),
                    Layer("relu", nn.ReLU()),
                    Layer("conv2d", nn.Conv2d(32, 32, 3, padding=1, bias=False)),
                    Layer("batchnorm", nn.BatchNorm2d(32)),
                ],
                shortcut=[
                    Layer("conv2d", nn.Conv2d(16, 32, 1, stride=2)),
                    Layer("batchnorm", nn.BatchNorm2d(32)),
                ],
            ),
            Layer("relu", nn.ReLU()),
            Layer("globalavgpool2d", nn.AdaptiveAvgPool2d(1), nn.Flatten()),
            Layer("dense", nn.Linear(32, 10)),
        ],
        """\
# A small ResNet (He et al., 2016): a stem, two identity basic blocks, one downsampling block
# whose shortcut is a strided 1x1 convolution, global average pooling and a classifier.
model TinyResNet {
  input [3, 32, 32]
  conv2d(16, 3, padding: 1, bias: false)
  batchnorm()
  relu()
  repeat 2 {
    residual {
      conv2d(16, 3, padding: same, bias: false)
      batchnorm()
      relu()
      conv2d(16, 3, padding: same, bias: false)
      batchnorm()
    }
    relu()
  }
  residual {
    conv2d(32, 3, stride: 2, padding: 1, bias: false)
    batchnorm()
    relu()
    conv2d(32, 3, padding: 1, bias: false)
    batchnorm()
  } shortcut {
    conv2d(32, 1, stride: 2)
    batchnorm()
  }
  relu()
  globalavgpool2d()
  dense(10)
}
""",
    )


def sequence_mlp():
    return Architecture(
        "SequenceMLP", "sequence-mlp.dlmodel", [10, 32],
        [
            Layer("dense", nn.Linear(32, 64), nn.ReLU()),
            Layer("layernorm", nn.LayerNorm(64)),
            Layer("dense", nn.Linear(64, 16, bias=False)),
            Layer("flatten", nn.Flatten()),
            Layer("dense", nn.Linear(10 * 16, 3), nn.Softmax(dim=-1)),
        ],
        """\
# dense on a rank-2 input acts on the last axis, position by position (as torch.nn.Linear does).
model SequenceMLP {
  input [10, 32]
  dense(64, activation: relu)
  layernorm()
  dense(16, bias: false)
  flatten()
  dense(3, activation: softmax)
}
""",
    )


def conv_geometry():
    return Architecture(
        "ConvGeometry", "conv-geometry.dlmodel", [3, 32, 40],
        [
            Layer("conv2d", nn.Conv2d(3, 8, (3, 5))),
            Layer("conv2d", nn.Conv2d(8, 8, 3, stride=(2, 1), padding=1)),
            Layer("conv2d", nn.Conv2d(8, 8, 3, dilation=2)),
            Layer("conv2d", nn.Conv2d(8, 8, 3, padding=(1, 2))),
            Layer("conv2d", nn.Conv2d(8, 8, 3, padding="same", dilation=2)),
            Layer("conv2d", nn.Conv2d(8, 8, (3, 5), padding="same"), nn.ReLU()),
            Layer("conv2d", nn.Conv2d(8, 8, (1, 3), dilation=(1, 2), padding=0)),
            Layer("conv2d", nn.Conv2d(8, 4, 1, bias=False)),
            Layer("conv2d", nn.Conv2d(4, 6, (2, 4), stride=(1, 3), padding=(0, 1))),
            Layer("flatten", nn.Flatten()),
            Layer("dense", nn.Linear(6 * 10 * 10, 10)),
        ],
        """\
# Window arithmetic on a non-square input: rectangular kernels, per-axis stride, padding and
# dilation, `same` and `valid` padding.
model ConvGeometry {
  input [3, 32, 40]
  conv2d(8, [3, 5])
  conv2d(8, 3, stride: [2, 1], padding: 1)
  conv2d(8, 3, dilation: 2)
  conv2d(8, 3, padding: [1, 2])
  conv2d(8, 3, padding: same, dilation: 2)
  conv2d(8, [3, 5], padding: same, activation: relu)
  conv2d(8, [1, 3], dilation: [1, 2], padding: valid)
  conv2d(4, 1, bias: false)
  conv2d(6, [2, 4], stride: [1, 3], padding: [0, 1])
  flatten()
  dense(10)
}
""",
    )


def pooling():
    return Architecture(
        "Pooling", "pooling.dlmodel", [2, 17, 23],
        [
            Layer("conv2d", nn.Conv2d(2, 4, 3, padding="same"), nn.ReLU()),
            Layer("maxpool2d", nn.MaxPool2d(2)),
            Layer("avgpool2d", nn.AvgPool2d(3, stride=1, padding=1)),
            Layer("maxpool2d", nn.MaxPool2d(3, stride=2, padding=1)),
            Layer("avgpool2d", nn.AvgPool2d((2, 3))),
            Layer("maxpool2d", nn.MaxPool2d(2, stride=1, padding=(1, 0))),
            Layer("globalavgpool2d", nn.AdaptiveAvgPool2d(1), nn.Flatten()),
            Layer("dense", nn.Linear(4, 3)),
        ],
        """\
# Pooling on odd sizes (outputs round down), with padding, explicit and per-axis strides.
model Pooling {
  input [2, 17, 23]
  conv2d(4, 3, padding: same, activation: relu)
  maxpool2d(2)
  avgpool2d(3, stride: 1, padding: 1)
  maxpool2d(3, stride: 2, padding: 1)
  avgpool2d([2, 3])
  maxpool2d(2, stride: 1, padding: [1, 0])
  globalavgpool2d()
  dense(3)
}
""",
    )


def normalization():
    return Architecture(
        "Normalization", "normalization.dlmodel", [3, 16, 16],
        [
            Layer("conv2d", nn.Conv2d(3, 8, 3, bias=False)),
            Layer("batchnorm", nn.BatchNorm2d(8)),
            Layer("relu", nn.ReLU()),
            Layer("layernorm", nn.LayerNorm(14)),
            Layer("maxpool2d", nn.MaxPool2d(2)),
            Layer("flatten", nn.Flatten()),
            Layer("dropout", nn.Dropout(0.25)),
            Layer("dense", nn.Linear(8 * 7 * 7, 32, bias=False)),
            Layer("batchnorm", nn.BatchNorm1d(32, eps=1e-3, momentum=0.01)),
            Layer("relu", nn.ReLU()),
            Layer("layernorm", nn.LayerNorm(32)),
            Layer("dropout", nn.Dropout(0.5)),
            Layer("dense", nn.Linear(32, 10)),
        ],
        """\
# batchnorm after a convolution ([C, H, W], per channel) and after a dense layer ([C]);
# layernorm over the last axis (of an image: its width); dropout.
model Normalization {
  input [3, 16, 16]
  conv2d(8, 3, bias: false)
  batchnorm()
  relu()
  layernorm()
  maxpool2d(2)
  flatten()
  dropout(0.25)
  dense(32, bias: false)
  batchnorm(momentum: 0.01, eps: 1e-3)
  relu()
  layernorm()
  dropout(0.5)
  dense(10)
}
""",
    )


def token_mlp():
    return Architecture(
        "TokenMLP", "token-mlp.dlmodel", [16],
        [
            Layer("embedding", nn.Embedding(100, 32)),
            Layer("flatten", nn.Flatten()),
            Layer("dense", nn.Linear(16 * 32, 64), nn.GELU()),
            Layer("dense", nn.Linear(64, 10)),
        ],
        """\
# 16 integer tokens from a vocabulary of 100, embedded in 32 dimensions, then an MLP.
model TokenMLP {
  input [16]
  embedding(100, 32)
  flatten()
  dense(64, activation: gelu)
  dense(10)
}
""",
        token_vocab=100,
    )


def token_sequence():
    return Architecture(
        "TokenSequence", "token-sequence.dlmodel", [12],
        [
            Layer("embedding", nn.Embedding(50, 8)),
            Layer("layernorm", nn.LayerNorm(8)),
            Layer("dense", nn.Linear(8, 24), nn.Tanh()),
            Layer("dense", nn.Linear(24, 4)),
            Layer("flatten", nn.Flatten()),
            Layer("dropout", nn.Dropout(0.1)),
            Layer("dense", nn.Linear(12 * 4, 50)),
        ],
        """\
# An embedding followed by position-wise dense layers on the [T, dim] sequence, then a head.
model TokenSequence {
  input [12]
  embedding(50, 8)
  layernorm()
  dense(24, activation: tanh)
  dense(4)
  flatten()
  dropout(0.1)
  dense(50)
}
""",
        token_vocab=50,
    )


def nested_repeat():
    def inner():
        return [Layer("dense", nn.Linear(20, 20), nn.ReLU())]

    def outer():
        return [*repeat(3, inner), Layer("dropout", nn.Dropout(0.1))]

    return Architecture(
        "NestedRepeat", "nested-repeat.dlmodel", [20],
        [
            *repeat(2, outer),
            Layer("dense", nn.Linear(20, 5)),
        ],
        """\
# Nested repeat: 2 x (3 dense layers + dropout); every copy has its own parameters.
model NestedRepeat {
  input [20]
  repeat 2 {
    repeat 3 { dense(20, activation: relu) }
    dropout(0.1)
  }
  dense(5)
}
""",
    )


def residual_mlp():
    def block():
        return [
            Residual([
                Layer("dense", nn.Linear(32, 32), nn.ReLU()),
                Layer("dense", nn.Linear(32, 32, bias=False)),
            ]),
            Layer("relu", nn.ReLU()),
        ]

    return Architecture(
        "ResidualMLP", "residual-mlp.dlmodel", [16],
        [
            Layer("dense", nn.Linear(16, 32)),
            *repeat(3, block),
            Residual(
                [Layer("dense", nn.Linear(32, 8), nn.ReLU()), Layer("dense", nn.Linear(8, 8))],
                shortcut=[Layer("dense", nn.Linear(32, 8, bias=False))],
            ),
            Layer("dense", nn.Linear(8, 2)),
        ],
        """\
# Residual blocks on vectors inside a repeat, and a projecting dense shortcut.
model ResidualMLP {
  input [16]
  dense(32)
  repeat 3 {
    residual {
      dense(32, activation: relu)
      dense(32, bias: false)
    }
    relu()
  }
  residual {
    dense(8, activation: relu)
    dense(8)
  } shortcut {
    dense(8, bias: false)
  }
  dense(2)
}
""",
    )


def activations():
    return Architecture(
        "Activations", "activations.dlmodel", [8],
        [
            Layer("dense", nn.Linear(8, 8), nn.ReLU()),
            Layer("dense", nn.Linear(8, 8), nn.Tanh()),
            Layer("dense", nn.Linear(8, 8), nn.Sigmoid()),
            Layer("dense", nn.Linear(8, 8), nn.GELU()),
            Layer("dense", nn.Linear(8, 8), nn.ELU()),
            Layer("dense", nn.Linear(8, 8), nn.LeakyReLU(0.01)),
            Layer("dense", nn.Linear(8, 8), nn.Softplus()),
            Layer("dense", nn.Linear(8, 8), nn.Identity()),
            Layer("dense", nn.Linear(8, 8), nn.Softmax(dim=-1)),
            Layer("relu", nn.ReLU()),
            Layer("tanh", nn.Tanh()),
            Layer("sigmoid", nn.Sigmoid()),
            Layer("softmax", nn.Softmax(dim=-1)),
            Layer("gelu", nn.GELU()),
            Layer("elu", nn.ELU()),
            Layer("elu", nn.ELU(alpha=0.5)),
            Layer("leaky_relu", nn.LeakyReLU()),
            Layer("leaky_relu", nn.LeakyReLU(0.2)),
            Layer("softplus", nn.Softplus()),
            Layer("linear", nn.Identity()),
            Layer("dense", nn.Linear(8, 4)),
        ],
        """\
# Every activation, first as an `activation:` argument (part of its dense layer), then as a
# layer of its own (a separate entry with no parameters).
model Activations {
  input [8]
  dense(8, activation: relu)
  dense(8, activation: tanh)
  dense(8, activation: sigmoid)
  dense(8, activation: gelu)
  dense(8, activation: elu)
  dense(8, activation: leaky_relu)
  dense(8, activation: softplus)
  dense(8, activation: linear)
  dense(8, activation: softmax)
  relu()
  tanh()
  sigmoid()
  softmax()
  gelu()
  elu()
  elu(alpha: 0.5)
  leaky_relu()
  leaky_relu(slope: 0.2)
  softplus()
  linear()
  dense(4)
}
""",
    )


def spirals():
    return Architecture(
        "Spirals", "spirals.dlmodel", [2],
        [
            Layer("dense", nn.Linear(2, 16), nn.ReLU()),
            Layer("dense", nn.Linear(16, 16), nn.Tanh()),
            Layer("dense", nn.Linear(16, 3)),
            Layer("softmax", nn.Softmax(dim=-1)),
        ],
        """\
# The first example of the language specification (model only).
model Spirals {
  input [2]
  hidden1 = dense(16, activation: relu)
  hidden2 = dense(16, activation: tanh)
  dense(3)
  softmax()
}
""",
    )


def signal_cnn():
    return Architecture(
        "SignalCnn", "signal-cnn.dlmodel", [2, 100],
        [
            Layer("conv1d", nn.Conv1d(2, 16, 7, padding=3), nn.ReLU()),
            Layer("maxpool1d", nn.MaxPool1d(2)),
            Layer("conv1d", nn.Conv1d(16, 16, 5, padding=2, groups=16, bias=False)),
            Layer("conv1d", nn.Conv1d(16, 32, 1), nn.ReLU()),
            Layer("avgpool1d", nn.AvgPool1d(3, stride=2, padding=1)),
            Layer("conv1d", nn.Conv1d(32, 32, 3, stride=2, dilation=2, groups=4)),
            Layer("maxpool1d", nn.MaxPool1d(3, stride=1, padding=1)),
            Layer("globalavgpool1d", nn.AdaptiveAvgPool1d(1), nn.Flatten()),
            Layer("dense", nn.Linear(32, 4)),
        ],
        """\
# 1-D convolutions over [channels, length]: same padding, depthwise and grouped, strided and
# dilated, max and average pooling, the global average.
model SignalCnn {
  input [2, 100]
  conv1d(16, 7, padding: same, activation: relu)
  maxpool1d(2)
  conv1d(16, 5, padding: 2, groups: 16, bias: false)
  conv1d(32, 1, activation: relu)
  avgpool1d(3, stride: 2, padding: 1)
  conv1d(32, 3, stride: 2, dilation: 2, groups: 4)
  maxpool1d(3, stride: 1, padding: 1)
  globalavgpool1d()
  dense(4)
}
""",
    )


def mobile_decoder():
    return Architecture(
        "MobileDecoder", "mobile-decoder.dlmodel", [3, 16, 20],
        [
            Layer("conv2d", nn.Conv2d(3, 12, 3, stride=2, padding=1), nn.ReLU()),
            Layer("conv2d", nn.Conv2d(12, 12, 3, padding=1, groups=12, bias=False)),
            Layer("conv2d", nn.Conv2d(12, 24, 1), nn.ReLU()),
            Layer("conv2d", nn.Conv2d(24, 24, (3, 5), padding="same", groups=6)),
            Layer("conv_transpose2d", nn.ConvTranspose2d(24, 8, 2, stride=2), nn.ReLU()),
            Layer("conv_transpose2d", nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1, output_padding=1, bias=False)),
            Layer("upsample", nn.Upsample(scale_factor=2.0, mode="nearest")),
            Layer("conv_transpose2d", nn.ConvTranspose2d(6, 4, (3, 2), stride=(1, 2), padding=(1, 0), output_padding=(0, 1))),
            Layer("upsample", nn.Upsample(scale_factor=(1.0, 3.0), mode="bilinear", align_corners=False)),
            Layer("conv2d", nn.Conv2d(4, 1, 1), nn.Sigmoid()),
        ],
        """\
# A MobileNet-style encoder (depthwise and grouped convolutions) and a decoder that grows the image
# back with transposed convolutions (stride, padding, output_padding) and upsampling.
model MobileDecoder {
  input [3, 16, 20]
  conv2d(12, 3, stride: 2, padding: 1, activation: relu)
  conv2d(12, 3, padding: 1, groups: 12, bias: false)
  conv2d(24, 1, activation: relu)
  conv2d(24, [3, 5], padding: same, groups: 6)
  conv_transpose2d(8, 2, stride: 2, activation: relu)
  conv_transpose2d(6, 3, stride: 2, padding: 1, output_padding: 1, bias: false)
  upsample(2)
  conv_transpose2d(4, [3, 2], stride: [1, 2], padding: [1, 0], output_padding: [0, 1])
  upsample([1, 3], mode: bilinear)
  conv2d(1, 1, activation: sigmoid)
}
""",
    )


ARCHITECTURES = [
    lenet5, vgg16, alexnet, tiny_resnet, sequence_mlp, conv_geometry, pooling, normalization,
    token_mlp, token_sequence, nested_repeat, residual_mlp, activations, spirals, signal_cnn,
    mobile_decoder,
]


# ---------------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------------

BATCH = 2


def dlmodel_entries(modules):
    """The entries `dlmodel check --json` lists for these modules, in order: a Layer is one entry;
    a Residual is its body entries, then its shortcut entries, then one `add` entry."""
    entries = []
    for module in modules:
        if isinstance(module, Layer):
            entries.append(("layer", module))
        elif isinstance(module, Residual):
            entries.extend(dlmodel_entries(module.body))
            if module.shortcut is not None:
                entries.extend(dlmodel_entries(module.shortcut))
            entries.append(("add", module))
        else:
            raise TypeError(f"unexpected top-level module {type(module).__name__}")
    return entries


def pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def module_macs(module, output_shape, input_shape):
    """MACs for one sample of a Linear or a convolution, from its attributes and its observed shapes.
    A transposed convolution multiplies every input position by all its weights (Cin·Cout·k_h·k_w·H·W)."""
    if isinstance(module, nn.Linear):
        positions = math.prod(output_shape[:-1])
        return module.in_features * module.out_features * positions
    if isinstance(module, nn.Conv2d):
        kh, kw = pair(module.kernel_size)
        _, h_out, w_out = output_shape
        return module.out_channels * (module.in_channels // module.groups) * kh * kw * h_out * w_out
    if isinstance(module, nn.Conv1d):
        _, l_out = output_shape
        return module.out_channels * (module.in_channels // module.groups) * module.kernel_size[0] * l_out
    if isinstance(module, nn.ConvTranspose2d):
        kh, kw = pair(module.kernel_size)
        _, h_in, w_in = input_shape
        return module.in_channels * (module.out_channels // module.groups) * kh * kw * h_in * w_in
    return 0


def non_trainable_count(module):
    """Batch-norm running mean and variance (not num_batches_tracked: the spec counts 2C)."""
    count = 0
    for sub in module.modules():
        if isinstance(sub, nn.modules.batchnorm._BatchNorm):
            count += sub.running_mean.numel() + sub.running_var.numel()
    return count


def measure(arch):
    model = arch.model
    model.eval()  # dropout off, batch norm uses running statistics; shapes are unaffected
    shapes = {}
    input_shapes = {}

    def remember(module, inputs, output):
        shapes[id(module)] = list(output.shape[1:])
        input_shapes[id(module)] = list(inputs[0].shape[1:])

    hooks = [m.register_forward_hook(remember) for m in model.modules()]
    generator = torch.Generator().manual_seed(0)
    if arch.token_vocab is not None:
        x = torch.randint(0, arch.token_vocab, (BATCH, *arch.input_shape), generator=generator)
    else:
        x = torch.randn((BATCH, *arch.input_shape), generator=generator)
    with torch.no_grad():
        y = model(x)
    for hook in hooks:
        hook.remove()
    if y.shape[0] != BATCH:
        raise AssertionError(f"{arch.name}: the batch dimension was lost")

    layers = []
    for role, module in dlmodel_entries(model):
        if role == "add":
            layers.append({"kind": "add", "outputShape": shapes[id(module)], "trainableParams": 0,
                           "nonTrainableParams": 0, "macs": 0})
            continue
        params = list(module.parameters())
        if not all(p.requires_grad for p in params):
            raise AssertionError(f"{arch.name}: a frozen parameter in {module.kind}")
        macs = sum(module_macs(sub, shapes[id(sub)], input_shapes[id(sub)]) for sub in module.modules())
        layers.append({
            "kind": module.kind,
            "outputShape": shapes[id(module)],
            "trainableParams": sum(p.numel() for p in params),
            "nonTrainableParams": non_trainable_count(module),
            "macs": macs,
        })

    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    non_trainable = non_trainable_count(model)
    if trainable != sum(l["trainableParams"] for l in layers) or non_trainable != sum(l["nonTrainableParams"] for l in layers):
        raise AssertionError(f"{arch.name}: per-layer parameter counts do not add up")
    return {
        "name": arch.name,
        "file": arch.file,
        "input": arch.input_shape,
        "output": list(y.shape[1:]),
        "trainableParams": trainable,
        "nonTrainableParams": non_trainable,
        "totalParams": trainable + non_trainable,
        "macs": sum(l["macs"] for l in layers),
        "layers": layers,
    }


# ---------------------------------------------------------------------------------------------
# Writing. One layer per line keeps the JSON readable and its diffs small.
# ---------------------------------------------------------------------------------------------


def compact(value):
    return json.dumps(value, separators=(", ", ": "))


def render(models):
    lines = ["{", f'  "generator": {compact(GENERATOR)},', f'  "torch": {compact(torch.__version__)},', '  "models": [']
    for i, model in enumerate(models):
        lines.append("    {")
        for key in ("name", "file", "input", "output", "trainableParams", "nonTrainableParams", "totalParams", "macs"):
            lines.append(f'      "{key}": {compact(model[key])},')
        lines.append('      "layers": [')
        for j, layer in enumerate(model["layers"]):
            lines.append("        " + compact(layer) + ("," if j + 1 < len(model["layers"]) else ""))
        lines.append("      ]")
        lines.append("    }" + ("," if i + 1 < len(models) else ""))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    torch.manual_seed(0)
    os.makedirs(OUT_DIR, exist_ok=True)
    models = []
    names = set()
    for build in ARCHITECTURES:
        arch = build()
        if arch.name in names or arch.dlmodel.count(f"model {arch.name} {{") != 1:
            raise AssertionError(f"{arch.name}: duplicate name or .dlmodel text without `model {arch.name} {{`")
        names.add(arch.name)
        models.append(measure(arch))
        header = f"# Generated by {GENERATOR} from its PyTorch twin; edit the script, not this file.\n"
        with open(os.path.join(OUT_DIR, arch.file), "w", encoding="utf-8", newline="\n") as f:
            f.write(header + arch.dlmodel)
    with open(os.path.join(OUT_DIR, "reference.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(render(models))
    for m in models:
        print(f"{m['name']:<14} params {m['totalParams']:>11,} (trainable {m['trainableParams']:,}, "
              f"non-trainable {m['nonTrainableParams']:,})  MACs {m['macs']:>14,}  {m['input']} -> {m['output']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
