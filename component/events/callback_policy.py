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

One URL parser serves the check and the delivery: urllib3's (`parse_url`), the one the HTTP client uses,
so the host checked is the host connected to (`http://127.0.0.1:1\\@8.8.8.8/` is 127.0.0.1 to both; a
backslash, a control character, a space or a non-ASCII character anywhere is refused outright). A host
that is an IP address in any spelling `inet_aton` accepts (`2852039166`, `0xa9fea9fe`,
`0251.0376.0251.0376`, `0`, a trailing dot) is read as the address the system would connect to.
At delivery time `guarded_http` resolves the host again and checks each address before connecting to
it, so a name that later resolves elsewhere (DNS rebinding) is refused then.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from urllib3.exceptions import LocationParseError
from urllib3.util import Url, parse_url

from component.domain.kernel.errors import ValidationFailed

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]
MODES = ("embedded", "production")
SHARED = ipaddress.ip_network("100.64.0.0/10")
MAX_CALLBACK_LENGTH = 2048


class CallbackRefused(ValidationFailed):
    """A callback URL or address the policy refuses (400 when registering; no delivery when delivering)."""


def parse_callback(callback: object) -> Url:
    """The callback as the HTTP client will read it; CallbackRefused unless it is a plain absolute http(s) URL."""
    if not isinstance(callback, str) or not callback:
        raise CallbackRefused("callback must be a non-empty string")
    if len(callback) > MAX_CALLBACK_LENGTH:
        raise CallbackRefused(f"callback must be at most {MAX_CALLBACK_LENGTH} characters")
    if any(not 0x21 <= ord(char) <= 0x7E for char in callback) or "\\" in callback:
        raise CallbackRefused("callback must be an ASCII URL without spaces, control characters or backslashes "
                              "(percent-encode paths, punycode host names)")
    try:
        parts = parse_url(callback)
    except LocationParseError:
        raise CallbackRefused(f"callback is not a URL: {callback!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.host:
        raise CallbackRefused(f"callback must be an absolute http(s) URL, got {callback!r}")
    return parts


def literal_address(host: str) -> IpAddress | None:
    """The address `host` names without DNS, in any spelling the system's resolver takes as numeric."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return ipaddress.ip_address(str(infos[0][4][0]).split("%")[0]) if infos else None


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
        """Raise CallbackRefused (400) unless `callback` is an absolute http(s) URL to an allowed host."""
        host = (parse_callback(callback).host or "").lower().rstrip(".")
        if host in self.allowed_hosts:
            return
        literal = literal_address(host)
        if literal is not None:
            addresses = [literal]
        elif self.mode == "embedded":
            return  # names are trusted in the embedded mode: resolving would refuse offline setups
        else:
            addresses = [address for address in map(parse_address, self.resolver(host)) if address is not None]
            if not addresses:
                raise CallbackRefused(f"callback host {host!r} does not resolve; it cannot be checked")
        for address in addresses:
            self.check_address(host, address)

    def host_allowed(self, host: str) -> bool:
        """True when `host` is listed by name in CALLBACK_ALLOW (its addresses are then not checked)."""
        return host.lower().rstrip(".") in self.allowed_hosts

    def check_address(self, host: str, address: IpAddress) -> None:
        """CallbackRefused unless the policy allows connecting to `address` (what `host` resolved to)."""
        refusal = self._refusal(address)
        if refusal:
            raise CallbackRefused(f"callback host {host!r} is refused by the callback policy "
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


def parse_address(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None
