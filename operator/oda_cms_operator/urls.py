"""In-cluster URLs of exposed APIs: the implementation Service's DNS name, port and path."""

from __future__ import annotations


def service_url(
    service: str, namespace: str, port: int | None, path: str | None, cluster_domain: str = "cluster.local"
) -> str:
    """``http://<service>.<namespace>.svc.<domain>[:<port>]<path>``; port 80 is left implicit."""
    host = f"{service}.{namespace}.svc.{cluster_domain}"
    authority = host if port in (None, 80) else f"{host}:{port}"
    if not path:
        return f"http://{authority}"
    return f"http://{authority}/{path.lstrip('/')}"
