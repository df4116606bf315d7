#!/usr/bin/env python3
"""scikit-learn IncrementalPCA on a (rows, cols, channels) .npy read through a memory map in row batches: the peer
of Kiseki's out-of-core spectral.pca. One partial_fit pass over the batches, then one transform pass for the scores
(Kiseki's maps). Each batch is converted to float64 as it is read; only the batch, the scores and the model are in
memory.

usage: peer_incremental_pca.py DATA.npy [--components K] [--batch B]
Prints one line: `sklearn-ipca pixels=.. channels=.. K=.. batch=.. fit_s=.. transform_s=.. wall_s=.. cpu_s=..
explained_variance_ratio=[..]`. Needs numpy and scikit-learn (Debian: apt-get install -y python3-sklearn).
"""
import argparse, time
import numpy as np
from sklearn.decomposition import IncrementalPCA

p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("--components", type=int, default=8); p.add_argument("--batch", type=int, default=2048)
a = p.parse_args()
X = np.load(a.data, mmap_mode="r")
X = X.reshape(-1, X.shape[-1])
n, m = X.shape
model = IncrementalPCA(n_components=a.components, batch_size=a.batch)
t0, c0 = time.perf_counter(), time.process_time()
for start in range(0, n, a.batch):
    stop = min(n, start + a.batch)
    if stop - start >= a.components:
        model.partial_fit(np.asarray(X[start:stop], dtype=np.float64))
t1 = time.perf_counter()
scores = np.empty((n, a.components))
for start in range(0, n, a.batch):
    scores[start:start + a.batch] = model.transform(np.asarray(X[start:start + a.batch], dtype=np.float64))
t2, c2 = time.perf_counter(), time.process_time()
ratio = ",".join(f"{r:.6g}" for r in model.explained_variance_ratio_)
print(f"sklearn-ipca pixels={n} channels={m} K={a.components} batch={a.batch} fit_s={t1 - t0:.2f} transform_s={t2 - t1:.2f} "
      f"wall_s={t2 - t0:.2f} cpu_s={c2 - c0:.2f} explained_variance_ratio=[{ratio}]")
