"""The one reader of the process environment: `Settings` from environment variables."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from component.settings import ConfigurationError, Settings


def settings_from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """The settings the environment gives (unset or empty variables keep the defaults), then `overrides`."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in dataclasses.fields(Settings):
        raw = environ.get(setting.metadata["env"])
        if raw is None or raw.strip() == "" or setting.name in overrides:
            continue
        try:
            values[setting.name] = setting.metadata["parse"](raw)
        except ValueError as error:
            raise ConfigurationError(f"{setting.metadata['env']} cannot be read from {raw!r}: {error}") from None
    values.update(overrides)
    return Settings(**values)
