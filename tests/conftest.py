"""Shared fixtures: the ../shared folder (skipped cleanly when absent) and a tiny-project writer."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (photos, conformance data, bench scripts).

    Tests that take this fixture use ../shared and are skipped when it is absent.
    """
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: this test uses its photos or conformance data")
    return SHARED
