#!/usr/bin/python3
"""The benchmark's peers (issue 5): the lecture's MNIST setup in PyTorch and in hand-written NumPy.

Same setup as bench.cpp: 784 -> 100 sigmoid -> 10 softmax with cross-entropy, Adam (lr 1e-3,
betas 0.9/0.999, eps 1e-7), batch 100, a new random order of the examples each epoch, one thread.
Prints progress lines and a final JSON line with the keys of bench.cpp's.

    /usr/bin/python3 bench/peers.py --impl torch --dtype float32 [--epochs 10] [--data-dir data/mnist]
    /usr/bin/python3 bench/peers.py --table results.jsonl      # the side-by-side table
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

# one thread for every BLAS / OpenMP runtime, before numpy or torch load them
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(data_dir, dtype):
    X = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte")).reshape(-1, 784).astype(dtype) / dtype(255)
    y = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte")).astype(np.int64)
    Xt = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(dtype) / dtype(255)
    yt = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte")).astype(np.int64)
    return X, y, Xt, yt


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def run_torch(args, dtype_name, dataloader=False):
    """PyTorch, one thread. The default loop indexes the tensors with a permutation (the fastest
    way we know); with `dataloader` the batches come from torch.utils.data.DataLoader over a
    TensorDataset with shuffle=True, as the PyTorch tutorials write it."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
    np_dtype = {"float32": np.float32, "float64": np.float64}[dtype_name]
    X, y, Xt, yt = load_mnist(args.data_dir, np_dtype)
    X, y, Xt, yt = (torch.from_numpy(a) for a in (X, y, Xt, yt))
    model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.Sigmoid(), torch.nn.Linear(100, 10)).to(dtype)
    for layer in (model[0], model[2]):  # Glorot uniform weights, zero bias, as nn::Dense
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + NLL, the usual PyTorch form of softmax + CCE
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    N, B = X.shape[0], 100
    seconds, cpu_seconds = [], []
    start_all = time.perf_counter()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=B, shuffle=True)

    def batches():
        if dataloader:
            yield from loader
            return
        perm = torch.randperm(N)
        for first in range(0, N, B):
            idx = perm[first:first + B]
            yield X[idx], y[idx]  # gather the batch

    for epoch in range(1, args.epochs + 1):
        start, cpu_start = time.perf_counter(), time.thread_time()
        total = 0.0
        for xb, yb in batches():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.thread_time() - cpu_start)
        print(f"Epoch {epoch}/{args.epochs} - loss {total / N:.4f} - {seconds[-1]:.2f} s", flush=True)
    total_s = time.perf_counter() - start_all
    with torch.no_grad():
        acc = (model(Xt).argmax(1) == yt).double().mean().item()
        inference = []
        for _ in range(5):
            start = time.perf_counter()
            model(Xt)
            inference.append(time.perf_counter() - start)
    how = ", DataLoader" if dataloader else ""
    return {"name": f"PyTorch {torch.__version__} ({dtype_name}{how})", "dtype": dtype_name,
            "dataloader": dataloader, "epochs": args.epochs,
            "s_per_epoch": statistics.median(seconds), "cpu_s_per_epoch": statistics.median(cpu_seconds), "total_s": total_s, "test_accuracy": acc,
            "inference_10k_s": statistics.median(inference), "peak_rss_mb": peak_rss_mb(),
            "threads": torch.get_num_threads()}


def run_numpy(args, dtype_name):
    dtype = {"float32": np.float32, "float64": np.float64}[dtype_name]
    rng = np.random.default_rng(args.seed)
    X, y, Xt, yt = load_mnist(args.data_dir, dtype)
    N, D, H, K, B = X.shape[0], 784, 100, 10, 100
    T_all = np.eye(K, dtype=dtype)[y]

    def glorot(fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype)

    params = [glorot(D, H), np.zeros(H, dtype), glorot(H, K), np.zeros(K, dtype)]  # W1 b1 W2 b2 (row layout)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-7

    def forward(Xb):
        W1, b1, W2, b2 = params
        A1 = 1.0 / (1.0 + np.exp(-(Xb @ W1 + b1)))  # sigmoid(X W1 + b1)
        Z2 = A1 @ W2 + b2
        E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        return A1, E / E.sum(axis=1, keepdims=True)  # softmax

    seconds, cpu_seconds, t = [], [], 0
    start_all = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        start, cpu_start = time.perf_counter(), time.thread_time()
        perm = rng.permutation(N)
        total = 0.0
        for first in range(0, N, B):
            idx = perm[first:first + B]
            Xb, Tb = X[idx], T_all[idx]  # gather the batch
            A1, P = forward(Xb)
            n = Xb.shape[0]
            total += -np.sum(Tb * np.log(np.clip(P, 1e-7, 1.0)))
            dZ2 = (P - Tb) / n  # softmax + CCE
            dZ1 = (dZ2 @ params[2].T) * A1 * (1.0 - A1)
            grads = [Xb.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]
            t += 1
            c1, c2 = 1.0 - beta1 ** t, 1.0 - beta2 ** t
            for p, g, mi, vi in zip(params, grads, m, v):  # textbook Adam, in place
                mi *= beta1
                mi += (1.0 - beta1) * g
                vi *= beta2
                vi += (1.0 - beta2) * g * g
                p -= (lr / c1) * mi / (np.sqrt(vi / c2) + eps)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.thread_time() - cpu_start)
        print(f"Epoch {epoch}/{args.epochs} - loss {total / N:.4f} - {seconds[-1]:.2f} s", flush=True)
    total_s = time.perf_counter() - start_all
    acc = float(np.mean(forward(Xt)[1].argmax(axis=1) == yt))
    inference = []
    for _ in range(5):
        start = time.perf_counter()
        forward(Xt)
        inference.append(time.perf_counter() - start)
    return {"name": f"NumPy {np.__version__} by hand ({dtype_name})", "dtype": dtype_name,
            "epochs": args.epochs,
            "s_per_epoch": statistics.median(seconds), "cpu_s_per_epoch": statistics.median(cpu_seconds), "total_s": total_s, "test_accuracy": acc,
            "inference_10k_s": statistics.median(inference), "peak_rss_mb": peak_rss_mb(), "threads": 1}


