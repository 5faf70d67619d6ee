#!/usr/bin/python3
"""Makes the ONNX test models of slipway-ml, outside Java, and what scikit-learn predicts for them.

Run from this directory with Debian's packages (apt-get install python3-onnx python3-sklearn
python3-numpy; Debian has no skl2onnx, so the graphs are built with onnx.helper and hold what
skl2onnx writes for these models with options={"zipmap": False}):

    /usr/bin/python3 make_models.py

Each model gets a directory holding
  model.onnx     the graph: input float_input float[N, F]; outputs label int64[N] and
                 probabilities float[N, k] for a classifier, variable float[N, 1] for a regression;
  MLmodel        as mlflow.onnx.log_model writes it: the onnx flavor and a signature of named
                 double columns in feature order;
  expected.json  input records and scikit-learn's own predict_proba / predict for them (computed
                 in float64 by scikit-learn, not by ONNX), which the Java tests compare against.

unfit/ holds graphs that cannot be served (a fixed batch size, probabilities only as a ZipMap),
without MLmodel files: the tests pair them with linear_regression's.

Everything is seeded: running it again writes the same files.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LinearRegression, LogisticRegression

SEED = 20261128
OPSET = 13
IR_VERSION = 7  # what ONNX Runtime releases of the last years all load


def features(rng, rows, names):
    return rng.normal(size=(rows, len(names)))


def linear(weights, bias, nodes, initializers):
    """float_input @ weights + bias as 'scores'."""
    initializers += [numpy_helper.from_array(weights.astype(np.float32), "coefficients"),
                     numpy_helper.from_array(bias.astype(np.float32), "intercepts")]
    nodes += [helper.make_node("MatMul", ["float_input", "coefficients"], ["raw_scores"]),
              helper.make_node("Add", ["raw_scores", "intercepts"], ["scores"])]


def input_of(names):
    return helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, len(names)])


def save(name, graph, mlmodel, expected):
    model = helper.make_model(graph, producer_name="slipway-make_models", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    os.makedirs(name, exist_ok=True)
    onnx.save(model, os.path.join(name, "model.onnx"))
    with open(os.path.join(name, "MLmodel"), "w") as f:
        f.write(mlmodel)
    with open(os.path.join(name, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def mlmodel(uuid, names, outputs, extra=""):
    """The MLmodel file mlflow.onnx.log_model writes (MLflow 2.x), with a fixed uuid and time."""
    inputs = json.dumps([{"type": "double", "name": n, "required": True} for n in names])
    return f"""artifact_path: model
flavors:
  onnx:
    code: null
    data: model.onnx
    onnx_version: {onnx.__version__}
    providers:
    - CPUExecutionProvider
{extra}  python_function:
    data: model.onnx
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.onnx
    python_version: 3.11.2
mlflow_version: 2.17.2
model_uuid: {uuid}
signature:
  inputs: '{inputs}'
  outputs: '{json.dumps(outputs)}'
  params: null
