"""Roles granted at run time by TMF669 PartyRole resources: a role's name and the permissions its
`characteristic` entries named `permission` hold. They take effect without a restart: a cheap query
(count and latest change of PartyRole rows, on the kind's index) tells when to re-read them, in whichever
process the change was made."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from sqlalchemy import func, select

from component.api.security.permissions import Permission, RolesFileError, parse_permission
from component.domain.party_role.resources import PARTY_ROLE, permissions_of
from component.store.database import Database
from component.store.tables import resource


class PartyRolePermissions:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._version: tuple[int, str | None] | None = None
        self._roles: dict[str, tuple[Permission, ...]] = {}
        self._lock = threading.Lock()

    def __call__(self) -> Mapping[str, tuple[Permission, ...]]:
        kind = resource.c.kind == PARTY_ROLE.name
        with self.database.read() as connection:
            version = tuple(connection.execute(
                select(func.count(), func.max(resource.c.updated_at)).where(kind)).one())
            if version == self._version:
                return self._roles
            documents = [row.document for row in connection.execute(select(resource.c.document).where(kind))]
        roles: dict[str, tuple[Permission, ...]] = {}
        for document in documents:
            granted = []
            for text in permissions_of(document):
                try:
                    granted.append(parse_permission(text))
                except RolesFileError:
                    continue  # a characteristic that is not a permission of this component
            name = str(document.get("name", ""))
            roles[name] = roles.get(name, ()) + tuple(granted)
        with self._lock:
            self._version, self._roles = version, roles  # type: ignore[assignment]
        return roles
