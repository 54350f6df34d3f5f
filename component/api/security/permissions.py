"""Roles -> permissions per API and operation (read / write / admin), from a YAML roles file.

Every operation of a served document needs a level on its API, decided by its operationId
(`required_level`); an operationId no rule covers is a start-up error, so a new operation cannot be
served without a rule. Roles granted by TMF669 PartyRole resources are added at run time
(`RoleMap.with_dynamic`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LEVELS = ("read", "write", "admin")
SPECIAL_TARGETS = ("listener", "admin", "dashboard", "metrics")
DEFAULT_ROLES_FILE = Path(__file__).with_name("roles.yaml")
_BY_PREFIX = (("list", "read"), ("retrieve", "read"), ("create", "write"), ("patch", "write"),
              ("delete", "write"), ("registerListener", "write"), ("unregisterListener", "write"))


class RolesFileError(ValueError):
    """The roles file cannot be read or names an unknown level."""


class UnknownOperation(ValueError):
    """An operationId no permission rule covers."""


@dataclass(frozen=True)
class Requirement:
    """What a request needs: a level on a target (an API's short name or a special target)."""

    target: str
    level: str

    def __str__(self) -> str:
        return f"{self.target}:{self.level}"


def required_level(operation_id: str) -> str:
    for prefix, level in _BY_PREFIX:
        rest = operation_id[len(prefix):]
        if operation_id.startswith(prefix) and (not rest or rest[0].isupper()):
            return level
    raise UnknownOperation(f"no permission rule for operation {operation_id!r}")


@dataclass(frozen=True)
class Permission:
    target: str  # an API short name, "*" (every API) or a special target
    level: str

    def grants(self, requirement: Requirement) -> bool:
        if self.target == "*":
            covers = requirement.target not in SPECIAL_TARGETS
        else:
            covers = self.target == requirement.target
        return covers and LEVELS.index(self.level) >= LEVELS.index(requirement.level)


def parse_permission(text: str) -> Permission:
    target, _, level = str(text).partition(":")
    if not target or level not in LEVELS:
        raise RolesFileError(f"a permission is <target>:<{'|'.join(LEVELS)}>, not {text!r}")
    return Permission(target, level)


DynamicRoles = Callable[[], Mapping[str, tuple[Permission, ...]]]


@dataclass(frozen=True)
class RoleMap:
    """Static roles from the roles file, plus roles a callable provides at run time (TMF669)."""

    roles: Mapping[str, tuple[Permission, ...]]
    dynamic: DynamicRoles | None = field(default=None, compare=False)

    @classmethod
    def load(cls, path: Path | None) -> RoleMap:
        path = path or DEFAULT_ROLES_FILE
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise RolesFileError(f"{path}: {error}") from None
        roles = data.get("roles") if isinstance(data, dict) else None
        if not isinstance(roles, dict):
            raise RolesFileError(f"{path}: expected a mapping 'roles: {{role: [permission, ...]}}'")
        return cls({str(name): tuple(parse_permission(item) for item in (granted or []))
                    for name, granted in roles.items()})

    def with_dynamic(self, dynamic: DynamicRoles) -> RoleMap:
        return RoleMap(self.roles, dynamic)

    def permissions(self, roles: Iterable[str]) -> list[Permission]:
        extra = self.dynamic() if self.dynamic else {}
        found: list[Permission] = []
        for role in roles:
            found += self.roles.get(role, ()) + tuple(extra.get(role, ()))
        return found

    def allows(self, roles: Iterable[str], requirement: Requirement) -> bool:
        return any(permission.grants(requirement) for permission in self.permissions(roles))
