#!/usr/bin/python3
"""PyTorch reference values for core/inspect (PCA, Procrustes, loss landscapes).

Writes test/fixtures/torch/inspect.json. Run with Debian's PyTorch (no network; deterministic):

    /usr/bin/python3 scripts/reference/inspect_fixtures.py

Every reference is computed by a method independent of the TypeScript one:
  * eigh       torch.linalg.eigh in float64 (the TypeScript side uses tred2 + tql2).
  * pca        SVD of the centred data in float64 (the TypeScript side decomposes the covariance or
               the Gram matrix). Variances are S^2/(n-1). Signs follow the TypeScript convention:
               in each component the entry of largest magnitude is positive.
  * procrustes R = U V^T from the SVD of A^T B (and the proper-rotation variant, det R = +1).
  * filter     Li et al. 2018's filter normalisation written the way their code does it, on
               PyTorch-layout tensors: every filter (a row of a Linear weight, an output filter
               of a Conv2d) of the direction is scaled to the norm of the same filter of the
               weights, d * |w| / (|d| + 1e-10); 1-D parameters (biases, batch-norm) are zeroed.
  * landscape  an MLP evaluated by torch.nn in float32 at theta + a*dx + b*dy on a 5x5 grid.

`--fit-tanh` writes nothing: it prints the coefficients of core/inspect/fast-tanh.ts, a rational
minimax fit of tanh (relative error) made with numpy and mpmath.

Tensors are {"shape", "data"} with data flat and row-major; data drawn in float32 are written as
their exact float32 values. Layouts are PyTorch's (Linear weight [out, in]).
"""

import json
import os
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "torch", "inspect.json")

torch.set_num_threads(1)


def gen(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode("utf-8")))


def T(t):
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32):
        return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()]}
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def orient(components):
    """Rows with the entry of largest magnitude made positive (first on ties), and the signs used."""
    signs = []
    for row in components:
        index = int(torch.argmax(row.abs()))  # argmax returns the first maximum
        signs.append(-1.0 if row[index] < 0 else 1.0)
    signs = torch.tensor(signs, dtype=components.dtype)
    return components * signs[:, None], signs


# ---------------------------------------------------------------------------------------------
# Symmetric eigen-decomposition and PCA.
# ---------------------------------------------------------------------------------------------


def eigh_cases():
    cases = []
    g = gen("eigh_random")
    a = torch.randn(6, 6, generator=g, dtype=torch.float64)
    cases.append(("random_6", (a + a.T) / 2))
    g = gen("eigh_repeated")
    q, _ = torch.linalg.qr(torch.randn(7, 7, generator=g, dtype=torch.float64))
    values = torch.tensor([3.0, 3.0, 1.0, 0.5, 0.5, 0.0, -2.0], dtype=torch.float64)
    cases.append(("repeated_7", q @ torch.diag(values) @ q.T))
    g = gen("eigh_covariance")
    x = torch.randn(80, 40, generator=g, dtype=torch.float64) @ torch.randn(40, 40, generator=g, dtype=torch.float64)
    cases.append(("covariance_40", x.T @ x / 79))
    out = []
    for name, m in cases:
        m = (m + m.T) / 2
        w, v = torch.linalg.eigh(m)
        order = torch.argsort(w, descending=True)
        out.append({"name": name, "matrix": T(m), "values": T(w[order])})
    return out


def pca_case(name, x, k):
    x64 = x.to(torch.float64)
    n = x64.shape[0]
    centred = x64 - x64.mean(0)
    u, s, vh = torch.linalg.svd(centred, full_matrices=False)
    variances = s**2 / max(n - 1, 1)
    total = float((centred**2).sum() / max(n - 1, 1))
    components, signs = orient(vh[:k])
    projections = centred @ components.T
    # Cross-check against the covariance route before writing anything.
    w = torch.linalg.eigvalsh(centred.T @ centred / max(n - 1, 1)).flip(0)
    assert torch.allclose(w[:k], variances[:k], rtol=1e-9, atol=1e-12), name
    return {
        "name": name,
        "rows": n,
        "cols": x.shape[1],
        "k": k,
        "data": T(x),
        "mean": T(x64.mean(0)),
        "variances": T(variances[:k]),
        "total_variance": total,
        "explained_variance_ratio": T(variances[:k] / total),
        "components": T(components),
        "projections": T(projections),
    }


