"""HTTP throughput of the component against a bare Starlette route doing the same SQL.

Not part of the test suite (speed is measured, never asserted in tests). Run:
    .venv/bin/python tests/benchmarks/bench_http.py [--seconds 10] [--framework async|flask|both]
Needs `wrk` (apt-get install wrk). Each variant runs in its own uvicorn process (1 worker) on a fresh
SQLite file (WAL); wrk uses 2 threads and 16 connections, as the figures in NOTES were taken.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BASE = "/tmf-api/customerManagement/v4/customer"
CUSTOMER = {"name": "Bench", "engagedParty": {"id": "p1", "@referredType": "Individual"}}

BARE_APP = '''
import json, uuid, sqlite3, os
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
DB = os.environ["BENCH_DB"]
def connect():
    c = sqlite3.connect(DB, check_same_thread=False, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=NORMAL"); c.execute("PRAGMA busy_timeout=30000")
    return c
conn = connect()
async def get_one(request):
    row = conn.execute("SELECT document, version FROM resource WHERE kind=? AND id=?",
                       ("Customer", request.path_params["id"])).fetchone()
    return Response(row[0], media_type="application/json", headers={"ETag": f'"{row[1]}"'})
async def post(request):
    body = await request.json(); rid = str(uuid.uuid4()); body["id"] = rid; body["href"] = "/c/" + rid
    doc = json.dumps(body)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO resource (kind,id,href,version,created_at,updated_at,document,name) "
                 "VALUES ('Customer',?,?,1,'2026','2026',?,?)", (rid, body["href"], doc, body.get("name")))
    conn.execute("COMMIT")
    return Response(doc, status_code=201, media_type="application/json")
app = Starlette(routes=[Route("BASE/{id}", get_one), Route("BASE", post, methods=["POST"])])
'''.replace("BASE", BASE)

FACTORY = '''
import os
from connexion import AsyncApp, FlaskApp
from component.bootstrap.app import create_component
from component.bootstrap.environment import settings_from_env
from component.cli.main import configure_logging
configure_logging("WARNING")
def app():
    cls = FlaskApp if os.environ["BENCH_FRAMEWORK"] == "flask" else AsyncApp
    return create_component(settings_from_env(), app_class=cls).asgi
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(module_dir: Path, target: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--log-level", "warning",
               "--no-access-log"]
    if target.endswith(":app") and "bench_factory" in target:
        command.append("--factory")
    process = subprocess.Popen(command, cwd=module_dir, env={**os.environ, **env, "PYTHONPATH": str(module_dir)})
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/health/live", timeout=0.5)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{target} did not start")


def wrk(url: str, seconds: int, script: Path | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", url] + (["-s", str(script)] if script else [])
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{non_2xx.group(1)} failed requests against {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure(name: str, work: Path, target: str, env: dict[str, str], seconds: int, seed_url: str | None) -> dict:
    port = free_port()
    process = start(work, target, env, port)
    try:
        base = f"http://127.0.0.1:{port}{BASE}"
        created = requests.post(seed_url or base, json=CUSTOMER, timeout=5)
        created.raise_for_status()
        get_rps = wrk(f"{base}/{created.json()['id']}", seconds)
        post_script = work / "post.lua"
        post_script.write_text(
            f'wrk.method = "POST"\nwrk.body = {json.dumps(json.dumps(CUSTOMER))}\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
        post_rps = wrk(base, seconds, post_script)
    finally:
        process.terminate()
        process.wait(10)
    print(f"{name:>10}: GET by id {get_rps:8.0f} req/s   POST {post_rps:8.0f} req/s", flush=True)
    return {"get": get_rps, "post": post_rps}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--framework", choices=["async", "flask", "both"], default="both")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "bench_bare.py").write_text(BARE_APP)
        (work / "bench_factory.py").write_text(FACTORY)
        frameworks = ["async", "flask"] if args.framework == "both" else [args.framework]
        for framework in frameworks:
            db = work / f"{framework}.db"
            env = {"DATABASE_URL": f"sqlite:///{db}", "BENCH_FRAMEWORK": framework, "RUN_WORKERS": "false"}
            results[framework] = measure(framework, work, "bench_factory:app", env, args.seconds, None)
        bare_db = work / "async.db" if "async" in frameworks else work / "flask.db"
        results["bare"] = measure("starlette", work, "bench_bare:app", {"BENCH_DB": str(bare_db)}, args.seconds,
                                  None)
    for framework in frameworks:
        get_share = results[framework]["get"] / results["bare"]["get"]
        post_share = results[framework]["post"] / results["bare"]["post"]
        print(f"{framework}: GET {get_share:.0%} of bare (target 20%), POST {post_share:.0%} of bare (target 30%)")


if __name__ == "__main__":
    main()
