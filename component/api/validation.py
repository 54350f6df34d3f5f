"""Request validation plugged into connexion's `validator_map`.

Connexion builds a fresh JSON Schema validator (after deep-copying the schema) for every parameter and
body of every request; a third of a GET's time went there. These validators compile each schema once.
What is accepted and the errors raised stay connexion's, except for merge-patch nulls (see below).
"""

from __future__ import annotations

from typing import Any

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator
from connexion.utils import is_null, is_nullable
from connexion.validators import FormDataValidator, JSONRequestBodyValidator, MultiPartFormDataValidator
from connexion.validators.parameter import ParameterValidator, draft4_format_checker
from jsonschema import Draft4Validator, ValidationError
from starlette.types import Scope


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
            return describe(exception, f"{parameter_type} parameter '{param['name']}'")
        return None


class JSONBodyValidator(JSONRequestBodyValidator):
    """Connexion's JSON body validation with two changes:

    - the compiled schema validator is built once per schema, not once per request;
    - in a merge patch (PATCH with a JSON object body) a top-level `null` means "remove this attribute"
      (RFC 7386; the served document marks those properties nullable), so it is left out before the body
      is checked. A nested null is refused: replace the enclosing object, or use JSON Patch.
    """

    _compiled: dict[int, tuple[dict[str, Any], Any]] = {}
    _merge_patch = False

    @property
    def _validator(self) -> Any:
        entry = self._compiled.get(id(self._schema))
        if entry is None or entry[0] is not self._schema:
            entry = (self._schema, Draft4RequestValidator(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER))
            self._compiled[id(self._schema)] = entry
        return entry[1]

    async def _parse(self, stream: Any, scope: Scope) -> Any:
        self._merge_patch = scope.get("method") == "PATCH"
        try:
            return await super()._parse(stream, scope)
        except UnicodeDecodeError as error:
            raise BadRequestProblem(detail=f"the request body is not {self._encoding} text: {error.reason}") from error

    def _validate(self, body: Any) -> dict | None:
        if _contains_nul(body):
            # PostgreSQL cannot store U+0000 in text or jsonb; no TMF attribute needs it.
            raise BadRequestProblem(detail="strings must not contain the NUL character (U+0000)")
        if self._merge_patch and isinstance(body, dict):
            body = {key: value for key, value in body.items() if value is not None}
        if not self._nullable and body is None:
            raise BadRequestProblem(detail="the request needs a JSON body")
        try:
            return self._validator.validate(body)
        except ValidationError as exception:
            raise BadRequestProblem(detail=describe(exception, "")) from None


JSON_TYPES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
              "object": "an object", "array": "an array", "null": "null"}


def describe(error: ValidationError, subject: str) -> str:
    """One sentence naming the attribute (or parameter) and what is allowed: never a schema dump."""
    where = subject or _attribute(error.absolute_path) or "the request body"
    expected = error.validator_value
    kind = error.validator
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(JSON_TYPES.get(item, item) for item in types)
        return f"{where} must be {wanted}, not {_json_type(error.instance)}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where} needs the attribute '{missing}'"
    if kind == "enum":
        return f"{where} must be one of {', '.join(map(str, expected))}, not {_shown(error.instance)}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
                 "exclusiveMaximum": "less than"}[str(kind)]
        return f"{where} must be {bound} {expected}, not {_shown(error.instance)}"
    if kind in ("minLength", "maxLength", "minItems", "maxItems"):
        bound = "at least" if str(kind).startswith("min") else "at most"
        unit = "character" if str(kind).endswith("Length") else "item"
        return f"{where} must have {bound} {expected} {unit}{'s' if expected != 1 else ''}"
    if kind == "pattern":
        return f"{where} must match the pattern {expected}, not {_shown(error.instance)}"
    if kind == "format":
        return f"{where} must be a valid {expected}, not {_shown(error.instance)}"
    if kind == "additionalProperties":
        return f"{where} does not allow {error.message.split('(')[-1].rstrip(')')}"
    return f"{where}: {error.message.splitlines()[0][:200]}"


def _attribute(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {str: "a string", int: "a number", float: "a number", dict: "an object", list: "an array"}.get(
        type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


VALIDATOR_MAP = {
    "parameter": CachedParameterValidator,
    "body": MediaTypeDict({
        "*/*json": JSONBodyValidator,
        "application/x-www-form-urlencoded": FormDataValidator,
        "multipart/form-data": MultiPartFormDataValidator,
    }),
}
