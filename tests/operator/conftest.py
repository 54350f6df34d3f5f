"""Fixtures for the operator tests: the emulated cluster and a fast-resyncing operator configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator

import kmock
import pytest
import pytest_asyncio
from oda_cms_operator import OperatorConfig
from operator_emulator import ClusterEmulator


@pytest_asyncio.fixture()
async def cluster() -> AsyncIterator[ClusterEmulator]:
    """An emulated Kubernetes API with the ODA CRDs registered, served on a local port."""
    async with ClusterEmulator() as emulator, kmock.Server(emulator):
        yield emulator


@pytest.fixture()
def config() -> OperatorConfig:
    """A fast-resyncing configuration handling every Component."""
    return OperatorConfig(resync_interval=0.3)
