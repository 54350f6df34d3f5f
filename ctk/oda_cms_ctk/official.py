"""`oda-cms ctk`: run CTK folders in TM Forum's v4 layout (official kits, or this repository's own) with newman.

For each folder: a config.json is generated from the kit's (url = the deployment's API root; payloads = the
kit's, with the ones ctk/payloads/<api>.json gives for oda-cms in their place), the prerequisites the kit
needs are created through the APIs, the collection and environment are prepared as TM Forum's runner does,
newman runs, and its HTML and JSON reports are written to <out>/<kit>/ (htmlResults.html, jsonResults.json).
The kit's folder is only read. The exit status is 0 only when every assertion of every kit passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import newman
from .embedded import EmbeddedInstance
from .kit_folder import KitError, KitFolder
from .seeding import Seeder, SeedError

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads"
# Settings of the embedded instance per API (by the name in its path): service orders take 10 minutes in the
# network simulator, so a kit finds them still open when it patches and cancels them.
EMBEDDED_SETTINGS: dict[str, dict[str, str]] = {"serviceOrdering": {"SIMULATOR_DELAY_SECONDS": "600"}}


@dataclass
class KitResult:
    kit: str
    folder: Path
    out: Path
    result: newman.NewmanResult | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok and not self.error

    def line(self) -> str:
        if self.result is None:
            return f"ERROR {self.kit}: {self.error}"
        r = self.result
        verdict = "PASS " if self.ok else "FAIL "
        return (f"{verdict}{self.kit}: {r.passed_assertions}/{r.assertions} assertions passed, "
                f"{r.requests} requests ({r.failed_requests} failed) -- {self.out / 'htmlResults.html'}")

    def as_json(self) -> dict[str, Any]:
        r = self.result
        return {"kit": self.kit, "folder": str(self.folder), "ok": self.ok, "error": self.error,
                "assertions": r.assertions if r else 0, "failedAssertions": r.failed_assertions if r else 0,
                "requests": r.requests if r else 0, "failedRequests": r.failed_requests if r else 0,
                "failures": r.failures if r else [], "report": str(self.out / "jsonResults.json")}


def oda_cms_payloads(api_name: str) -> dict[str, Any]:
    """The payloads a certifying user gives oda-cms for the API (ctk/payloads/<api>.json), or none."""
    path = PAYLOADS / f"{api_name}.json"
    return json.loads(path.read_text(encoding="utf-8"))["payloads"] if path.exists() else {}


def run_config(kit: KitFolder, api_root: str, seeder: Seeder, kit_payloads: bool = False) -> dict[str, Any]:
    """The config.json to run `kit` with: its own, pointed at `api_root`, payloads for oda-cms filled in."""
    payloads = dict(kit.config.get("payloads") or {})
    if not kit_payloads:
        payloads.update(oda_cms_payloads(kit.api_name))
    return {**kit.config, "url": api_root, "payloads": seeder.fill(payloads)}


def run_kit(folder: str | Path, base_url: str, out: Path, kit_payloads: bool = False,
            wait_seconds: float = 60.0) -> KitResult:
    """Run one CTK folder against the deployment at `base_url` (root URL with any ODA path prefix)."""
    kit_out = out
    result = KitResult(kit=Path(folder).name, folder=Path(folder), out=kit_out)
    try:
        kit = KitFolder.open(folder)
        result.kit = kit.name
        kit_out.mkdir(parents=True, exist_ok=True)
        api_root = base_url.rstrip("/") + kit.api_path
        seeder = Seeder(base_url.rstrip("/"), tag=uuid.uuid4().hex[:8], wait_seconds=wait_seconds)
        seeder.prepare(kit.api_name)
        config = run_config(kit, api_root, seeder, kit_payloads)
        (kit_out / "config.json").write_text(json.dumps(config, indent=2))
        collection, environment = kit.prepare(api_root, config)
        (kit_out / "pmtest.json").write_text(json.dumps(collection))
        (kit_out / "TMFENV.json").write_text(json.dumps(environment))
        result.result = newman.run(kit_out / "pmtest.json", kit_out / "TMFENV.json", kit_out)
    except (KitError, SeedError, newman.NewmanUnavailable, OSError) as error:
        result.error = str(error)
    return result


@contextlib.contextmanager
def deployment(base_url: str | None, folder: str | Path) -> Iterator[str]:
    """`base_url` when given, else a fresh embedded instance (with the kit's API's settings) for the duration."""
    if base_url:
        yield base_url
        return
    try:
        settings = EMBEDDED_SETTINGS.get(KitFolder.open(folder).api_name, {})
    except KitError:
        settings = {}  # run_kit reports it
    with EmbeddedInstance(settings) as instance:
        yield instance.root


def run_kits(folders: Sequence[str | Path], base_url: str | None, out: Path, kit_payloads: bool = False,
             wait_seconds: float = 60.0) -> list[KitResult]:
    """Every folder in turn; without `base_url`, each against a fresh embedded instance of its own (so the
    counts of one kit do not depend on what another created)."""
    results = []
    for folder in folders:
        with deployment(base_url, folder) as root:
            results.append(run_kit(folder, root, out / Path(folder).resolve().name, kit_payloads, wait_seconds))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="oda-cms ctk", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run_from_arguments(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folders", nargs="+", metavar="FOLDER",
                        help="CTK folders in TM Forum's v4 layout (config.json, ctk/<collection>, ctk/TMFENV-...)")
    parser.add_argument("--base-url", help="the deployment's root URL with its ODA path prefix, e.g. "
                        "http://host/r1-oda-cms (default: a fresh embedded instance per kit)")
    parser.add_argument("--out", default="ctk-results", help="report folder (default: ./ctk-results)")
    parser.add_argument("--kit-payloads", action="store_true",
                        help="use the payloads of each kit's config.json unchanged (not ctk/payloads/)")
    parser.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                        help="how long to wait for the catalogue and for a seed order to complete (default 60)")


def run_from_arguments(args: argparse.Namespace) -> int:
    out = Path(args.out)
    results = run_kits(args.folders, args.base_url, out, args.kit_payloads, args.wait)
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps([result.as_json() for result in results], indent=2))
    for result in results:
        print(result.line())
        for failure in (result.result.failures if result.result else [])[:20]:
            print("    " + failure)
    passed = sum(result.ok for result in results)
    print(f"{passed} of {len(results)} CTKs passed every assertion; summary: {out / 'summary.json'}")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
