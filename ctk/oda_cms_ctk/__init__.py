"""oda-cms conformance kit: TMF630 / TM Forum v4 CTK checks of a deployment of oda-cms, over HTTP.

    python -m ctk.oda_cms_ctk --config ctk/config.json

`run(config)` is the entry point for programs (and the component's own test suite).
"""

from .config import Config
from .report import Report
from .runner import run

__all__ = ["Config", "Report", "run"]
