"""newman, TM Forum's v4 CTK runner: installed from the npm registry on first use, then run on prepared files.

The v4 kits' own package.json asks for newman ^4 and newman-reporter-html; the same major versions are
installed here (pinned) into ctk/.newman (git-ignored; ODA_CMS_NEWMAN_DIR moves it). An exclusive file lock
makes parallel runs (pytest workers, two shells) install it once.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGES = {"newman": "4.6.1", "newman-reporter-html": "1.0.5"}
DEFAULT_HOME = Path(__file__).resolve().parents[1] / ".newman"
INSTALL_TIMEOUT_SECONDS = 600


class NewmanUnavailable(RuntimeError):
    """node/npm are missing or the npm install failed."""


def home() -> Path:
    return Path(os.environ.get("ODA_CMS_NEWMAN_DIR") or DEFAULT_HOME)


def executable() -> Path:
    return home() / "node_modules" / ".bin" / "newman"


def _installed(folder: Path) -> bool:
    manifest = folder / "package.json"
    if not (executable().exists() and manifest.exists()):
        return False
    return json.loads(manifest.read_text()).get("dependencies") == PACKAGES


def ensure_installed() -> Path:
    """The newman executable, installed with npm when absent (once, under a lock)."""
    folder = home()
    if _installed(folder):
        return executable()
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise NewmanUnavailable("node and npm are needed to run TM Forum's CTKs (e.g. apt-get install nodejs npm)")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed(folder):
            (folder / "package.json").write_text(json.dumps(
                {"name": "oda-cms-ctk-newman", "private": True, "dependencies": PACKAGES}, indent=2))
            done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder,
                                  capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS)
            if done.returncode != 0 or not executable().exists():
                (folder / "package.json").unlink(missing_ok=True)
                raise NewmanUnavailable(f"npm install of {PACKAGES} failed: {done.stderr[-2000:]}")
    return executable()


@dataclass
class NewmanResult:
    """What one newman run reported (its JSON reporter's run.stats and run.failures)."""

    requests: int = 0
    failed_requests: int = 0
    assertions: int = 0
    failed_assertions: int = 0
    failures: list[str] = field(default_factory=list)
    exit_code: int = 0

    @property
    def passed_assertions(self) -> int:
        return self.assertions - self.failed_assertions

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.failed_assertions == 0 and self.failed_requests == 0 \
            and self.assertions > 0

    @classmethod
    def from_report(cls, report: dict[str, Any], exit_code: int) -> NewmanResult:
        run = report.get("run", {})
        stats = run.get("stats", {})
        failures = []
        for failure in run.get("failures", []):
            error = failure.get("error", {})
            where = (failure.get("source") or {}).get("name", "?")
            failures.append(f"{where}: {error.get('test') or error.get('name', '')}: {error.get('message', '')}")
        return cls(requests=stats.get("requests", {}).get("total", 0),
                   failed_requests=stats.get("requests", {}).get("failed", 0),
                   assertions=stats.get("assertions", {}).get("total", 0),
                   failed_assertions=stats.get("assertions", {}).get("failed", 0),
                   failures=failures, exit_code=exit_code)


def run(collection: Path, environment: Path, out: Path, timeout_seconds: float = 900) -> NewmanResult:
    """Run newman on prepared files; the HTML and JSON reports go to out/htmlResults.html, out/jsonResults.json."""
    binary = ensure_installed()
    html, report = out / "htmlResults.html", out / "jsonResults.json"
    done = subprocess.run(
        [str(binary), "run", str(collection), "-e", str(environment), "--insecure", "--color", "off",
         "-r", "cli,html,json", "--reporter-html-export", str(html), "--reporter-json-export", str(report)],
        cwd=out, capture_output=True, text=True, timeout=timeout_seconds)
    (out / "newman.log").write_text(done.stdout + done.stderr)
    if not report.exists():
        raise NewmanUnavailable(f"newman wrote no report (exit {done.returncode}): {done.stderr[-2000:]}")
    return NewmanResult.from_report(json.loads(report.read_text()), done.returncode)