utc_time_created: '2026-11-28 12:00:00.000000'
"""


def tensor_spec(name, dtype, shape):
    return {"type": "tensor", "tensor-spec": {"dtype": dtype, "shape": shape}, "name": name}


def records(names, x):
    return [{n: float(v) for n, v in zip(names, row)} for row in x]


def classifier(name, uuid, rng, names, classes, class_names=None):
    x = features(rng, 400, names)
    true_weights = rng.normal(size=(len(names), classes))
    y = np.argmax(x @ true_weights + rng.normal(scale=0.8, size=(len(x), classes)), axis=1)
    model = LogisticRegression(max_iter=1000).fit(x, y)

    nodes, initializers = [], []
    if classes == 2:
        # skl2onnx's binary layout: probabilities [1 - p, p] with p = sigmoid(x . w + b)
        linear(model.coef_.T, model.intercept_, nodes, initializers)
        initializers.append(numpy_helper.from_array(np.array([1.0], dtype=np.float32), "one"))
        nodes += [helper.make_node("Sigmoid", ["scores"], ["positive"]),
                  helper.make_node("Sub", ["one", "positive"], ["negative"]),
                  helper.make_node("Concat", ["negative", "positive"], ["probabilities"], axis=1)]
    else:
        linear(model.coef_.T, model.intercept_, nodes, initializers)
        nodes.append(helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1))
    nodes.append(helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0))
    graph = helper.make_graph(nodes, name, [input_of(names)],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                               helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, classes])],
                              initializers)

    test = features(rng, 12, names)
    labels = [int(v) for v in model.predict(test)]
    extra = ""
    if class_names:
        extra = "    classes:\n" + "".join(f"    - {c}\n" for c in class_names)
        labels = [class_names[v] for v in labels]
    outputs = [tensor_spec("label", "int64", [-1]), tensor_spec("probabilities", "float32", [-1, classes])]
    save(name, graph, mlmodel(uuid, names, outputs, extra),
         {"classes": class_names or [str(c) for c in model.classes_],
          "records": records(names, test),
          "probabilities": model.predict_proba(test).tolist(),
          "labels": [str(v) for v in labels]})


def regression(name, uuid, rng, names):
    x = features(rng, 300, names)
    y = x @ rng.normal(size=len(names)) + 1.5 + rng.normal(scale=0.3, size=len(x))
    model = LinearRegression().fit(x, y)

    nodes, initializers = [], []
    linear(model.coef_.reshape(-1, 1), np.array([model.intercept_]), nodes, initializers)
    nodes.append(helper.make_node("Identity", ["scores"], ["variable"]))
    graph = helper.make_graph(nodes, name, [input_of(names)],
                              [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])], initializers)

    test = features(rng, 12, names)
    expected = {"records": records(names, test), "predictions": model.predict(test).tolist()}
    outputs = [tensor_spec("variable", "float32", [-1, 1])]
    save(name, graph, mlmodel(uuid, names, outputs), expected)

    # the same model taking one input per column, named as the column (as a PyTorch module with
    # named arguments or a Keras functional model exports), concatenated in feature order
    by_column = helper.make_graph([helper.make_node("Concat", names, ["float_input"], axis=1)] + list(nodes),
                                  name + "_by_column",
                                  [helper.make_tensor_value_info(n, TensorProto.FLOAT, [None, 1]) for n in names],
                                  list(graph.output), initializers)
    save(name + "_by_column", by_column, mlmodel(uuid[::-1], names, outputs), expected)


def map_of_floats():
    """map<int64, float> (onnx 1.12's helper has no make_map_type_proto)."""
    map_type = onnx.TypeProto()
    map_type.map_type.key_type = TensorProto.INT64
    map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    return map_type


def unfit(name, names):
    """Models that cannot be served, for the tests of load-time errors (no MLmodel: the tests supply one)."""
    weights = numpy_helper.from_array(np.ones((len(names), 2), dtype=np.float32), "coefficients")
    # a fixed batch of one row, as torch.onnx.export writes without dynamic_axes
    fixed = helper.make_graph([helper.make_node("MatMul", ["float_input", "coefficients"], ["scores"]),
                               helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1)], "fixed_batch",
                              [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [1, len(names)])],
                              [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 2])], [weights])
    # probabilities only as skl2onnx's ZipMap (a sequence of maps), its default without zipmap=False
    zipmap = helper.make_graph([helper.make_node("MatMul", ["float_input", "coefficients"], ["scores"]),
                                helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1),
                                helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml",
                                                 classlabels_int64s=[0, 1])], "zipmap",
                               [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, len(names)])],
                               [helper.make_value_info("output_probability", helper.make_sequence_type_proto(map_of_floats()))],
                               [weights])
    for graph in (fixed, zipmap):
        model = helper.make_model(graph, producer_name="slipway-make_models",
                                  opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("ai.onnx.ml", 1)])
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model)
        os.makedirs(os.path.join(name, graph.name), exist_ok=True)
        onnx.save(model, os.path.join(name, graph.name, "model.onnx"))


def main():
    rng = np.random.default_rng(SEED)
    classifier("logistic_binary", "5f0c6a1e2b7d4c39a8e1f3b2c4d5e6f7", rng,
               ["tenure_months", "monthly_spend", "support_calls", "discount_rate", "sessions_per_week"], 2)
    classifier("logistic_multiclass", "8a7b6c5d4e3f4a2b9c1d0e1f2a3b4c5d", rng,
               ["length", "width", "depth", "weight"], 3, ["small", "medium", "large"])
    regression("linear_regression", "0d9e8f7a6b5c4d3e8f2a1b0c9d8e7f6a", rng,
               ["rooms", "area", "age", "distance", "floor"])
    unfit("unfit", ["rooms", "area", "age", "distance", "floor"])


if __name__ == "__main__":
    main()
