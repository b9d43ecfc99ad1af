#!/usr/bin/python3
"""PyTorch reference values for the VAE loss (Kingma & Welling 2013) and its gradients.

A reference VAE written as a PyTorch user writes it (nn.Linear encoder to 2·z numbers,
mu, logvar = h.chunk(2, 1), z = mu + exp(logvar / 2)·eps, nn.Linear decoder, closing sigmoid),
never reading dlmodel's code. With a fixed eps (drawn here, written to the fixture) it records,
for each case, the loss reconstruction + beta·KL averaged over the batch, its two terms and the
gradient of every parameter, so test/core/nn/vae-loss.test.ts can hold dlmodel's forward pass,
loss and backward to them (1e-5). Cases: bce and mse reconstructions, beta 1 and 0.5.

    /usr/bin/python3 scripts/reference/vae_fixtures.py

Writes test/fixtures/torch/vae.json (deterministic: seeded generators, no network).
"""

import json
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures as tf  # noqa: E402

OUT = os.path.join(tf.OUT_DIR, "vae.json")
INPUT, HIDDEN, LATENT, ROWS = 6, 5, 2, 4


class ReferenceVae(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.enc1 = nn.Linear(INPUT, HIDDEN)
        self.enc2 = nn.Linear(HIDDEN, 2 * LATENT)
        self.dec1 = nn.Linear(LATENT, HIDDEN)
        self.dec2 = nn.Linear(HIDDEN, INPUT)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(tf.randn(g, *p.shape, scale=0.5))

    def forward(self, x, eps):
        h = self.enc2(torch.relu(self.enc1(x)))
        mu, logvar = h.chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * eps
        return self.dec2(torch.relu(self.dec1(z))), mu, logvar


def loss_terms(logits, x, mu, logvar, reconstruction):
    if reconstruction == "bce":
        rec = F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="sum")
    else:
        rec = F.mse_loss(torch.sigmoid(logits), x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return rec / x.shape[0], kl / x.shape[0]


def case(reconstruction, beta):
    name = "vae-%s-beta%s" % (reconstruction, beta)
    g = tf.gen(name)
    model = ReferenceVae(g)
    x = tf.uniform(g, ROWS, INPUT, low=0.0, high=1.0)
    eps = tf.randn(g, ROWS, LATENT)
    logits, mu, logvar = model(x, eps)
    rec, kl = loss_terms(logits, x, mu, logvar, reconstruction)
    loss = rec + beta * kl
    loss.backward()
    return {
        "name": name,
        "reconstruction": reconstruction,
        "beta": beta,
        "sizes": {"input": INPUT, "hidden": HIDDEN, "latent": LATENT, "rows": ROWS},
        "inputs": tf.T(x),
        "eps": tf.T(eps),
        # PyTorch layout (Linear weight [out, in]); the dlmodel twin names its layers enc1, enc2, dec1, dec2.
        "parameters": {n: tf.T(p) for n, p in model.named_parameters()},
        "loss": loss.item(),
        "terms": {"reconstruction": rec.item(), "kl": kl.item()},
        "grads": {n: tf.T(p.grad) for n, p in model.named_parameters()},
    }


def main():
    cases = [case("bce", 1.0), case("mse", 0.5)]
    with open(OUT, "w") as out:
        json.dump({"generator": "scripts/reference/vae_fixtures.py", "cases": cases}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
