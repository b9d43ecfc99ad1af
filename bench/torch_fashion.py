"""PyTorch reference for the Fashion-MNIST rows of bench/fashion-bench.ts: the same training as
`dlmodel train` on the first N images of Debian's dataset-fashion-mnist (a seeded 80/20 split, the
model, Adam, batch 64, the epochs), in a plain script: read the gzip IDX files, scale to [0, 1],
train, evaluate the held-out part once per epoch. Prints {"seconds": whole run, "train_seconds":
the epochs only, "val_accuracy": last}.

Usage: python3 bench/torch_fashion.py FOLDER mlp|cnn EPOCHS LIMIT THREADS
"""
import gzip
import json
import sys
import time

start = time.perf_counter()
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder, kind, epochs, limit, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(0)


def idx(path, header):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


images = idx(f'{folder}/train-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28)[:limit]
labels = idx(f'{folder}/train-labels-idx1-ubyte.gz', 8)[:limit]
x = torch.from_numpy(images.astype(np.float32) / 255.0)
y = torch.from_numpy(labels.astype(np.int64))
order = torch.randperm(limit)
cut = int(limit * 0.8)
train_x, train_y = x[order[:cut]], y[order[:cut]]
val_x, val_y = x[order[cut:]], y[order[cut:]]

if kind == 'mlp':
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
else:
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
train_start = time.perf_counter()
accuracy = 0.0
for epoch in range(epochs):
    model.train()
    perm = torch.randperm(cut)
    for b in range(0, cut, 64):
        batch = perm[b:b + 64]
        loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        correct = 0
        for b in range(0, len(val_y), 256):
            correct += (model(val_x[b:b + 256]).argmax(1) == val_y[b:b + 256]).sum().item()
        accuracy = correct / len(val_y)
end = time.perf_counter()
print(json.dumps({'seconds': end - start, 'train_seconds': end - train_start, 'val_accuracy': accuracy}))