def pca_cases():
    cases = []
    g = gen("pca_correlated")
    base = torch.randn(300, 2, generator=g, dtype=torch.float32)
    mix = torch.tensor([[2.0, 0.5, -1.0, 0.3, 0.0], [0.0, 1.0, 0.4, -0.8, 0.2]], dtype=torch.float32)
    x = base @ mix + 0.05 * torch.randn(300, 5, generator=g, dtype=torch.float32) + torch.tensor([1.0, -2.0, 3.0, 0.5, 10.0])
    cases.append(pca_case("correlated_300x5", x, 3))
    g = gen("pca_activations")
    x = torch.tanh(torch.randn(120, 6, generator=g) @ torch.randn(6, 40, generator=g))
    cases.append(pca_case("activations_120x40", x, 3))
    g = gen("pca_wide")
    x = torch.randn(12, 60, generator=g) + torch.linspace(0, 5, 12)[:, None] * torch.randn(1, 60, generator=g)
    cases.append(pca_case("wide_12x60", x, 3))
    return cases


def procrustes_cases():
    out = []
    g = gen("procrustes")
    for name, k, proper in [("reflection_allowed_3", 3, False), ("rotation_only_3", 3, True), ("rotation_only_2", 2, True)]:
        a = torch.randn(50, k, generator=g, dtype=torch.float64)
        b = torch.randn(50, k, generator=g, dtype=torch.float64) + 0.8 * a @ torch.linalg.qr(torch.randn(k, k, generator=g, dtype=torch.float64))[0]
        u, s, vh = torch.linalg.svd(a.T @ b)
        if proper and torch.det(u @ vh) < 0:
            u[:, -1] = -u[:, -1]
        r = u @ vh
        out.append({"name": name, "rows": 50, "k": k, "allow_reflection": not proper, "source": T(a), "reference": T(b), "rotation": T(r), "residual": float(torch.linalg.norm(a @ r - b))})
    return out


# ---------------------------------------------------------------------------------------------
# Filter normalisation and a small landscape.
# ---------------------------------------------------------------------------------------------


class ConvNet(nn.Module):
    DLMODEL = """model FilterNet {
  input [2, 6, 6]
  conv2d(3, 3, padding: same, activation: relu)
  batchnorm()
  flatten()
  dense(4, activation: tanh)
  dense(2)
}
"""
    NAMES = ["conv2d_1", "batchnorm_1", "dense_1", "dense_2"]

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.Linear(108, 4), nn.Linear(4, 2)])


def normalise_filters(direction, weights):
    """Li et al.'s normalize_directions_for_weights(direction, weights, 'filter', 'biasbn')."""
    out = []
    for d, w in zip(direction, weights):
        d = d.clone()
        if d.dim() <= 1:
            d.fill_(0)
        else:
            for df, wf in zip(d, w):
                df.mul_(wf.norm() / (df.norm() + 1e-10))
        out.append(d)
    return out


def filter_case():
    g = gen("filter")
    net = ConvNet()
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5)
    weights = [p.detach().clone() for p in net.parameters()]
    raw = [torch.randn(p.shape, generator=g) for p in net.parameters()]
    normalised = normalise_filters(raw, weights)
    names = [f"{layer}.{kind}" for layer in ConvNet.NAMES for kind in ("weight", "bias")]
    return {
        "dlmodel": ConvNet.DLMODEL,
        "names": names,
        "params": {n: T(w) for n, w in zip(names, weights)},
        "raw": {n: T(d) for n, d in zip(names, raw)},
        "normalised": {n: T(d) for n, d in zip(names, normalised)},
    }


LANDSCAPE_DLMODEL = """model LandscapeMLP {
  input [2]
  dense(8, activation: relu)
  dense(8, activation: tanh)
  dense(3)
  softmax()
}
"""


