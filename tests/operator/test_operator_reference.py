"""The shared-material guard: skip locally without the ODA reference, fail in CI."""

from __future__ import annotations

import oda_reference
import pytest


def test_missing_reference_skips_outside_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(oda_reference, "SHARED", tmp_path / "absent")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        oda_reference.require_shared("oda/crds")


def test_missing_reference_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(oda_reference, "SHARED", tmp_path / "absent")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        oda_reference.require_shared("oda/crds")


def test_reference_is_located_beside_the_repository():
    assert oda_reference.SHARED == oda_reference.REPO_ROOT.parent / "shared"