def print_table(path):
    """One row per run; each peer is compared with the nn row of its own precision (nn in double
    with the float64 peers, nn with float32 products with the float32 peers), in thread CPU time,
    then the targets of issue 16."""
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    if not rows:
        sys.exit("peers.py: no results in " + path)
    ours = {r.get("dtype", "float64"): r for r in rows if r["name"].startswith("nn ")}
    if not ours:
        sys.exit("peers.py: no nn row in " + path)
    nan = float("nan")
    print()
    print("| implementation                          | s/epoch | CPU s/epoch | peer / nn (CPU) | total (s) | test acc | infer 10k (s) | peak RSS (MB) |")
    print("|-----------------------------------------|---------|-------------|-----------------|-----------|----------|---------------|---------------|")
    for r in rows:
        cpu = r.get("cpu_s_per_epoch", nan)
        mine = ours.get(r.get("dtype", "float64"))
        vs = "" if r["name"].startswith("nn ") or mine is None else f"{cpu / mine['cpu_s_per_epoch']:.2f}x"
        print(f"| {r['name']:<39} | {r['s_per_epoch']:7.3f} | {cpu:11.3f} | {vs:>15} "
              f"| {r['total_s']:9.2f} | {r['test_accuracy']:8.4f} | {r['inference_10k_s']:13.3f} "
              f"| {r['peak_rss_mb']:13.0f} |")
    first = next(iter(ours.values()))
    print()
    for dtype, r in sorted(ours.items()):
        print(f"GEMM-only limit ({dtype}): {r['gemm_limit_s']:.3f} s/epoch, CPU {r['cpu_gemm_limit_s']:.3f} s; "
              f"nn {r['name'][4:-1]}: ratio {r['cpu_ratio']:.2f} (CPU time)")
    print(f"{first['epochs']} epochs, batch 100, 1 thread; BLAS core {first.get('blas_core', '?')}, "
          f"OPENBLAS_CORETYPE {first.get('openblas_coretype', '?')}; {first.get('kernels', '')}; "
          f"CPU {first.get('cpu', '?')}; load average {first.get('load_average', '?')} at the end of the nn runs")
    # the targets of issue 16: faster than every peer of the same precision (CPU time), close to
    # the limit of the same precision, accurate
    print()
    need = {"float32": 1.5, "float64": 1.4}
    for dtype, mine in sorted(ours.items()):
        peers = [r for r in rows if not r["name"].startswith("nn ") and r.get("dtype") == dtype
                 and not r.get("dataloader")]
        if peers:
            worst = min(peers, key=lambda r: r["cpu_s_per_epoch"])
            speedup = worst["cpu_s_per_epoch"] / mine["cpu_s_per_epoch"]
            verdict = "ok" if speedup >= need[dtype] else "MISSED"
            print(f"target: nn ({dtype}) >= {need[dtype]}x faster than every {dtype} peer: "
                  f"{speedup:.2f}x over the fastest, {worst['name']}: {verdict}")
        verdict = "ok" if mine["cpu_ratio"] <= 1.2 else "MISSED"
        print(f"target: nn ({dtype}) within 1.2x of the {dtype} GEMM-only limit: {mine['cpu_ratio']:.2f}: {verdict}")
        if "root_alone_s" in mine and not math.isnan(mine["cpu_gemm_limit_s"]):
            allowed = 0.2 * mine["cpu_gemm_limit_s"]
            floor = mine["root_alone_s"] + mine["sigmoid_alone_s"] + mine["convert_alone_s"]
            print(f"  above the limit: {mine['cpu_s_per_epoch'] - mine['cpu_gemm_limit_s']:.3f} s/epoch, "
                  f"allowed at 1.2: {allowed:.3f}; measured alone: Adam {mine['adam_alone_s']:.3f} "
                  f"(its square roots and divisions {mine['root_alone_s']:.3f}), hidden sigmoid "
                  f"{mine['sigmoid_alone_s']:.3f}"
                  + (f", float32 conversions {mine['convert_alone_s']:.3f}" if dtype == "float32" else "")
                  + f"; those floors together {floor:.3f}"
                  + (" (more than allowed)" if floor > allowed else ""))
        if mine["epochs"] >= 10:
            verdict = "ok" if mine["test_accuracy"] >= 0.97 else "MISSED"
            print(f"target: nn ({dtype}) test accuracy >= 0.97: {mine['test_accuracy']:.4f}: {verdict}")
    print("CPU s/epoch is the thread CPU time (robust when other processes share the cores); "
          "peak RSS of the Python rows includes the interpreter and the libraries. The DataLoader "
          "row shows the tutorials' way and is not a target.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", choices=["torch", "torch-dataloader", "numpy"])
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="2 epochs")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", default="data/mnist")
    parser.add_argument("--table", metavar="JSONL", help="print the side-by-side table of a results file")
    args, _ = parser.parse_known_args()  # flags only bench.cpp knows (--check, --limit-repeats) are ignored
    if args.table:
        print_table(args.table)
        return
    if args.quick:
        args.epochs = 2
    if args.impl is None:
        parser.error("--impl torch|torch-dataloader|numpy is required")
    if args.impl == "numpy":
        result = run_numpy(args, args.dtype)
    else:
        result = run_torch(args, args.dtype, dataloader=args.impl == "torch-dataloader")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
