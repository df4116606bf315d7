"""Shape discrepancy of a precipitate-shape model at one (interface energy, misfit) point.

Stands in for a phase-field or micro-elasticity simulation in workflows/precipitate-shape-external.yaml: reads the
point the search asks for (a JSON object {"interface_energy": gamma in J/m2, "misfit": eps_a}) and the observed
precipitates (CSV with columns radius in nm and aspect_ratio c/a; lines starting with # are comments), predicts the
equilibrium aspect ratio rho* of each precipitate and writes {"value": y} with
y = mean_j (ln rho*(R_j) - ln rho_obs_j)^2.

Model (Eshelby, Proc. R. Soc. A 241, 376, 1957; Mura, Micromechanics of Defects in Solids, 1987, section 11): a
coherent prolate spheroid (a = b, c = rho a, axis z) with eigenstrain diag(eps_a, eps_a, eps_c) in alpha-Mg
(Slutsky and Garland 1957: C11 59.40, C12 25.61, C13 21.44, C33 61.60, C44 16.40 GPa). The strain energy density
w = eps_a^2 w_hat(rho) follows from the Eshelby tensor,
D_ijkl = -(abc / 4 pi) * integral over the unit sphere of Omega_ij(n) n_k n_l / beta(n)^3,
Omega = (C_iklj n_k n_l)^-1, beta^2 = a^2 (n1^2 + n2^2) + c^2 n3^2, integrated with 2000 midpoints in cos(theta) and
16 in phi. The energy at fixed volume is E / (4 pi R^2 gamma) = (P / 3) w_hat(rho) + f(rho), P = R eps_a^2 / gamma,
f the spheroid's area relative to the sphere; rho* is the minimum over rho = 1, 1.05, ..., 30 refined by a parabola.
After Tsukada et al., Sci. Rep. 9, 15794 (2019).

Usage: python3 precipitate_shape.py POINT.json OBSERVATIONS.csv VALUE.json
"""
import csv
import json
import math
import sys

import numpy as np

MG = (59.40, 25.61, 21.44, 61.60, 16.40)
MISFIT_RATIO = 0.0
RHO_MAX = 30.0
POLAR, AZIMUTH = 2000, 16


def stiffness(c11, c12, c13, c33, c44):
    voigt = np.zeros((6, 6))
    voigt[0, 0] = voigt[1, 1] = c11
    voigt[0, 1] = voigt[1, 0] = c12
    voigt[0, 2] = voigt[2, 0] = voigt[1, 2] = voigt[2, 1] = c13
    voigt[2, 2] = c33
    voigt[3, 3] = voigt[4, 4] = c44
    voigt[5, 5] = (c11 - c12) / 2
    index = [[0, 5, 4], [5, 1, 3], [4, 3, 2]]
    c = np.zeros((3, 3, 3, 3))
    for i in range(3):
        for j in range(3):
            for k in range(3):
                for m in range(3):
                    c[i, j, k, m] = voigt[index[i][j], index[k][m]]
    return c


def sphere_tensors(c):
    """Per polar midpoint t: the phi-integrated Omega_ij n_k n_l (shape POLAR x 3 x 3 x 3 x 3)."""
    t = (np.arange(POLAR) + 0.5) / POLAR
    dphi = 2 * math.pi / AZIMUTH
    phi = (np.arange(AZIMUTH) + 0.5) * dphi
    st = np.sqrt(1 - t * t)
    n = np.stack([st[:, None] * np.cos(phi)[None, :], st[:, None] * np.sin(phi)[None, :],
                  np.broadcast_to(t[:, None], (POLAR, AZIMUTH))], axis=-1)
    acoustic = np.einsum("iabj,pqa,pqb->pqij", c, n, n)
    omega = np.linalg.inv(acoustic)
    g = np.einsum("pqij,pqa,pqb->pijab", omega * dphi, n, n)
    return t, g


def energy_density(c, t, g, rho, misfit_c):
    """w_hat(rho) in GPa for eigenstrain diag(1, 1, misfit_c)."""
    q = 1 - t * t + rho * rho * t * t
    weight = rho / (q * np.sqrt(q)) / POLAR
    d = np.einsum("p,pijab->ijab", weight, g) * (-2.0 / (4 * math.pi))
    eig = np.diag([1.0, 1.0, misfit_c])
    sigma_star = np.einsum("ijmm,m->ij", c, np.diag(eig))
    # constrained strain e_ij = -1/2 sigma*_lk (D_iklj + D_jkli)
    e = -0.5 * (np.einsum("lk,iklj->ij", sigma_star, d) + np.einsum("lk,jkli->ij", sigma_star, d))
    sigma = np.einsum("ijkl,kl->ij", c, e - eig)
    return float(-0.5 * np.sum(sigma * eig))


def surface_factor(rho):
    if rho <= 1:
        return 1.0
    e = math.sqrt(1 - 1 / (rho * rho))
    ratio = 1 + e * e / 6 if e < 1e-6 else math.asin(e) / e
    return (1 + rho * ratio) / (2 * rho ** (2.0 / 3.0))


class ShapeModel:
    def __init__(self):
        c = stiffness(*MG)
        t, g = sphere_tensors(c)
        step = min(0.05, (RHO_MAX - 1) / 10)
        count = int(math.floor((RHO_MAX - 1) / step + 1e-9)) + 1
        self.rho = np.array([1 + i * step for i in range(count)])
        self.w = np.array([energy_density(c, t, g, r, MISFIT_RATIO) for r in self.rho])
        self.f = np.array([surface_factor(r) for r in self.rho])

    def equilibrium_aspect_ratio(self, radius, misfit, gamma):
        p = radius * misfit * misfit / gamma
        e = p / 3 * self.w + self.f
        best = int(np.argmin(e))
        if best == 0 or best == len(self.rho) - 1:
            return float(self.rho[best])
        e0, e1, e2 = e[best - 1], e[best], e[best + 1]
        curvature = e0 - 2 * e1 + e2
        shift = 0.5 * (e0 - e2) / curvature if curvature > 0 else 0.0
        return float(self.rho[best] + min(max(shift, -0.5), 0.5) * (self.rho[1] - self.rho[0]))


def read_observations(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    if not rows or "radius" not in rows[0] or "aspect_ratio" not in rows[0]:
        sys.exit(f"{path}: needs columns radius (nm) and aspect_ratio")
    return [float(r["radius"]) for r in rows], [float(r["aspect_ratio"]) for r in rows]


def discrepancy(model, gamma, misfit, radii, ratios):
    total = 0.0
    for radius, observed in zip(radii, ratios):
        d = math.log(model.equilibrium_aspect_ratio(radius, misfit, gamma)) - math.log(observed)
        total += d * d
    return total / len(radii)


def main(point_path, observations_path, value_path):
    with open(point_path, encoding="utf-8") as f:
        point = json.load(f)
    missing = [name for name in ("interface_energy", "misfit") if name not in point]
    if missing:
        sys.exit(f"the point {point} has no parameter(s) {', '.join(missing)}")
    gamma, misfit = float(point["interface_energy"]), float(point["misfit"])
    if not (gamma > 0 and misfit > 0):
        sys.exit(f"interface_energy and misfit must be positive, got {gamma}, {misfit}")
    radii, ratios = read_observations(observations_path)
    value = discrepancy(ShapeModel(), gamma, misfit, radii, ratios)
    with open(value_path, "w", encoding="utf-8") as f:
        json.dump({"value": value}, f)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: precipitate_shape.py POINT.json OBSERVATIONS.csv VALUE.json")
    main(sys.argv[1], sys.argv[2], sys.argv[3])
