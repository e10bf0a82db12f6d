"""Read article files into Documents; a bad file is reported by name and skipped.

Formats: Markdown or plain text with optional YAML front matter (``---`` … ``---``), and HTML
(title and meta tags become metadata). The body is kept verbatim: quotes are slices of it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import CorpusError
from rag.formats import MAX_BYTES, parse_html, read_text, split_front_matter  # noqa: F401  (MAX_BYTES: importable here)
from rag.language import detect_language
from rag.reading_order import in_reading_order
from rag.types import Document
from rag.values import calendar_date

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_ID_CHARS = 200  # ids travel in citation links (rag.ui.cite_href)
MAX_FIELD_CHARS = 2_000
TEXT_FIELDS = ("title", "author", "publisher", "date_note", "url", "title_en", "summary_en")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns) when read


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if len(line.strip()) >= 8:
            return line.strip()[:120]
    return ""


def _date_field(path: Path, value) -> str | None:
    """Dates in front matter: ISO 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' that a calendar has.

    Example: '2024-02-30' -> CorpusError naming the file and the field; 2021 -> '2021'.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None or calendar_date(text) is None:
        shown = text if text is not None else f"a {type(value).__name__}"
        raise CorpusError(f"{path}: field 'date' must be a real ISO date like 2021-10-05, got {shown!r:.80}")
    return text


def _text_field(path: Path, meta: dict, key: str) -> str | None:
    """A metadata field as text: numbers become text, lists/mappings/booleans are refused by name.

    Example: author: 1984 -> '1984'; author: [a, b] -> CorpusError("…field 'author' must be text…").
    """
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CorpusError(f"{path}: field {key!r} must be text, got a {type(value).__name__}")
    text = str(value).strip()
    if len(text) > MAX_FIELD_CHARS:
        raise CorpusError(f"{path}: field {key!r} is longer than {MAX_FIELD_CHARS} characters")
    return _CONTROL.sub(" ", text) or None


def _doc_id(path: Path, meta: dict) -> str:
    doc_id = _text_field(path, meta, "id") or path.stem
    if len(doc_id) > MAX_ID_CHARS or _CONTROL.search(doc_id) or not doc_id.strip() or "/" in doc_id or "\\" in doc_id:
        raise CorpusError(f"{path}: document id must be 1 to {MAX_ID_CHARS} printable characters, no / or \\")
    return doc_id


def load_document(path: Path) -> Document:
    """One file → one Document; raises CorpusError naming the file."""
    text = read_text(path)
    if path.suffix.lower() in (".html", ".htm"):
        meta, body = parse_html(text)
    else:
        meta, body = split_front_matter(path, text)
    if not body.strip():
        raise CorpusError(f"{path}: no article text after the metadata")
    # a right-to-left PDF's lines whose runs came out reversed are stored as read ('کید کرد. … افتتاح  اهمیت
    # روابط … تأ' → 'اهمیت روابط … تأکید کرد. … افتتاح'): sentences, values and frames read what a reader reads
    body = in_reading_order(body)
    language = meta.get("language") or detect_language(body)
    if language not in ("ar", "fa", "en", "other"):
        raise CorpusError(f"{path}: field 'language' must be one of ar, fa, en, other; got {str(language)[:40]!r}")
    fields = {key: _text_field(path, meta, key) for key in TEXT_FIELDS}
    doc = Document(
        doc_id=_doc_id(path, meta),
        text=body,
        title=fields["title"] or _first_line(body) or path.stem,
        language=language,
        path=str(path),
        publisher=fields["publisher"],
        author=fields["author"],
        date=_date_field(path, meta.get("date")),
        date_note=fields["date_note"],
        url=fields["url"],
        title_en=fields["title_en"],
        summary_en=fields["summary_en"],
    )
    return _with_fingerprint(doc)


def fingerprinted(doc: Document) -> Document:
    """``doc`` with its content hash set, for documents built in code (benchmarks) rather than read from files."""
    return _with_fingerprint(doc)


def _with_fingerprint(doc: Document) -> Document:
    fields = {k: v for k, v in doc.__dict__.items() if k not in ("fingerprint", "path")}
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return Document(**{**doc.__dict__, "fingerprint": digest[:16]})


def _printable(path: str) -> str:
    """A path as text that can be printed and stored even when its name is not valid UTF-8."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Regular files under root, without recursion (a corpus 1,000 folders deep is fine) and without
    following links; links and special files are refused by name."""
    files: list[Path] = []
    refused: list[Skipped] = []
    real_root = os.path.realpath(root)
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            refused.append(Skipped(_printable(e.filename or "?"), f"cannot list folder ({e.strerror})"))
            continue
        # A file that is no link resolves where its folder does: one realpath per folder (per file it was
        # ~1 s of every add at 6,000 articles).
        inside = os.path.commonpath([real_root, os.path.realpath(folder)]) == real_root
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                refused.append(Skipped(_printable(entry.path), "symbolic link refused (only files inside the corpus "
                                       "folder are read)"))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                refused.append(Skipped(_printable(entry.path), "not a regular file"))
            elif not inside:
                refused.append(Skipped(_printable(entry.path), "resolves outside the corpus folder; refused"))
            else:
                files.append(Path(entry.path))
    return files, refused


def _name_problem(path: Path) -> str | None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename the file"
    if _CONTROL.search(path.name):
        return "file name contains control characters; rename the file"
    return None


def load_corpus(folder: Path, known: Mapping[str, tuple[int, int, Document]] | None = None) -> Corpus:
    """Every article file under ``folder``, sorted by name; bad files are skipped with a reason.

    Everything in a file is untrusted: one bad file is reported by name and never stops the others.
    ``known``: path -> (size, mtime_ns, Document) of files read before (the index keeps them); a file
    whose size and modification time (ns) are unchanged is not read and parsed again, as make and
    rsync decide (at 6,000 articles parsing their front matter took seconds on every add).
    """
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder does not exist")
    docs: list[Document] = []
    files, skipped = _walk(folder)
    seen: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for path in sorted(files, key=lambda p: _printable(str(p))):
        if path.name.lower() == "readme.md":
            continue
        problem = _name_problem(path)
        if problem or path.suffix.lower() not in SUFFIXES:
            skipped.append(Skipped(_printable(str(path)), problem or f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            st = path.stat()  # before reading: a change while it is read shows next time
            stat = (st.st_size, st.st_mtime_ns)
            old = known.get(str(path)) if known else None
            doc = old[2] if old is not None and old[:2] == stat else load_document(path)
            stats[str(path)] = stat
        except CorpusError as e:
            skipped.append(Skipped(str(path), str(e)))
            continue
        except RecursionError:
            skipped.append(Skipped(str(path), f"{path}: too deeply nested to read"))
            continue
        except OSError as e:  # gone or unreadable between listing and reading
            skipped.append(Skipped(str(path), f"{path}: cannot read ({e.strerror})"))
            continue
        if doc.doc_id in seen:
            skipped.append(Skipped(str(path), f"duplicate document id {doc.doc_id!r} (also {seen[doc.doc_id]})"))
            continue
        seen[doc.doc_id] = str(path)
        docs.append(doc)
    return Corpus(tuple(docs), tuple(skipped), stats)
