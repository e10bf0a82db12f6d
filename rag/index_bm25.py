"""BM25 over the chunks (bm25s), with every chunk's token ids kept so adding a document never tokenizes the others.

Adding a document changes every term's IDF and the average length inside every stored score, so
BM25 is indexed again over all chunks on each add. Measured on 46,655 chunk-sized texts of the
100k-sentence benchmark corpus (``benchmarks/perf/grow.py``; CPU seconds, 2 shared cores):
tokenizing them took 13.6 s, bm25s' own ``index`` 4.4 s from tokens and 2.6 s from token ids (its
loops run per document in Python), the whole-array scoring below 0.4 s. So the token ids are cached
(``bm25_tokens.npy`` + ``bm25_token_offsets.npy``, in the index folder) and the scores computed from
them here; they equal bm25s' own (Lucene BM25, k1 = 1.5, b = 0.75; largest difference 1e-6, checked
in tests/test_index_append.py) and are handed to a ``bm25s.BM25``, so querying, saving and loading
stay bm25s'. A delta segment beside the main index would have saved even that 0.4 s, at the price
of scores that differ from a full build's (IDF of the segment's own documents only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.types import Chunk

EMPTY = "\x00empty"  # the token of a chunk with no words (bm25s needs at least one per document)
TOKENS_FILE = "bm25_tokens.npy"
OFFSETS_FILE = "bm25_token_offsets.npy"


@dataclass(frozen=True)
class TokenIds:
    """Every chunk's BM25 token ids, concatenated: chunk i is ``ids[offsets[i]:offsets[i + 1]]``."""

    ids: np.ndarray  # int32 ids in the BM25 vocabulary
    offsets: np.ndarray  # int64, one more than there are chunks

    def __len__(self) -> int:
        return len(self.offsets) - 1


def _encode(token_lists: list[list[str]], vocab: dict[str, int]) -> TokenIds:
    """Ids of the tokens, adding unseen tokens to ``vocab`` (in place) in order of first use.

    Example: [['a', 'b'], ['b', 'c']], {} -> ids [0 1 1 2], offsets [0 2 4]; vocab {'a': 0, 'b': 1, 'c': 2}.
    """
    ids = [vocab.setdefault(t, len(vocab)) for tokens in token_lists for t in tokens]
    offsets = np.zeros(len(token_lists) + 1, dtype=np.int64)
    np.cumsum([len(tokens) for tokens in token_lists], out=offsets[1:])
    return TokenIds(np.asarray(ids, dtype=np.int32), offsets)


def chunk_tokens(chunks: list[Chunk]) -> list[list[str]]:
    from rag.normalize import tokenize

    return [tokenize(c.text) or [EMPTY] for c in chunks]


def bm25_from_ids(tokens: TokenIds, vocab: dict[str, int], k1: float = 1.5, b: float = 0.75) -> Any:
    """A ``bm25s.BM25`` (Lucene variant, its default) indexed from token ids in whole-array steps."""
    import bm25s
    import scipy.sparse as sp

    n_docs, n_vocab = len(tokens), len(vocab)
    lengths = np.diff(tokens.offsets)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    pairs, tf = np.unique(doc_of * n_vocab + tokens.ids, return_counts=True)  # (document, term) and its count
    doc, term = pairs // n_vocab, pairs % n_vocab
    df = np.bincount(term, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)  # bm25s.scoring._calculate_idf_lucene
    tf = tf.astype(np.float32)
    norm = k1 * ((1 - b) + b * lengths[doc].astype(np.float32) / np.float32(lengths.mean() if n_docs else 1.0))
    matrix = sp.csc_matrix((idf[term] * (tf / (norm + tf)), (doc, term)), shape=(n_docs, n_vocab), dtype=np.float32)
    retriever = bm25s.BM25(k1=k1, b=b)
    # What bm25s.BM25.index sets once it has its scores (bm25s 0.2-0.3): the CSC arrays and the vocabulary,
    # with the empty token last, outside the matrix.
    retriever.scores = {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr, "num_docs": n_docs}
    retriever.vocab_dict = {**vocab, "": n_vocab}
    retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
    retriever.nonoccurrence_array = None  # only BM25L and BM25+ have one
    return retriever


def build_bm25(chunks: list[Chunk]) -> tuple[Any, TokenIds]:
    """BM25 over every chunk (tokenized here), and the token ids to keep beside it."""
    vocab: dict[str, int] = {}
    tokens = _encode(chunk_tokens(chunks), vocab)
    return bm25_from_ids(tokens, vocab), tokens


def append_bm25(previous: Any, chunks: list[Chunk]) -> tuple[Any, TokenIds, str]:
    """BM25 over the previous index's chunks plus ``chunks``, tokenizing only the new ones when the
    previous index kept its token ids; (bm25, token ids, how it was done)."""
    cached: TokenIds | None = getattr(previous, "bm25_tokens", None)
    vocab = {t: i for t, i in previous.bm25.vocab_dict.items() if t != ""}
    if cached is None or len(cached) != len(previous.chunks) or sorted(vocab.values()) != list(range(len(vocab))):
        bm25, tokens = build_bm25(previous.chunks + chunks)
        return bm25, tokens, "every chunk tokenized (the previous index kept no token ids)"
    new = _encode(chunk_tokens(chunks), vocab)
    tokens = TokenIds(np.concatenate([cached.ids, new.ids]),
                      np.concatenate([cached.offsets, new.offsets[1:] + cached.offsets[-1]]))
    return bm25_from_ids(tokens, vocab), tokens, "new chunks tokenized, all indexed from cached token ids"
