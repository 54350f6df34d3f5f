"""An HTTP session for hub deliveries that checks the address it actually connects to.

The callback policy checks a callback when it is registered; a name may later resolve somewhere else
(DNS rebinding, a changed record). This session's connections resolve the host themselves at delivery
time, check every address with the callback policy and connect to the checked address only, so what is
checked is what is connected to (TLS still verifies the certificate for the host name). Environment proxies
are not used: a proxy would connect on the component's behalf to an address nobody checked.
"""

from __future__ import annotations

import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError
from urllib3.util import connection as urllib3_connection

from component.events.callback_policy import CallbackPolicy, CallbackRefused, parse_address


def guarded_session(policy: CallbackPolicy) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _connect(connection: HTTPConnection, policy: CallbackPolicy) -> socket.socket:
    host = connection._dns_host  # noqa: SLF001 - the name urllib3 would resolve
    port = connection.port
    if policy.host_allowed(host):
        return HTTPConnection._new_conn(connection)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NewConnectionError(connection, f"cannot resolve {host!r}: {error}") from error
    addresses = []
    for info in infos:
        address = parse_address(str(info[4][0]))
        if address is None:
            continue
        try:
            policy.check_address(host, address)
        except CallbackRefused as refusal:
            raise NewConnectionError(connection, refusal.message) from None
        addresses.append(address)
    error: OSError | None = None
    for address in addresses:
        try:
            return urllib3_connection.create_connection(
                (str(address), port), connection.timeout, source_address=connection.source_address,
                socket_options=connection.socket_options)
        except OSError as failure:
            error = failure
    raise NewConnectionError(connection, f"cannot connect to {host!r}: {error}")


def _connection_classes(policy: CallbackPolicy) -> dict[str, type[HTTPConnectionPool]]:
    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, policy)

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, policy)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, policy: CallbackPolicy, **kwargs: Any) -> None:
        self._pools = _connection_classes(policy)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)