def landscape_case():
    g = gen("landscape")
    layers = [nn.Linear(2, 8), nn.Linear(8, 8), nn.Linear(8, 3)]
    names = ["dense_1", "dense_2", "dense_3"]
    params = {}
    for name, layer in zip(names, layers):
        with torch.no_grad():
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=g))
            layer.bias.copy_(torch.randn(layer.bias.shape, generator=g) * 0.3)
        params[f"{name}.weight"] = layer.weight.detach().clone()
        params[f"{name}.bias"] = layer.bias.detach().clone()
    x = torch.randn(40, 2, generator=g) * 1.5
    y = torch.randint(0, 3, (40,), generator=g)
    dx = {k: torch.randn(v.shape, generator=g) * 0.5 for k, v in params.items()}
    dy = {k: torch.randn(v.shape, generator=g) * 0.5 for k, v in params.items()}
    axis = [-1.0, -0.5, 0.0, 0.5, 1.0]
    losses = []
    for b in axis:  # rows: the y axis (beta); columns: the x axis (alpha)
        row = []
        for a in axis:
            with torch.no_grad():
                for name, layer in zip(names, layers):
                    layer.weight.copy_(params[f"{name}.weight"] + a * dx[f"{name}.weight"] + b * dy[f"{name}.weight"])
                    layer.bias.copy_(params[f"{name}.bias"] + a * dx[f"{name}.bias"] + b * dy[f"{name}.bias"])
                h = torch.relu(layers[0](x))
                h = torch.tanh(layers[1](h))
                row.append(float(F.cross_entropy(layers[2](h), y)))
        losses.append(row)
    return {
        "dlmodel": LANDSCAPE_DLMODEL,
        "loss": "cross_entropy",
        "params": {k: T(v) for k, v in params.items()},
        "inputs": T(x),
        "targets": T(y),
        "dir_x": {k: T(v) for k, v in dx.items()},
        "dir_y": {k: T(v) for k, v in dy.items()},
        "axis": axis,
        "losses": losses,
    }


# ---------------------------------------------------------------------------------------------
# --fit-tanh: the coefficients of core/inspect/fast-tanh.ts.
# ---------------------------------------------------------------------------------------------


def fit_tanh(degree=4, limit=9.1, iterations=400, points=80000):
    """tanh x ~ x P(y)/Q(y), y = x^2, Q(0) = 1, minimising the maximum relative error on [0, limit].

    Lawson's iteratively reweighted least squares on the linearised problem P - g (Q - 1) = g with
    g = tanh(x)/x, weights 1/(g Q_previous) so that the residual is a relative error; the variable
    is scaled to s = y/limit^2 in [0, 1] for conditioning and the coefficients scaled back at the end.
    """
    import mpmath
    import numpy as np

    mpmath.mp.dps = 30
    xs = np.concatenate([np.linspace(0, limit, points)[1:], np.geomspace(1e-6, 0.5, 2000)])
    xs.sort()
    s = (xs / limit) ** 2
    f = np.array([float(mpmath.tanh(mpmath.mpf(x))) for x in xs])
    g = f / xs
    w = np.ones_like(xs)
    q_previous = np.ones_like(xs)
    best = None
    for _ in range(iterations):
        a = np.hstack([np.vander(s, degree + 1, increasing=True), -(g[:, None]) * np.vander(s, degree + 1, increasing=True)[:, 1:]])
        weights = w / (np.abs(g) * np.abs(q_previous))
        solution, *_ = np.linalg.lstsq(a * weights[:, None], g * weights, rcond=None)
        p = solution[: degree + 1]
        q = np.concatenate([[1], solution[degree + 1 :]])
        q_previous = np.polyval(q[::-1], s)
        error = np.abs((xs * np.polyval(p[::-1], s) / q_previous - f) / f)
        if best is None or error.max() < best[2]:
            best = (p.copy(), q.copy(), error.max())
        w = np.maximum(w * error**0.3 / (w * error**0.3).max(), 1e-30)
    p, q, error = best
    scale = np.array([limit ** (-2 * k) for k in range(degree + 1)])
    print(f"max relative error on [0, {limit}]: {error:.3e}")
    for name, coefficients in (("p", p * scale), ("q", q * scale)):
        for k, c in enumerate(coefficients):
            print(f"const {name}{k} = {float(c)!r};")


def main():
    fixture = {
        "generator": "scripts/reference/inspect_fixtures.py",
        "torch": torch.__version__,
        "eigh": eigh_cases(),
        "pca": pca_cases(),
        "procrustes": procrustes_cases(),
        "filter_normalisation": filter_case(),
        "landscape": landscape_case(),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    if "--fit-tanh" in sys.argv:
        fit_tanh()
    else:
        main()
