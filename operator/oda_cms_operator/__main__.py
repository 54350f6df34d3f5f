"""Entry point: ``oda-cms-operator`` (or ``python -m oda_cms_operator``) runs the operator.

Configuration comes from the environment (see operator/README.md); the command line only has
``--help``, ``--version`` and ``--wait-for-cluster``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from importlib import metadata
from typing import TYPE_CHECKING, NoReturn

from oda_cms_operator.settings import OperatorConfig

if TYPE_CHECKING:
    from oda_cms_operator.kube import KubeGateway

DISTRIBUTION = "oda-cms-operator"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="oda-cms-operator",
        description=(
            "Kubernetes operator for ODA Components: registers their APIs (ExposedAPI), resolves their "
            "dependent APIs (DependentAPI and the <component>-dependent-apis ConfigMap) and reports "
            "their status like the ODA Canvas. Logs in with the in-cluster service account, else with "
            "$KUBECONFIG or ~/.kube/config. Configured by environment variables: ODA_CMS_OPERATOR_COMPONENT, "
            "ODA_CMS_OPERATOR_CANVAS_MODE, ODA_CMS_OPERATOR_RESYNC_SECONDS, ODA_CMS_OPERATOR_CLUSTER_DOMAIN, "
            "ODA_CMS_OPERATOR_NAMESPACES, ODA_CMS_OPERATOR_LIVENESS, ODA_CMS_OPERATOR_VERBOSE."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    parser.add_argument(
        "--wait-for-cluster", metavar="SECONDS", type=float, default=0.0,
        help="before starting, wait up to SECONDS for the API server to answer and serve oda.tmforum.org/v1 "
             "(the ODA CRDs); exit with status 2 if it does not (default: 0, start at once)",
    )
    return parser.parse_args(argv)


def wait_for_cluster(gateway: KubeGateway, seconds: float, interval: float = 1.0) -> bool:
    """Poll until the ODA API is served or ``seconds`` have passed; True when it is served."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if gateway.oda_api_served():
                return True
        except Exception as error:  # connection refused, DNS, TLS: the cluster is not there yet
            logging.getLogger(__name__).info("Cluster not reachable yet: %s", error)
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(interval, max(deadline - time.monotonic(), 0.0)))


def fail(message: str) -> NoReturn:
    print(f"oda-cms-operator: {message}", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    """Run the operator until SIGTERM/SIGINT, configured from the environment."""
    args = parse_args(argv)
    # Imported here so that --help and --version answer without loading kopf and the kubernetes client.
    import kopf
    import kubernetes

    from oda_cms_operator.handlers import build_registry
    from oda_cms_operator.kube import KubeGateway

    try:
        config = OperatorConfig.from_env()
    except ValueError as error:
        fail(f"invalid configuration: {error}")
    verbose = os.environ.get("ODA_CMS_OPERATOR_VERBOSE", "").strip().lower() == "true"
    kopf.configure(verbose=verbose)
    if not verbose:  # kopf logs every watch event handled at INFO; keep the failures and the operator's own log
        logging.getLogger("kopf.objects").setLevel(logging.WARNING)
    try:
        # The same credentials kopf's login handler (kopf.login_via_client) will find.
        gateway = KubeGateway.from_environment()
    except kubernetes.config.ConfigException as error:
        fail(f"no cluster credentials: neither an in-cluster service account nor a kubeconfig ({error})")
    if args.wait_for_cluster > 0:
        if not wait_for_cluster(gateway, args.wait_for_cluster):
            fail(f"the cluster did not serve oda.tmforum.org/v1 within {args.wait_for_cluster:g}s")
    liveness = os.environ.get("ODA_CMS_OPERATOR_LIVENESS", "http://0.0.0.0:8081/healthz").strip()
    kopf.run(
        registry=build_registry(config, gateway),
        standalone=True,
        clusterwide=True,
        liveness_endpoint=liveness or None,
    )


if __name__ == "__main__":
    main()
