"""TMF632 Party Management as a dependent API: whether an Individual or Organization a billing account names
in `relatedParty` exists (implements `component.domain.account.parties.PartyLookup`).

The provider is the dependent API named by the setting PARTY_MANAGEMENT_DEPENDENCY (default `TMF632`, found
by name or API id in the operator's dependent-API file), looked up at every check, so a provider wired or
removed later is followed without a restart. Without a ready provider nothing is checked (None). With one,
`GET {url}/individual/{id}` (or `/organization/{id}`) answers 200 (exists) or 404 (does not); anything else
is a 503 (the party directory cannot be reached).
"""

from __future__ import annotations

import requests

from component.dependencies import DependentApis
from component.domain.kernel.errors import DomainError

COLLECTIONS = {"Individual": "individual", "Organization": "organization"}
TIMEOUT_SECONDS = 5.0


class PartyDirectoryUnavailable(DomainError):
    status, code, reason = 503, "PARTY_DIRECTORY_UNAVAILABLE", "The party management API cannot be reached"


class PartyDirectory:
    def __init__(self, dependencies: DependentApis, dependency: str) -> None:
        self.dependencies = dependencies
        self.dependency = dependency

    def exists(self, referred_type: str, party_id: str) -> bool | None:
        """True / False when a TMF632 provider is wired and knows the type; None when nothing can be checked."""
        url = self.dependencies.url(self.dependency)
        collection = COLLECTIONS.get(referred_type)
        if not url or collection is None:
            return None
        target = f"{url.rstrip('/')}/{collection}/{requests.utils.quote(party_id, safe='')}"
        try:
            response = requests.get(target, headers={"Accept": "application/json"}, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise PartyDirectoryUnavailable(f"party management {url}: {error}") from error
        if response.status_code in (200, 404):
            return response.status_code == 200
        raise PartyDirectoryUnavailable(f"GET {target} answered {response.status_code}")
