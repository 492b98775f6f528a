#!/usr/bin/env python3
"""torch_ref.py — the bench_train workloads in PyTorch, for comparison.

usage: torch_ref.py [--runs N] [--threads N] [--device cpu|cuda] [workload ...]
       (workloads: seed mnist playground wide fashion)

Same models (Dense layers = nn.Linear, glorot-uniform kernels, zero biases), same optimizer (Adam
with Keras's defaults: lr 1e-3, betas 0.9/0.999, epsilon 1e-7), same loss (softmax cross-entropy
on integer labels), same batch size, same number of random samples, shuffled every epoch. As in
bench_train.c, one warm-up epoch sizes a run to about half a second of whole epochs and the median
of the runs counts. "fashion" is the course's 784-128-10 at batch 32 on 60,000 samples: the real
Fashion-MNIST training images when Debian's dataset-fashion-mnist is installed (read here with
gzip, scaled to 0..1, as the engine's nn_load_fashion_mnist reads them), else random data of that
shape.

Output: one tab-separated line per workload: name, samples/s, GFLOP/s (6 FLOPs per parameter per
sample), seconds per epoch.

With --device cuda the data and the model live on the GPU and each timed stretch ends with
torch.cuda.synchronize(), so that queued kernels are counted: the reference for the Vulkan engine
on a machine with an NVIDIA GPU.
"""
import argparse
import gzip
import os
import statistics
import sys
import time

import torch

WORKLOADS = [
    # name, widths (input first), hidden activation, batch, samples
    ("seed", [100, 64, 10], "relu", 32, 8192),
    ("mnist", [784, 256, 128, 10], "relu", 128, 8192),
    ("playground", [2, 8, 8, 2], "tanh", 10, 8192),
    ("wide", [1024, 1024, 1024, 1024, 10], "relu", 256, 2048),
    ("fashion", [784, 128, 10], "relu", 32, 60000),
]

FASHION_DIR = os.environ.get("NEURONE_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def fashion_data():
    """The 60,000 training images (0..1) and labels, or None when the files are not there."""
    def read(name, offset):
        for path in (os.path.join(FASHION_DIR, name + ".gz"), os.path.join(FASHION_DIR, name)):
            if os.path.exists(path):
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as f:
                    return f.read()[offset:]
        return None
    images = read("train-images-idx3-ubyte", 16)
    labels = read("train-labels-idx1-ubyte", 8)
    if images is None or labels is None or len(labels) != 60000:
        return None
    x = torch.frombuffer(bytearray(images), dtype=torch.uint8).float().div_(255).reshape(60000, 784)
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return x, y


def build(widths, hidden):
    layers = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        torch.nn.init.xavier_uniform_(linear.weight)  # Keras's glorot_uniform
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU() if hidden == "relu" else torch.nn.Tanh())
    # The last layer stays linear: CrossEntropyLoss applies the softmax itself.
    return torch.nn.Sequential(*layers)


def epoch(model, opt, loss_fn, x, y, batch):
    perm = torch.randperm(x.shape[0], device=x.device)
    for start in range(0, x.shape[0], batch):
        idx = perm[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def bench(name, widths, hidden, batch, samples, runs, device):
    torch.manual_seed(1)
    real = fashion_data() if name == "fashion" else None
    if real is not None:
        x, y = real[0].to(device), real[1].to(device)
    else:
        x = (torch.rand(samples, widths[0]) * 2 - 1).to(device)
        y = torch.randint(0, widths[-1], (samples,)).to(device)
    model = build(widths, hidden).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    params = sum(p.numel() for p in model.parameters())

    sync(device)
    t = time.perf_counter()
    epoch(model, opt, loss_fn, x, y, batch)
    sync(device)
    warm = time.perf_counter() - t
    epochs = int(0.5 / warm) + 1
    per_epoch = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(epochs):
            epoch(model, opt, loss_fn, x, y, batch)
        sync(device)
        per_epoch.append((time.perf_counter() - t) / epochs)
    epoch_s = statistics.median(per_epoch)
    rate = samples / epoch_s
    print(f"{name}\t{rate:.0f}\t{6 * params * rate * 1e-9:.2f}\t{epoch_s:.4f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("workloads", nargs="*")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    known = {w[0] for w in WORKLOADS}
    for w in args.workloads:
        if w not in known:
            sys.exit(f"torch_ref.py: unknown workload {w}; expected one of {sorted(known)}")
    for w in WORKLOADS:
        if not args.workloads or w[0] in args.workloads:
            bench(*w, args.runs, torch.device(args.device))


if __name__ == "__main__":
    main()
