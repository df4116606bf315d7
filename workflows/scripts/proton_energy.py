"""One energy of the perovskite-like proton template at a fractional coordinate.

Stands in for a DFT code in workflows/proton-path-external.yaml: reads the point the search asks for (a JSON object
{"x": u, "y": v, "z": w} of fractional coordinates), writes {"value": E} with E in eV. Cubic cell (a = 4.19 Å) with
Ba at (0,0,0), Zr at (1/2,1/2,1/2) and O at (1/2,1/2,0), (1/2,0,1/2), (0,1/2,1/2); the energy sums over the 27 nearest
cell images: E = sum_O D[(1 - exp(-alpha (d - r0)))^2 - 1] + sum_Zr A_Zr exp(-d/rho) + sum_Ba A_Ba exp(-d/rho).
A synthetic stand-in for the proton surfaces of Kanamori et al., PRB 97, 125124 (2018), not DFT.

Usage: python3 proton_energy.py POINT.json VALUE.json
"""
import json
import math
import sys

LATTICE = 4.19
MORSE_DEPTH, MORSE_ALPHA, MORSE_R0 = 2.0, 2.2, 0.97
REPULSION_ZR, REPULSION_BA, REPULSION_LENGTH = 600.0, 100.0, 0.30
OXYGEN = [(0.5, 0.5, 0.0), (0.5, 0.0, 0.5), (0.0, 0.5, 0.5)]


def distance(u, v, w, site, a, b, c):
    dx = u - site[0] - a
    dy = v - site[1] - b
    dz = w - site[2] - c
    return LATTICE * math.sqrt((dx * dx) + (dy * dy) + (dz * dz))


def energy(u, v, w):
    total = 0.0
    for a in (-1, 0, 1):
        for b in (-1, 0, 1):
            for c in (-1, 0, 1):
                for site in OXYGEN:
                    x = 1.0 - math.exp(-MORSE_ALPHA * (distance(u, v, w, site, a, b, c) - MORSE_R0))
                    total += MORSE_DEPTH * ((x * x) - 1.0)
                total += REPULSION_ZR * math.exp(-distance(u, v, w, (0.5, 0.5, 0.5), a, b, c) / REPULSION_LENGTH)
                total += REPULSION_BA * math.exp(-distance(u, v, w, (0.0, 0.0, 0.0), a, b, c) / REPULSION_LENGTH)
    return total


def main(point_path, value_path):
    with open(point_path, encoding="utf-8") as f:
        point = json.load(f)
    missing = [name for name in ("x", "y", "z") if name not in point]
    if missing:
        sys.exit(f"the point {point} has no coordinate(s) {', '.join(missing)}")
    value = energy(float(point["x"]), float(point["y"]), float(point["z"]))
    with open(value_path, "w", encoding="utf-8") as f:
        json.dump({"value": value}, f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: proton_energy.py POINT.json VALUE.json")
    main(sys.argv[1], sys.argv[2])
