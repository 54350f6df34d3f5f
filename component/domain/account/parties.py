"""The related parties of a billing account other than its Customer (TMF666 requires `relatedParty`, not a
Customer in it): Individual, Organization, PartyRole ... references are accepted as given; when a TMF632
Party Management API is wired (the `PartyLookup` port, implemented by `component.party_directory` and given
by the composition root), Individuals and Organizations must exist there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from component.domain.account.holder import CUSTOMER
from component.domain.kernel.errors import InvalidReference


class PartyLookup(Protocol):
    def exists(self, referred_type: str, party_id: str) -> bool | None:
        """True / False when known to a party directory, None when it cannot be checked (none wired)."""


class _NoPartyDirectory:
    def exists(self, referred_type: str, party_id: str) -> bool | None:
        return None


NO_PARTY_DIRECTORY: PartyLookup = _NoPartyDirectory()


def check_other_parties(account: Mapping[str, Any], directory: PartyLookup,
                        before: Mapping[str, Any] | None = None) -> None:
    """Refuse a non-Customer related party the party directory does not know; on a patch (`before`) only
    the entries the patch adds are checked."""
    known = {(party.get("@referredType"), party.get("id")) for party in (before or {}).get("relatedParty") or []}
    for party in account.get("relatedParty") or []:
        referred, identifier = party.get("@referredType"), party.get("id")
        if referred == CUSTOMER or not isinstance(identifier, str) or (referred, identifier) in known:
            continue
        if directory.exists(str(referred), identifier) is False:
            raise InvalidReference(f"relatedParty names {referred} {identifier!r}, which the party management "
                                   "API does not know")
