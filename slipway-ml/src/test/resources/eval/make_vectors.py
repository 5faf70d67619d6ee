#!/usr/bin/python3
"""Known vectors for io.slipway.ml.eval: seeded inputs and scikit-learn's answers.

Run with Debian's scikit-learn (apt-get install python3-sklearn python3-numpy):
    /usr/bin/python3 make_vectors.py
It rewrites vectors.json next to this file. Floats are written with repr, so they round-trip exactly.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score, log_loss,
                             mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
                             precision_recall_curve, precision_score, r2_score, recall_score, roc_auc_score,
                             roc_curve)

N_BINS = 10


def floats(a):
    return [float(x) for x in np.asarray(a)]


def expected_calibration_error(y, p):
    # The bins of calibration_curve(strategy='uniform'), weighted by their share of the rows.
    bins = np.linspace(0.0, 1.0, N_BINS + 1)
    ids = np.searchsorted(bins[1:-1], p)
    sums = np.bincount(ids, weights=p, minlength=len(bins))
    trues = np.bincount(ids, weights=y, minlength=len(bins))
    totals = np.bincount(ids, minlength=len(bins))
    nz = totals != 0
    gaps = np.abs(sums[nz] / totals[nz] - trues[nz] / totals[nz])
    return float(np.sum(totals[nz] / len(y) * gaps)), [int(c) for c in totals[nz]]


def binary(name, y, p, threshold):
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pred = (p >= threshold).astype(int)
    fpr, tpr, roc_thr = roc_curve(y, p)
    prec, rec, pr_thr = precision_recall_curve(y, p)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=N_BINS, strategy="uniform")
    ece, counts = expected_calibration_error(y, p)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "name": name, "labels": [int(v) for v in y], "scores": floats(p), "threshold": threshold,
        "roc_auc": float(roc_auc_score(y, p)),
        "average_precision": float(average_precision_score(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "accuracy": float(accuracy_score(y, pred)),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
        "ece": ece,
        "roc_curve": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(roc_thr)},
        "pr_curve": {"precision": floats(prec), "recall": floats(rec), "thresholds": floats(pr_thr)},
        "calibration_curve": {"prob_true": floats(prob_true), "prob_pred": floats(prob_pred), "counts": counts},
    }


def multiclass(name, y, proba):
    labels = list(range(proba.shape[1]))
    pred = np.argmax(proba, axis=1)
    return {
        "name": name, "labels": [int(v) for v in y], "probabilities": [floats(r) for r in proba],
        "accuracy": float(accuracy_score(y, pred)),
        "log_loss": float(log_loss(y, proba, labels=labels)),
        "macro_precision": float(precision_score(y, pred, labels=labels, average="macro", zero_division=0)),
        "macro_recall": float(recall_score(y, pred, labels=labels, average="macro", zero_division=0)),
        "macro_f1": float(f1_score(y, pred, labels=labels, average="macro", zero_division=0)),
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
        "roc_auc_ovr_macro": float(roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)),
    }


def regression(name, y, p):
    return {
        "name": name, "y_true": floats(y), "y_pred": floats(p),
        "rmse": float(mean_squared_error(y, p, squared=False)),
        "mae": float(mean_absolute_error(y, p)),
        "r2": float(r2_score(y, p)),
        "mape": float(mean_absolute_percentage_error(y, p)),
    }


def main():
    rng = np.random.default_rng(20261128)
    cases_binary = []

    y = rng.integers(0, 2, 200)
    p = np.clip(np.round(0.3 * y + rng.uniform(0, 0.7, 200), 1), 0, 1)  # one decimal: many ties
    cases_binary.append(binary("ties", y, p, 0.5))

    y = (rng.uniform(size=500) < 0.05).astype(int)
    p = 1 / (1 + np.exp(-(2.5 * y - 3 + rng.normal(0, 1, 500))))
    cases_binary.append(binary("imbalanced", y, p, 0.3))

    y = np.array([0] * 25 + [1] * 25)
    p = np.concatenate([rng.uniform(0, 0.4, 25), rng.uniform(0.6, 1, 25)])
    cases_binary.append(binary("perfect_separation", y, p, 0.5))

    y = np.array([1, 0, 1, 0, 1, 0, 0, 1, 1, 0])
    p = np.array([1.0, 0.0, 0.0, 1.0, 0.9, 0.1, 0.3, 0.3, 0.7, 0.7])  # exact 0 and 1: log_loss clipping
    cases_binary.append(binary("extreme_probabilities", y, p, 0.5))

    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.4])
    cases_binary.append(binary("no_positive_predictions", y, p, 0.9))

    logits = rng.normal(0, 1, (150, 3))
    y = rng.integers(0, 3, 150)
    logits[np.arange(150), y] += 1.2
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    cases_multi = [multiclass("three_classes", y, proba)]

    y = np.round(rng.normal(10, 4, 100), 2)
    y[7] = 0.0
    p = y + rng.normal(0, 1.5, 100)
    cases_reg = [regression("zero_in_y_true", y, p),
                 regression("constant_target", np.full(5, 3.0), np.array([3.0, 2.5, 3.5, 3.0, 4.0])),
                 regression("constant_target_exact", np.full(4, 2.0), np.full(4, 2.0))]

    out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
           "binary": cases_binary, "multiclass": cases_multi, "regression": cases_reg}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
