"""Every test runs with its own user cache directory and no cache key in the
environment: the real ~/.cache/proofcheck is never read or written."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_user_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.delenv("PROOFCHECK_CACHE_KEY", raising=False)
