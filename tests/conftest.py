"""Shared fixtures: the real corpus, the real bundled model, one real index per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.config import ROOT, Settings

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings.from_env(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("index") / "index")


@pytest.fixture(scope="session")
def pipeline(settings):
    from rag.pipeline import Pipeline

    return Pipeline(settings)


@pytest.fixture(scope="session")
def index(pipeline):
    return pipeline.index


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the real corpus, for tests that add or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
