"""The pipeline version follows the code that shapes an index, and the built index records it."""

import shutil

import pytest

import rag.index
from rag.config import Settings
from rag.index import PIPELINE_VERSION, read_manifest
from rag.pipeline import ensure_index
from rag.version import code_hash, pipeline_version, shaping_sources
from tests.conftest import CORPUS

LABEL = PIPELINE_VERSION.split("+")[0]


def _changed(sources: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in sources[name], f"{old!r} is no longer in {name}; pick another line"
    return {**sources, name: sources[name].replace(old, new, 1)}


def test_the_shaping_code_is_hashed():
    names = set(shaping_sources())
    assert {"segment.py", "chunk.py", "normalize.py", "embed.py", "ingest.py", "index.py",
            "values/extract.py", "values/model.py"} <= names
    assert "ui.py" not in names and "answer.py" not in names  # answering code does not shape the index


def test_the_version_is_the_label_and_the_hash_of_the_code_as_it_is():
    assert PIPELINE_VERSION == pipeline_version(LABEL) == f"{LABEL}+{code_hash(shaping_sources())}"


def test_a_code_change_changes_the_version_and_a_comment_does_not():
    sources = shaping_sources()
    edited = _changed(sources, "values/extract.py", "def _is_year(s: str) -> bool:",
                      "def _is_year(s: str) -> bool:\n    s = s.strip()")
    assert pipeline_version(LABEL, edited) != PIPELINE_VERSION
    commented = {**sources, "segment.py": sources["segment.py"] + "\n# a note, and layout  \n\n"}
    assert pipeline_version(LABEL, commented) == PIPELINE_VERSION
    assert pipeline_version(LABEL, {**sources, "chunk.py": "def broken(:\n"}) != PIPELINE_VERSION
    assert pipeline_version(LABEL, {}) == LABEL


def test_the_built_index_records_the_version(pipeline, settings):
    assert read_manifest(settings.index_dir)["pipeline_version"] == PIPELINE_VERSION


@pytest.mark.slow
def test_an_index_built_by_other_code_is_rebuilt(pipeline, settings, tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(settings.index_dir, index_dir)
    local = Settings.from_env(corpus_dir=corpus, index_dir=index_dir)
    edited = _changed(shaping_sources(), "chunk.py", "def ", "def _unused() -> None:\n    pass\n\n\ndef ")
    monkeypatch.setattr(rag.index, "PIPELINE_VERSION", pipeline_version(LABEL, edited))
    index, rebuilt = ensure_index(local, pipeline.embedder)
    assert rebuilt
    assert read_manifest(index_dir)["pipeline_version"] == rag.index.PIPELINE_VERSION != PIPELINE_VERSION
    assert len(index.chunks) == len(pipeline.index.chunks)


def test_the_hash_kept_on_disk_is_the_hash_computed(tmp_path):
    sources = shaping_sources()
    fresh = code_hash(sources, cache=None)
    assert code_hash(sources, cache=tmp_path) == fresh  # computed, then written
    assert len(list(tmp_path.iterdir())) == 1
    assert code_hash(sources, cache=tmp_path) == fresh  # read back
    commented = {**sources, "chunk.py": sources["chunk.py"] + "\n# a comment\n"}
    assert code_hash(commented, cache=tmp_path) == fresh  # a new text misses the cache, same tree
    assert len(list(tmp_path.iterdir())) == 2
    edited = _changed(sources, "chunk.py", "def ", "def _x(): pass\n\n\ndef ")
    assert code_hash(edited, cache=tmp_path) != fresh


def test_files_read_by_other_reading_code_are_read_again():
    """An index built by another pipeline version must not lend its Documents to the next build: a change to
    ingest (here, storing PDF lines in reading order) would otherwise never reach files whose bytes did not change."""
    from types import SimpleNamespace

    from rag.index import PIPELINE_VERSION
    from rag.pipeline import known_files
    from rag.types import Document

    doc = Document(doc_id="a", text="x", title="a", language="en", path="corpus/a.md")
    index = SimpleNamespace(manifest={"pipeline_version": PIPELINE_VERSION}, documents={"a": doc},
                            sources={"corpus/a.md": (1, 2)})
    assert known_files(index) == {"corpus/a.md": (1, 2, doc)}
    index.manifest = {"pipeline_version": "older-000000000000"}
    assert known_files(index) == {}
