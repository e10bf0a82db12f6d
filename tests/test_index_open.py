"""Opening an index: vectors memory-mapped, per-sentence flags read rather than derived, older files still read."""

from __future__ import annotations

import shutil

import numpy as np

from rag import store
from rag.index import load_index
from rag.index_files import CALIBRATION_FILE, FRAGMENT_FILE
from rag.index_record import _group_rows
from rag.segment import is_fragment


def test_vectors_are_memory_mapped_and_fragment_flags_read_from_disk(pipeline, settings):
    index = load_index(settings.index_dir)
    for vectors in (index.sentence_vectors, index.chunk_vectors, index.value_vectors):
        assert not vectors.flags.owndata and not vectors.flags.writeable  # rows in the file's pages
    assert index.faiss_file.endswith("chunks.faiss")
    assert FRAGMENT_FILE in index.manifest["files"] and CALIBRATION_FILE in index.manifest["files"]
    assert index.short_sentence.tolist() == [is_fragment(s.text) for s in index.sentences]
    assert np.array_equal(index.sentence_vectors, pipeline.index.sentence_vectors)


def test_an_index_written_before_the_fragment_file_still_loads(pipeline, settings, tmp_path):
    """A generation without sentence_fragment.npy and calibration.npz (older builds) is read, and what they
    hold is derived: the same as what was kept."""
    gen = store.current_dir(settings.index_dir)
    manifest = load_index(settings.index_dir).manifest
    old = tmp_path / "old-index"
    with store.writing(old) as tmp:
        for path in gen.iterdir():
            if path.name in ("manifest.json", store.READERS, FRAGMENT_FILE, CALIBRATION_FILE):
                continue
            (shutil.copytree if path.is_dir() else shutil.copyfile)(path, tmp / path.name)
        store.publish(tmp, {k: v for k, v in manifest.items() if k != "files"})
    loaded = load_index(old)
    assert FRAGMENT_FILE not in loaded.manifest["files"] and CALIBRATION_FILE not in loaded.manifest["files"]
    assert np.array_equal(loaded.short_sentence, pipeline.index.short_sentence)
    assert loaded.short_sentence.any() and not loaded.short_sentence.all()
    kept = load_index(settings.index_dir).calibration_rows  # read from calibration.npz
    for kind, derived in loaded.calibration_rows.items():
        assert derived.count == kept[kind].count and set(derived.sample) == set(kept[kind].sample)
        assert all(np.array_equal(derived.sample[k], kept[kind].sample[k]) for k in derived.sample)
        assert all(np.allclose(derived.means[k], kept[kind].means[k]) for k in derived.means)
        assert np.allclose(derived.scatter, kept[kind].scatter), kind


def test_group_rows_extends_a_base_as_a_full_grouping_would():
    keys = ["d1", "d2", "d1", "d3", "d2", "d4"]
    whole = _group_rows(keys)
    grown = _group_rows(keys[4:], 4, _group_rows(keys[:4]))
    assert list(grown) == list(whole) and all(np.array_equal(grown[k], whole[k]) for k in whole)
