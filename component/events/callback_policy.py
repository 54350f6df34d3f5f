"""Which hosts a hub callback may point at (checked when a subscription is registered).

Two modes (env CALLBACK_POLICY):
- `embedded` (default): loopback and private addresses are allowed (local listeners, tests, a
  compose network); link-local (169.254.0.0/16 holds cloud metadata services), unspecified,
  multicast and reserved addresses are refused.
- `production`: only public addresses: loopback, private (RFC 1918, fc00::/7), shared (100.64.0.0/10),
  link-local, unspecified, multicast and reserved addresses are refused. A host name is resolved and
  every address it resolves to must be allowed; a name that does not resolve is refused.
CALLBACK_ALLOW lists hosts (exact names) and networks (CIDR) allowed whatever the mode, e.g. the
in-cluster billing listener `billing.billing.svc.cluster.local,10.20.0.0/16`.

A name is checked when it is registered, not again at each delivery (see docs/events.md on DNS).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from component.domain.kernel.errors import ValidationFailed

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]
MODES = ("embedded", "production")
SHARED = ipaddress.ip_network("100.64.0.0/10")


def resolve(host: str) -> list[str]:
    """Every address `host` resolves to (empty when it does not resolve)."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError):
        return []


@dataclass(frozen=True)
class CallbackPolicy:
    mode: str = "embedded"
    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IpNetwork, ...] = ()
    resolver: Resolver = field(default=resolve, compare=False)

    @classmethod
    def from_config(cls, mode: str, allow: Iterable[str] = (), resolver: Resolver = resolve) -> CallbackPolicy:
        if mode not in MODES:
            raise ValueError(f"a callback policy is one of {', '.join(MODES)}, not {mode!r}")
        hosts, networks = set(), []
        for item in (entry.strip() for entry in allow if entry.strip()):
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.lower())
        return cls(mode, frozenset(hosts), tuple(networks), resolver)

    def check(self, callback: str) -> None:
        """Raise ValidationFailed (400) unless `callback` is an absolute http(s) URL to an allowed host."""
        parts = urlsplit(callback)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValidationFailed(f"callback must be an absolute http(s) URL, got {callback!r}")
        host = parts.hostname.lower()
        if host in self.allowed_hosts:
            return
        literal = _address(host)
        if literal is not None:
            addresses = [literal]
        elif self.mode == "embedded":
            return  # names are trusted in the embedded mode: resolving would refuse offline setups
        else:
            addresses = [address for address in map(_address, self.resolver(host)) if address is not None]
            if not addresses:
                raise ValidationFailed(f"callback host {host!r} does not resolve; it cannot be checked")
        for address in addresses:
            refusal = self._refusal(address)
            if refusal:
                raise ValidationFailed(f"callback host {host!r} is refused by the callback policy "
                                       f"({self.mode}): {address} is {refusal}")

    def _refusal(self, address: IpAddress) -> str | None:
        if any(address in network for network in self.allowed_networks):
            return None
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            return self._refusal(mapped)
        if address.is_link_local:
            return "link-local"
        if address.is_unspecified:
            return "unspecified"
        if address.is_multicast:
            return "multicast"
        if address.is_loopback:
            return None if self.mode == "embedded" else "loopback"
        if address.is_private or address in SHARED:
            return None if self.mode == "embedded" else "private"
        if address.is_reserved or not address.is_global:
            return "reserved"
        return None


def _address(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
