"""Order item characteristics against the catalogue's characteristic specifications."""

from __future__ import annotations

from typing import Any

import pytest

from component.domain.catalog.port import CharacteristicSpec, Offering
from component.domain.kernel.errors import ValidationFailed
from component.domain.ordering.characteristics import check_characteristics

OFFERING = Offering(id="o", name="O", role="vas", specification_id="s", specification_name="S", characteristics={
    "zone": CharacteristicSpec("zone", min_cardinality=1, allowed=("EU", "World")),
    "allocation": CharacteristicSpec("allocation", value_type="integer", value_from=1, value_to=100),
    "code": CharacteristicSpec("code", regex="^[A-Z]{3}$"),
})


def check(*given: dict[str, Any], complete: bool = True) -> None:
    check_characteristics(OFFERING, given, "item", complete=complete)


def test_valid_characteristics_pass() -> None:
    check({"name": "zone", "value": "EU"}, {"name": "allocation", "value": 100}, {"name": "code", "value": "ABC"})


@pytest.mark.parametrize(("given", "message"), [
    ({"name": "colour", "value": "red"}, "'colour' is not defined"),
    ({"name": "zone", "value": "Mars"}, "must be one of EU, World"),
    ({"name": "allocation", "value": "5"}, "must be of type integer"),
    ({"name": "allocation", "value": True}, "must be of type integer"),
    ({"name": "allocation", "value": 0}, "must be at least 1"),
    ({"name": "allocation", "value": 101}, "must be at most 100"),
    ({"name": "code", "value": "abcd"}, "does not match the pattern"),
])
def test_a_characteristic_outside_its_specification_is_refused(given: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        check({"name": "zone", "value": "EU"}, given) if given["name"] != "zone" else check(given)


def test_a_mandatory_characteristic_is_needed_only_when_complete() -> None:
    with pytest.raises(ValidationFailed, match="needs the characteristic"):
        check({"name": "code", "value": "ABC"})
    check({"name": "code", "value": "ABC"}, complete=False)
