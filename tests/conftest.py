"""Shared fixtures: the real corpus, the real bundled model, one real index per test session."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
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


@dataclass
class RunningApp:
    url: str
    pipeline: object
    settings: Settings


@pytest.fixture(scope="session")
def served(pipeline, settings):
    """The real app on a free loopback port, one per session (API and browser tests share it)."""
    import app  # gradio is imported only by the tests that need it

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.build_app(pipeline)
    _, url, _ = app.launch(demo, settings, port=port, prevent_thread_lock=True, quiet=True)
    yield RunningApp(url.rstrip("/") + "/", pipeline, settings)
    demo.close()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the real corpus, for tests that add or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


# Fixtures that load the bundled model and build the real index (~25 s on two free cores, once per session).
MODEL_FIXTURES = frozenset({"pipeline", "index", "served"})


def pytest_collection_modifyitems(config, items):
    """A test that needs the real index is slow by definition, so ``-m "not slow"`` runs only the tests
    that need no model, in seconds; the whole suite (``make test``) still runs everything."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
