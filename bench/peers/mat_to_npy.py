#!/usr/bin/env python3
"""Convert one variable of a MATLAB v5 .mat file to a float64 .npy (rows, cols, channels) for bench/Decomposition.

usage: mat_to_npy.py FILE.mat VARIABLE OUT.npy    (needs scipy: apt-get install -y python3-scipy)
"""
import sys
import numpy as np
from scipy.io import loadmat

np.save(sys.argv[3], np.ascontiguousarray(loadmat(sys.argv[1])[sys.argv[2]], dtype=np.float64))
