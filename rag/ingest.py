"""Read article files into Documents; a bad file is reported by name and skipped.

Formats: Markdown or plain text with optional YAML front matter (``---`` … ``---``), and HTML
(title and meta tags become metadata). The body is kept verbatim: quotes are slices of it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from rag.errors import CorpusError
from rag.language import detect_language
from rag.types import Document

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


def read_text(path: Path) -> str:
    """Strict UTF-8 (BOM allowed): a wrong-encoding or binary file is an error, not mojibake."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e.strerror})") from e
    if not raw.strip():
        raise CorpusError(f"{path}: file is empty")
    if len(raw) > MAX_BYTES:
        raise CorpusError(f"{path}: file is larger than {MAX_BYTES} bytes")
    if b"\x00" in raw:
        raise CorpusError(f"{path}: binary file (contains NUL bytes), not an article")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: not valid UTF-8 at byte {e.start}; save it as UTF-8") from e


class _HtmlText(HTMLParser):
    """Visible text with block elements as line breaks; title and meta tags kept."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._stack.append(tag)
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = (a.get("name") or a.get("property") or "").lower()
            if key and a.get("content"):
                self.meta[key] = a["content"]
        if tag == "html":
            lang = dict(attrs).get("lang")
            if lang:
                self.meta["lang"] = lang

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if any(t in self.SKIP for t in self._stack):
            return
        if "title" in self._stack:
            self.title += data
            return
        self.parts.append(data)


def _parse_html(text: str) -> tuple[dict, str]:
    parser = _HtmlText()
    parser.feed(text)
    body = re.sub(r"[ \t]*\n[ \t\n]*", "\n\n", "".join(parser.parts)).strip()
    meta = {
        "title": parser.title.strip() or parser.meta.get("og:title"),
        "author": parser.meta.get("author"),
        "publisher": parser.meta.get("og:site_name"),
        "date": parser.meta.get("article:published_time", "")[:10] or parser.meta.get("date"),
        "language": parser.meta.get("lang", "")[:2] or None,
    }
    return {k: v for k, v in meta.items() if v}, body


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: front matter is not valid YAML ({e.__class__.__name__})") from e
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be a mapping of fields")
    return meta, text[match.end():]


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if len(line.strip()) >= 8:
            return line.strip()[:120]
    return ""


def _date_field(path: Path, value) -> str | None:
    """Dates in front matter: ISO 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; YAML may hand us a date."""
    if value is None or value == "":
        return None
    text = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise CorpusError(f"{path}: field 'date' must be an ISO date like 2021-10-05, got {text!r}")
    return text


def load_document(path: Path) -> Document:
    """One file → one Document; raises CorpusError naming the file."""
    text = read_text(path)
    if path.suffix.lower() in (".html", ".htm"):
        meta, body = _parse_html(text)
    else:
        meta, body = _split_front_matter(path, text)
    if not body.strip():
        raise CorpusError(f"{path}: no article text after the metadata")
    language = meta.get("language") or detect_language(body)
    if language not in ("ar", "fa", "en", "other"):
        raise CorpusError(f"{path}: field 'language' must be one of ar, fa, en, other; got {language!r}")
    doc = Document(
        doc_id=str(meta.get("id") or path.stem),
        text=body,
        title=str(meta.get("title") or _first_line(body) or path.stem),
        language=language,
        path=str(path),
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        date=_date_field(path, meta.get("date")),
        date_note=meta.get("date_note"),
        url=meta.get("url"),
    )
    return _with_fingerprint(doc)


def _with_fingerprint(doc: Document) -> Document:
    fields = {k: v for k, v in doc.__dict__.items() if k not in ("fingerprint", "path")}
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return Document(**{**doc.__dict__, "fingerprint": digest[:16]})


def load_corpus(folder: Path) -> Corpus:
    """Every article file under ``folder``, sorted by name; bad files are skipped with a reason."""
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder does not exist")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if path.suffix.lower() not in SUFFIXES:
            skipped.append(Skipped(str(path), f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            doc = load_document(path)
        except CorpusError as e:
            skipped.append(Skipped(str(path), str(e)))
            continue
        if doc.doc_id in seen:
            skipped.append(Skipped(str(path), f"duplicate document id {doc.doc_id!r} (also {seen[doc.doc_id]})"))
            continue
        seen[doc.doc_id] = str(path)
        docs.append(doc)
    return Corpus(tuple(docs), tuple(skipped))
