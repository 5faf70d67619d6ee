"""The Flask + gunicorn peer, shaped like MLflow's older scoring server.
Run: gunicorn --chdir bench/peers --workers 2 flask_app:app"""
from flask import Flask, Response, request

import oip

app = Flask(__name__)


@app.get("/v2/models/<name>/ready")
def ready(name):
    return {"name": name, "ready": True}


@app.post("/v2/models/<name>/infer")
def infer(name):
    try:
        return Response(oip.infer(name, request.get_data()), mimetype="application/json")
    except oip.BadRequest as e:
        return Response(str(e), status=400, mimetype="text/plain")
