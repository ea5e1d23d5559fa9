"""Writes numpy's unbiased std (ddof=1) of normalised MGS candidate weights for fixed inputs.

The authors plot the spread of the normalised weights (the paper's Fig. 2) with the tensor's default
`std()`, which is the unbiased one (divisor K - 1); this file is the reference `ImportanceWeightsTest`
checks `ImportanceWeights.standardDeviation()` against.

    python3 mgs-core/scripts/weight_std_reference.py
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/io/github/mgs4j/core/search/weight-std-numpy.json"

CASES = [
    # (C(theta), C(theta + eps_k), log q(eps_k), alpha)
    (1.0, [0.9, 1.1, 1.0, 0.8], [0.0, 0.0, 0.0, 0.0], 10.0),
    (0.52, [0.50, 0.51, 0.55, 0.49], [-3.2, -3.1, -3.25, -3.0], 100.0),
    (2.0, [1.5, 2.5, 2.0, 1.0, 3.0, 2.2, 1.9, 2.1], [0.1, -0.2, 0.3, 0.0, -0.1, 0.2, 0.05, -0.3], 1.0),
    (0.0, [0.0, 1000.0, 1000.0, 1000.0], [0.0, 0.0, 0.0, 0.0], 100.0),
    (1.0, [1.0, 1.0], [0.0, 0.0], 1000.0),
]


def normalised(c0, c, logq, alpha):
    log_w = alpha * (c0 - np.asarray(c, dtype=np.float64)) - np.asarray(logq, dtype=np.float64)
    log_w -= log_w.max()
    w = np.exp(log_w)
    return w / w.sum()


def main():
    cases = []
    for c0, c, logq, alpha in CASES:
        w = normalised(c0, c, logq, alpha)
        cases.append({"c0": c0, "c": c, "logq": logq, "alpha": alpha,
                      "weights": w.tolist(), "std_ddof1": float(np.std(w, ddof=1))})
    OUT.write_text(json.dumps({"generator": "mgs-core/scripts/weight_std_reference.py",
                               "numpy": np.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
