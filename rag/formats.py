"""Reading one article file: strict UTF-8, YAML front matter, or HTML's visible text and meta tags.

The body is returned verbatim (quotes are slices of it); metadata fields are checked by ``rag.ingest``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from rag.errors import CorpusError

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
# Indexing costs grow linearly, about 8 minutes per MB of article text on 2 free cores (the 50 KB corpus
# embeds in ~25 s); a 19.5 MB file would take hours. Bigger files are refused with this reason.
MAX_BYTES = 2_000_000


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a date no calendar has is reported as a field error."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_text(path: Path) -> str:
    """Strict UTF-8 (BOM allowed): a wrong-encoding or binary file is an error, not mojibake."""
    try:
        if path.stat().st_size > MAX_BYTES:  # before reading it all into memory
            raise CorpusError(f"{path}: file is larger than {MAX_BYTES:,} bytes (indexing takes about 8 minutes "
                              "per MB here); split it into several articles")
        raw = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e.strerror})") from e
    if not raw.strip():
        raise CorpusError(f"{path}: file is empty")
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


def parse_html(text: str) -> tuple[dict, str]:
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


def split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader) or {}  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: front matter is not valid YAML ({e.__class__.__name__})") from e
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as e:  # explicit tags, deep nesting
        raise CorpusError(f"{path}: front matter cannot be read ({e.__class__.__name__}: {str(e)[:120]})") from e
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be a mapping of fields")
    return {k: v for k, v in meta.items() if isinstance(k, str)}, text[match.end():]
