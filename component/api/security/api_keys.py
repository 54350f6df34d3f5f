"""Static API keys for machine-to-machine callers, hashed at rest and compared in constant time.

The keys file (API_KEYS_FILE, YAML) holds SHA-256 digests, never keys:

    keys:
      - name: billing-system
        sha256: 5e88...  # `oda-cms hash-api-key` or `printf %s "$KEY" | sha256sum`
        roles: [oda-cms-writer]

A presented key (`X-API-Key: <key>`) is hashed and compared with every digest by `hmac.compare_digest`.
Keys are random secrets of high entropy (`openssl rand -hex 32`), so a fast hash is enough.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

import yaml


class ApiKeysFileError(ValueError):
    """The keys file cannot be read or holds an entry without a name, digest or roles."""


@dataclass(frozen=True)
class ApiKey:
    name: str
    digest: bytes
    roles: frozenset[str]


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeys:
    def __init__(self, keys: list[ApiKey]) -> None:
        self.keys = keys

    @classmethod
    def load(cls, path: Path) -> ApiKeys:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ApiKeysFileError(f"{path}: {error}") from None
        keys = []
        for entry in data.get("keys", []) if isinstance(data, dict) else []:
            try:
                name, hexdigest, roles = str(entry["name"]), str(entry["sha256"]).lower(), entry["roles"]
                raw = bytes.fromhex(hexdigest)
            except (KeyError, TypeError, ValueError):
                raise ApiKeysFileError(f"{path}: each key needs name, sha256 (64 hex digits) and roles") from None
            if len(raw) != 32 or not isinstance(roles, list):
                raise ApiKeysFileError(f"{path}: key {name!r} needs a 64-hex-digit sha256 and a list of roles")
            keys.append(ApiKey(name, raw, frozenset(str(role) for role in roles)))
        return cls(keys)

    def identify(self, presented: str) -> ApiKey | None:
        wanted = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found = None
        for key in self.keys:  # every digest compared: the time does not depend on which one matches
            if hmac.compare_digest(key.digest, wanted):
                found = key
        return found
