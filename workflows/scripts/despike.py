"""Remove isolated spikes (cosmic-ray / X-ray hits) from an EELS spectrum image.

A channel is a spike when it exceeds the running median of its spectrum (window of `window` channels) by more than
`threshold` Poisson standard deviations, sqrt(median + 1). Spikes are replaced by that median. Deterministic: no
randomness, no dependence on thread count. Reads everything from kiseki-step.json (KISEKI_STEP_JSON).
"""
import json
import os
import sys

import numpy as np


def running_median(spectra, window):
    half = window // 2
    padded = np.pad(spectra, ((0, 0), (half, half)), mode="edge")
    stacked = np.stack([padded[:, i:i + spectra.shape[1]] for i in range(window)], axis=0)
    return np.median(stacked, axis=0)


def main():
    with open(os.environ["KISEKI_STEP_JSON"], encoding="utf-8") as handle:
        step = json.load(handle)
    image_path = step["inputs"]["image"]["path"]
    threshold = float(step["params"]["threshold"])
    window = int(step["params"]["window"])
    data = np.load(image_path).astype(np.float64)
    rows, cols, channels = data.shape
    spectra = data.reshape(rows * cols, channels)
    median = running_median(spectra, window)
    spikes = spectra - median > threshold * np.sqrt(median + 1.0)
    clean = np.where(spikes, median, spectra).reshape(rows, cols, channels)

    outputs = step["outputs"]
    np.save(outputs["clean"], clean)
    axes_in = image_path[:-len(".npy")] + ".axes.json"
    with open(axes_in, encoding="utf-8") as handle:
        axes = json.load(handle)
    with open(outputs["clean"][:-len(".npy")] + ".axes.json", "w", encoding="utf-8") as handle:
        json.dump(axes, handle, indent=2, sort_keys=True)
    report = {"spikes": int(spikes.sum()), "pixels": rows * cols, "channels": channels,
              "threshold": threshold, "window": window}
    with open(outputs["report"], "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2, sort_keys=True)
    print(f"replaced {report['spikes']} spikes in {rows}x{cols} pixels", file=sys.stdout)


if __name__ == "__main__":
    main()
