"""Your own documents: add a file to the corpus folder, or remove one you added.

The next ``ensure_index`` picks the change up and embeds only the new text. Added files are named
``user-<content hash>.<ext>`` so they can never replace or remove an article of the bundled corpus.
A file is checked (type, size, text, readable as an article) before it lands in the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import yaml

from rag.errors import CorpusError, InvalidInput
from rag.formats import FRONT_MATTER
from rag.ingest import load_document
from rag.types import Document

SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf")
MAX_BYTES = 1_000_000  # the app's upload limit too
PREFIX = "user-"


def is_added(doc_id: str) -> bool:
    return doc_id.startswith(PREFIX)


def added(doc_ids: Iterable[str]) -> set[str]:
    return {d for d in doc_ids if is_added(d)}


def _check(name: str, raw: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{name}: only .md, .txt, .html and .pdf files can be added")
    if len(raw) > MAX_BYTES:
        raise InvalidInput(f"{name}: the file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    if not raw.strip():
        raise InvalidInput(f"{name}: the file is empty")
    if suffix == ".pdf" and not raw.startswith(b"%PDF-"):
        raise InvalidInput(f"{name}: this is not a PDF file")
    return suffix


def _as_markdown(body: str, doc_id: str, meta: dict) -> str:
    head = yaml.safe_dump({**meta, "id": doc_id}, allow_unicode=True, sort_keys=False)
    return f"---\n{head}---\n{body}"


def _article(name: str, raw: bytes, doc_id: str) -> tuple[str, str]:
    """(file suffix, file text) as stored in the corpus folder."""
    suffix = _check(name, raw)
    stem = Path(name).stem.replace("_", " ").strip() or doc_id
    if suffix == ".pdf":
        from rag.pdf import pdf_text

        text, title = pdf_text(raw)
        return ".md", _as_markdown(text, doc_id, {"title": title or stem, "source_file": name,
                                                   "source_note": "extracted from a PDF"})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name}: the text is not UTF-8; save it as UTF-8 and try again") from None
    if "\x00" in text:
        raise InvalidInput(f"{name}: binary data, not a text article")
    if suffix in (".html", ".htm"):
        return ".html", text
    match = FRONT_MATTER.match(text)
    meta: dict = {}
    body = text
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            raise InvalidInput(f"{name}: its front matter is not valid YAML") from None
        if not isinstance(meta, dict):
            raise InvalidInput(f"{name}: its front matter must be a mapping of fields")
        body = text[match.end():]
    meta.setdefault("source_file", name)
    return ".md", _as_markdown(body, doc_id, meta)


def add_bytes(name: str, raw: bytes, corpus_dir: Path) -> Document:
    """Check the file and write it into ``corpus_dir``; returns the Document as ingest will read it."""
    doc_id = PREFIX + hashlib.sha256(raw).hexdigest()[:12]
    suffix, text = _article(name, raw, doc_id)
    target = Path(corpus_dir) / f"{doc_id}{suffix}"
    if target.exists():
        raise InvalidInput(f"{name}: this file is already in the library ({doc_id})")
    tmp = target.with_name(f".{doc_id}.tmp{suffix}")  # dot files are ignored by the corpus reader
    tmp.write_text(text, encoding="utf-8")
    try:
        load_document(tmp)
    except CorpusError as e:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"{name}: {str(e).removeprefix(str(tmp) + ': ')}") from None
    os.replace(tmp, target)
    return load_document(target)


def add_file(path: Path, corpus_dir: Path) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read ({e.strerror})") from None
    if size > MAX_BYTES:
        raise InvalidInput(f"{path.name}: the file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    return add_bytes(path.name, path.read_bytes(), corpus_dir)


def remove(doc_id: str, corpus_dir: Path) -> Path:
    """Delete the file of a document you added; bundled articles cannot be removed this way."""
    if not is_added(doc_id) or not doc_id[len(PREFIX):].isalnum():
        raise InvalidInput(f"{doc_id!r} is not a document you added (their ids start with {PREFIX!r})")
    files = [p for p in Path(corpus_dir).glob(f"{doc_id}.*") if p.suffix.lower() in SUFFIXES]
    if not files:
        raise InvalidInput(f"no added document has the id {doc_id!r}")
    for p in files:
        p.unlink()
    return files[0]
