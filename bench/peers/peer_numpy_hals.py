#!/usr/bin/env python3
"""NumPy HALS NMF written the way malspy 0.4.0 computes it (dense X.T@C, X@S, full residual for the objective),
as a peer for Kiseki's spectral.nmf / spectral.nmf-so / spectral.beta-nmf timings.

usage: peer_numpy_hals.py DATA.npy [--components K] [--iterations N] [--wo W] [--kl]
Prints one line: `numpy-hals ... seconds_per_iteration=..`. Needs numpy (apt-get install -y python3-numpy).
--kl runs malspy's BetaNMF beta=0 update (dense residual and weights, component by component).
"""
import argparse, time
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("--components", type=int, default=4)
p.add_argument("--iterations", type=int, default=10); p.add_argument("--wo", type=float, default=0.0)
p.add_argument("--kl", action="store_true")
a = p.parse_args()
X = np.load(a.data)
X = X.reshape(-1, X.shape[-1]).astype(np.float64)
N, M = X.shape; K = a.components; eps = np.finfo(float).eps
np.random.seed(0)
S = X[np.random.choice(N, K), :].T.copy()
if not a.kl:
    C = np.ones((N, K)); C = C / (np.sqrt(np.sum(C ** 2, 0)) + eps); cs = C.sum(1)
    t = time.perf_counter()
    for itr in range(a.iterations):
        XC = X.T @ C; C2 = C.T @ C
        for j in range(K):
            S[:, j] = XC[:, j] - S @ C2[:, j] + C2[j, j] * S[:, j]; S[:, j] = (S[:, j] + abs(S[:, j])) / 2
        XS = X @ S; S2 = S.T @ S
        for j in range(K):
            cs = cs - C[:, j]
            C[:, j] = XS[:, j] - C @ S2[:, j] + S2[j, j] * C[:, j]
            if a.wo > 0:
                C[:, j] = C[:, j] - a.wo * (cs.T @ C[:, j]) / (cs.T @ cs) * cs
            C[:, j] = (C[:, j] + abs(C[:, j])) / 2; C[:, j] = C[:, j] / np.sqrt(C[:, j].T @ C[:, j] + eps)
            cs = cs + C[:, j]
        obj = np.mean((X - C @ S.T) ** 2)
    dt = time.perf_counter() - t
    print(f"numpy-hals wo={a.wo} K={K} seconds_per_iteration={dt / a.iterations:.4f} obj={obj:.6g}")
else:
    Xe = X + eps
    C = np.random.rand(N, K); C = C / (np.sqrt(np.sum(C ** 2, 0)) + eps)
    R = Xe - C @ S.T
    t = time.perf_counter()
    for itr in range(a.iterations):
        P = 1 / (C @ S.T + eps)
        for k in range(K):
            R = R + np.outer(C[:, k], S[:, k])
            PR = P * R
            S[:, k] = (PR.T @ C[:, k]) / (P.T @ C[:, k] ** 2 + eps); S[:, k] = (S[:, k] + abs(S[:, k])) / 2 + eps
            C[:, k] = (PR @ S[:, k]) / (P @ S[:, k] ** 2 + eps); C[:, k] = (C[:, k] + abs(C[:, k])) / 2 + eps
            C[:, k] = C[:, k] / np.sqrt(C[:, k] @ C[:, k])
            R = R - np.outer(C[:, k], S[:, k])
        Y = C @ S.T + eps
        obj = np.mean(Xe * np.log(Xe / Y) - Xe + Y)
    dt = time.perf_counter() - t
    print(f"numpy-betanmf-kl K={K} seconds_per_iteration={dt / a.iterations:.4f} obj={obj:.6g}")
