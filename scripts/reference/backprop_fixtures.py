#!/usr/bin/python3
"""PyTorch reference for the backpropagation step-through (issue 13 §3).

Writes test/fixtures/torch/backprop.json: for examples/xor.dlmodel and
examples/logistic-regression.dlmodel, what torch 1.13 computes for ONE training step on the first
training example, starting from dlmodel's own initial weights:

  * the example (input, target) and the initial weights (PyTorch names and layouts);
  * the loss and every parameter's gradient (autograd);
  * every parameter after each of 3 steps on that example, for the train block's optimizer
    ("file", built by the exported train.py) and for SGD, SGD with momentum 0.9 and Adam at the
    block's learning rate (PyTorch's defaults otherwise).

The model, the weights, the data and the split come from dlmodel's own PyTorch export, so nothing is
re-implemented here: `dlmodel export FILE --to pytorch` writes model.py, init.safetensors (the
initial weights dlmodel draws for the block's seed), data.safetensors and train.py, and the first
training example is train.py's split of that data (the same lines as train.main()).

Run after `npm run build` (it calls dist/cli.js), with Debian's PyTorch:

    /usr/bin/python3 scripts/reference/backprop_fixtures.py

Deterministic: two runs give byte-identical output.
"""

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "torch", "backprop.json")
CASES = {"xor": "examples/xor.dlmodel", "logistic-regression": "examples/logistic-regression.dlmodel"}
ITERATIONS = 3


def T(t):
    return [float(v) for v in t.detach().to(torch.float32).reshape(-1).tolist()]


def load_export(folder):
    """Imports the exported folder's modules afresh (each case has its own model.py and train.py)."""
    for name in ("model", "train", "dlmodel_support"):
        sys.modules.pop(name, None)
    sys.path.insert(0, folder)
    try:
        return importlib.import_module("dlmodel_support"), importlib.import_module("model"), importlib.import_module("train")
    finally:
        sys.path.remove(folder)


def first_example(dl, train, folder):
    streams = dl.run_streams(train.SEED)
    tensors, _ = dl.load_safetensors(os.path.join(folder, "data.safetensors"))
    (train_x, train_y), (val_x, _) = dl.split(tensors["inputs"], tensors["targets"], train.VALIDATION, streams["split"])
    if train.STANDARDIZE:
        (train_x, val_x), _, _ = dl.standardize(train_x, val_x)
    if train.CLASSES is not None:
        train_y = train_y.long()
    return train_x[:1], train_y[:1]


def fresh_model(dl, model_module, folder):
    classes = [v for v in vars(model_module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == "model"]
    model = classes[0]()
    dl.load_weights(model, os.path.join(folder, "init.safetensors"))
    model.train()
    return model


def loss_of(train, model, x, y):
    scores = model(x, logits=train.READS_LOGITS)
    return train.per_sample_loss(scores, y).sum() / train.loss_divisor(y)


def optimizers(train, lr):
    return {
        "file": train.make_optimizer,
        "sgd": lambda params: torch.optim.SGD(params, lr=lr),
        "momentum": lambda params: torch.optim.SGD(params, lr=lr, momentum=0.9),
        "adam": lambda params: torch.optim.Adam(params, lr=lr),
    }


def run_case(path):
    with tempfile.TemporaryDirectory() as workspace:
        # The CLI writes only inside its workspace: the example is copied into a fresh one.
        shutil.copy(os.path.join(ROOT, path), os.path.join(workspace, "model.dlmodel"))
        folder = os.path.join(workspace, "export")
        subprocess.run(["node", os.path.join(ROOT, "dist", "cli.js"), "export", "model.dlmodel", "--to", "pytorch", "--out", "export"], cwd=workspace, check=True, stdout=subprocess.DEVNULL)
        dl, model_module, train = load_export(folder)
        x, y = first_example(dl, train, folder)
        model = fresh_model(dl, model_module, folder)
        initial = {name: T(p) for name, p in model.named_parameters()}
        loss = loss_of(train, model, x, y)
        loss.backward()
        gradients = {name: T(p.grad) for name, p in model.named_parameters()}
        lr = train.make_optimizer(model.parameters()).param_groups[0]["lr"]
        steps = {}
        for key, make in optimizers(train, lr).items():
            model = fresh_model(dl, model_module, folder)
            optimizer = make(list(model.parameters()))
            after = []
            for _ in range(ITERATIONS):
                optimizer.zero_grad()
                loss_of(train, model, x, y).backward()
                optimizer.step()
                after.append({name: T(p) for name, p in model.named_parameters()})
            steps[key] = after
        return {"input": T(x), "target": [float(v) for v in y.reshape(-1).tolist()], "lr": lr, "initial": initial, "loss": float(loss), "gradients": gradients, "steps": steps}


def main():
    torch.set_num_threads(1)
    result = {"torch": torch.__version__, "iterations": ITERATIONS, "cases": {name: run_case(path) for name, path in CASES.items()}}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as file:
        json.dump(result, file, indent=1, sort_keys=True)
        file.write("\n")
    print("wrote", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
