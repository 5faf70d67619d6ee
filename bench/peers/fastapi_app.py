"""The FastAPI + uvicorn peer, shaped like MLflow's scoring server (raw body parsed by hand, no
pydantic model on the hot path). Run: uvicorn --app-dir bench/peers fastapi_app:app --workers 2"""
from fastapi import FastAPI, Request, Response

import oip

app = FastAPI()


@app.get("/v2/models/{name}/ready")
def ready(name: str):
    return {"name": name, "ready": True}


@app.post("/v2/models/{name}/infer")
async def infer(name: str, request: Request):
    body = await request.body()
    try:
        return Response(oip.infer(name, body), media_type="application/json")
    except oip.BadRequest as e:
        return Response(str(e), status_code=400, media_type="text/plain")
