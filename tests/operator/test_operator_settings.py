"""Unit: operator configuration from the environment."""

from __future__ import annotations

import pytest
from oda_cms_operator import OperatorConfig


def test_defaults_handle_every_component_outside_canvas_mode():
    config = OperatorConfig.from_env({})
    assert (config.component, config.canvas_mode, config.resync_interval, config.namespaces) == (None, False, 60, ())


def test_component_name_selects_a_single_component():
    assert OperatorConfig.from_env({"ODA_CMS_OPERATOR_COMPONENT": "r1-oda-cms"}).component == "r1-oda-cms"


def test_star_selects_every_component():
    assert OperatorConfig.from_env({"ODA_CMS_OPERATOR_COMPONENT": "*"}).component is None


def test_canvas_mode_and_namespaces_are_read():
    config = OperatorConfig.from_env({"ODA_CMS_OPERATOR_CANVAS_MODE": "true",
                                      "ODA_CMS_OPERATOR_NAMESPACES": "a, b"})
    assert (config.canvas_mode, config.namespaces) == (True, ("a", "b"))


def test_non_positive_resync_interval_is_rejected():
    with pytest.raises(ValueError):
        OperatorConfig.from_env({"ODA_CMS_OPERATOR_RESYNC_SECONDS": "0"})


def test_namespaces_limit_the_components_handled_not_the_providers():
    from oda_cms_operator import Reconciler

    reconciler = Reconciler(kube=None, config=OperatorConfig(namespaces=("a",)))  # type: ignore[arg-type]
    assert reconciler.in_scope({"metadata": {"namespace": "a", "name": "x"}})
    assert not reconciler.in_scope({"metadata": {"namespace": "b", "name": "x"}})
