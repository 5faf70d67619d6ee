"""What both Python peers share: the booster and the Open Inference Protocol v2 bodies.

The model is Slipway's own model directory's model.json (SERVE_MODEL_FILE), loaded by XGBoost's
Python package (Debian's 1.7). XGBoost 3.x writes the intercept as a vector, "base_score":
"[7.5502E-1]", which 1.7 does not parse and silently replaces by 0.5; it is unwrapped to
"7.5502E-1" before loading, the trees are loaded as they are. A request carries either one
[rows, 30] FP64 tensor or one tensor per column (named as the column, shape [rows]), as Slipway
accepts them.
"""
import json
import os
import re

import numpy as np
import xgboost as xgb

MODEL_FILE = os.environ.get("SERVE_MODEL_FILE", "bench/target/serve-model/model.json")
# One XGBoost thread per worker process: the workers already use the cores.
NTHREAD = int(os.environ.get("SERVE_PEER_NTHREAD", "1"))


def load(path):
    with open(path) as f:
        model = json.load(f)
    param = model["learner"]["learner_model_param"]
    param["base_score"] = re.sub(r"^\[(.*)\]$", r"\1", param["base_score"])
    return xgb.Booster(model_file=bytearray(json.dumps(model).encode()))


booster = load(MODEL_FILE)
booster.set_param({"nthread": NTHREAD})
FEATURES = booster.num_features()


class BadRequest(Exception):
    pass


def rows(body):
    """The request body's rows as a float32 array of shape (rows, features)."""
    try:
        inputs = json.loads(body)["inputs"]
        if len(inputs) == 1:
            tensor = inputs[0]
            return np.asarray(tensor["data"], dtype=np.float32).reshape(tensor["shape"][0], FEATURES)
        columns = {tensor["name"]: tensor["data"] for tensor in inputs}
        return np.asarray([columns["f%d" % f] for f in range(FEATURES)], dtype=np.float32).T
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise BadRequest("invalid inference request: %s" % e) from e


def infer(model_name, body):
    """The OIP v2 response body (bytes) for a request body: the positive class's probability per row."""
    probability = booster.inplace_predict(rows(body), validate_features=False)
    return json.dumps({
        "model_name": model_name,
        "outputs": [{"name": "probability", "shape": [len(probability)], "datatype": "FP64",
                     "data": probability.tolist()}],
    }).encode()
