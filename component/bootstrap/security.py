"""The access collaborators built from the settings: who the caller is (AUTH_MODE) and what roles grant."""

from __future__ import annotations

from component.api.security.api_keys import ApiKeys, ApiKeysFileError
from component.api.security.guard import Authenticator, BearerTokens, StaticKeys
from component.api.security.oidc import Jwks, OidcVerifier
from component.api.security.party_roles import PartyRolePermissions
from component.api.security.permissions import RoleMap, RolesFileError
from component.settings import ConfigurationError, Settings, variable
from component.store.database import Database


def authenticator(settings: Settings) -> Authenticator | None:
    """None when AUTH_MODE is none (every endpoint open)."""
    if settings.auth_mode == "oidc":
        assert settings.oidc_issuer and settings.oidc_audience  # checked by Settings
        jwks = Jwks(settings.oidc_jwks_url, settings.oidc_issuer, min_refresh=settings.oidc_jwks_min_refresh)
        try:
            verifier = OidcVerifier(jwks, issuer=settings.oidc_issuer, audience=settings.oidc_audience,
                                    algorithms=settings.oidc_algorithms, leeway=settings.oidc_leeway,
                                    client_id=settings.oidc_client_id)
        except ValueError as error:
            raise ConfigurationError(f"{variable('oidc_algorithms')}: {error}") from None
        return BearerTokens(verifier)
    if settings.auth_mode == "apikey":
        assert settings.api_keys_file is not None
        try:
            return StaticKeys(ApiKeys.load(settings.api_keys_file))
        except ApiKeysFileError as error:
            raise ConfigurationError(f"{variable('api_keys_file')}: {error}") from None
    return None


def role_map(settings: Settings, database: Database) -> RoleMap:
    """The roles file's roles, plus those TMF669 PartyRole resources grant (read when they change)."""
    try:
        return RoleMap.load(settings.roles_file).with_dynamic(PartyRolePermissions(database))
    except RolesFileError as error:
        raise ConfigurationError(f"{variable('roles_file')}: {error}") from None
