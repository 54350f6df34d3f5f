"""Running the kit: every configured API's scenario against one deployment, into one report."""

from __future__ import annotations

import traceback
import uuid

from .config import BASE_PATHS, TMF_IDS, Config
from .report import FAIL, Report
from .scenarios import SCENARIOS, Context


def run(config: Config) -> Report:
    """Check every API of `config.apis` (in a fixed order) and return the report; never raises for the
    deployment's misbehaviour: a scenario that crashes is one FAIL line."""
    report = Report()
    context = Context(config=config, report=report, tag=uuid.uuid4().hex[:8])
    for api in (name for name in BASE_PATHS if name in config.apis):
        try:
            SCENARIOS[api](context)
        except Exception as error:  # noqa: BLE001 - a kit bug or a wild answer must not hide the other APIs
            last = traceback.format_exception_only(error)[-1].strip()
            report.record(FAIL, api, f"{TMF_IDS[api]} scenario ran to its end", config.api_root(api), last)
    return report
