#!/usr/bin/env python3
"""scikit-learn NMF as the outside peer of bench/Decomposition: factorise a (rows, cols, channels) .npy.

usage: sklearn_nmf_factors.py DATA.npy K OUT_PREFIX [--loss frobenius|kullback-leibler]
Writes OUT_PREFIX.maps.npy (pixels, K) and OUT_PREFIX.spectra.npy (channels, K) as float64.
frobenius uses the coordinate-descent solver, kullback-leibler the multiplicative-update solver
(scikit-learn's only solver for it); nndsvda initialisation, tol 1e-6, max_iter 300 (the iteration budget of the Kiseki runs), random_state 0.
Needs numpy and scikit-learn (Debian: apt-get install -y python3-sklearn).
"""
import argparse, warnings
import numpy as np
from sklearn.decomposition import NMF

warnings.filterwarnings("ignore")
p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("k", type=int); p.add_argument("out")
p.add_argument("--loss", default="frobenius")
a = p.parse_args()
X = np.load(a.data)
X = X.reshape(-1, X.shape[-1]).astype(np.float64)
solver = "cd" if a.loss == "frobenius" else "mu"
m = NMF(a.k, solver=solver, beta_loss=a.loss, init="nndsvda", tol=1e-6, max_iter=300, random_state=0)
W = m.fit_transform(X)
np.save(a.out + ".maps.npy", W.astype(np.float64))
np.save(a.out + ".spectra.npy", m.components_.T.astype(np.float64).copy())
