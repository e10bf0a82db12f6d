"""Opening the published index with the checks a setting asks for (``Settings.verify``, ``rag.store.Verify``).

``rag.index_files.load_index`` takes a yes/no (yes: the default ``auto`` checks); this takes the mode by
name, so ``rag index --verify`` and ``RAG_VERIFY=full`` can ask for every byte to be hashed, and a large
index opens in about a second with the cheap checks (sizes, sampled bytes, shapes) by default.
"""

from __future__ import annotations

from pathlib import Path

from rag import store
from rag.index_files import _load_files
from rag.index_record import Index


def open_index(folder: Path, verify: str = "auto") -> Index:
    """The generation CURRENT names, its files checked as ``verify`` says ('auto', 'full', 'quick', 'none')."""
    folder = Path(folder)
    with store.reading(folder, store.verify_mode(verify)) as (gen, manifest):
        index = _load_files(gen, dict(manifest.raw))
    index.generation = gen.name if gen != folder else ""
    return index
