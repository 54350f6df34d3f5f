"""Entry point: ``python -m oda_cms_operator`` (or the ``oda-cms-operator`` script) runs the operator."""

from __future__ import annotations

import os

import kopf

from oda_cms_operator.handlers import build_registry
from oda_cms_operator.settings import OperatorConfig


def main() -> None:
    """Run the operator until SIGTERM/SIGINT, configured from the environment."""
    config = OperatorConfig.from_env()
    kopf.configure(verbose=os.environ.get("ODA_CMS_OPERATOR_VERBOSE", "") == "true")
    kopf.run(
        registry=build_registry(config),
        standalone=True,
        clusterwide=not config.namespaces,
        namespaces=config.namespaces,
        liveness_endpoint=os.environ.get("ODA_CMS_OPERATOR_LIVENESS", "http://0.0.0.0:8081/healthz"),
        memo=kopf.Memo(),
    )


if __name__ == "__main__":
    main()
