"""Text out of a PDF with a text layer (pypdf); the segmenter re-flows its hard-wrapped lines later,
exactly as it does for the Persian article that came from a PDF."""

from __future__ import annotations

import io

from rag.errors import InvalidInput

MAX_PAGES = 200


def pdf_text(raw: bytes) -> tuple[str, str | None]:
    """(text, title from the PDF's metadata or None); raises InvalidInput for what cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InvalidInput("the PDF is password-protected")
        if len(reader.pages) > MAX_PAGES:
            raise InvalidInput(f"the PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise InvalidInput(f"not a readable PDF ({e.__class__.__name__})") from None
    text = "\n\n".join(p for p in pages if p).replace("\x00", "")
    if not text.strip():
        raise InvalidInput("the PDF has no text layer (a scanned image?); only text PDFs can be added")
    return text, (str(title).strip() or None) if title else None
