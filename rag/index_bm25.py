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
FREQUENCIES_FILE = "bm25_tf.npy"


@dataclass(frozen=True)
class TokenIds:
    """Every chunk's BM25 token ids, concatenated: chunk i is ``ids[offsets[i]:offsets[i + 1]]``."""

    ids: np.ndarray  # int32 ids in the BM25 vocabulary
    offsets: np.ndarray  # int64, one more than there are chunks
    # int32 term frequency of each stored BM25 score, in bm25/'s order (by term, then chunk): an add merges the
    # new chunks' (term, chunk, frequency) into these instead of counting every chunk's tokens again.
    tf: np.ndarray | None = None

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
    return _from_pairs(*_term_pairs(tokens, len(vocab)), tokens, vocab, k1, b)[0]


def _term_pairs(tokens: TokenIds, n_vocab: int, first: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk, term, frequency) of every distinct token of every chunk, by term then chunk; chunks numbered
    from ``first``. Example: ids [0 1 1 2], offsets [0 2 4] -> chunks [0 0 1 1], terms [0 1 1 2], counts [1 1 1 1]."""
    lengths = np.diff(tokens.offsets)
    doc_of = np.repeat(np.arange(first, first + len(lengths), dtype=np.int64), lengths)
    pairs, tf = np.unique(doc_of * n_vocab + tokens.ids, return_counts=True)  # by chunk, then term
    doc, term = pairs // n_vocab, pairs % n_vocab
    order = np.argsort(term, kind="stable")  # by term, chunks ascending within each: the CSC layout
    return doc[order], term[order], tf[order].astype(np.int32)


def lucene_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25's IDF of terms held by ``df`` of ``n_docs`` chunks (bm25s.scoring._calculate_idf_lucene)."""
    return np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


def term_idf(retriever: Any) -> np.ndarray:
    """Per vocabulary id, the IDF a built retriever scored with: its document frequencies are its CSC columns' lengths."""
    return lucene_idf(np.diff(np.asarray(retriever.scores["indptr"])), int(retriever.scores["num_docs"]))


def _from_pairs(doc: np.ndarray, term: np.ndarray, tf: np.ndarray, tokens: TokenIds, vocab: dict[str, int],
                k1: float, b: float) -> tuple[Any, np.ndarray]:
    """(``bm25s.BM25``, frequencies) from the (chunk, term, frequency) triples in CSC order."""
    import bm25s

    n_docs, n_vocab = len(tokens), len(vocab)
    lengths = np.diff(tokens.offsets)
    df = np.bincount(term, minlength=n_vocab)
    idf = lucene_idf(df, n_docs)
    tf32 = tf.astype(np.float32)
    norm = k1 * ((1 - b) + b * lengths[doc].astype(np.float32) / np.float32(lengths.mean() if n_docs else 1.0))
    index_type = np.int32 if max(len(doc), n_docs, n_vocab) < np.iinfo(np.int32).max else np.int64  # as scipy's
    indptr = np.zeros(n_vocab + 1, dtype=index_type)
    np.cumsum(df, out=indptr[1:])
    retriever = bm25s.BM25(k1=k1, b=b)
    # What bm25s.BM25.index sets once it has its scores (bm25s 0.2-0.3): the CSC arrays and the vocabulary,
    # with the empty token last, outside the matrix.
    retriever.scores = {"data": (idf[term] * (tf32 / (norm + tf32))).astype(np.float32),
                        "indices": doc.astype(index_type), "indptr": indptr, "num_docs": n_docs}
    retriever.vocab_dict = {**vocab, "": n_vocab}
    retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
    retriever.nonoccurrence_array = None  # only BM25L and BM25+ have one
    return retriever, tf


def build_bm25(chunks: list[Chunk]) -> tuple[Any, TokenIds]:
    """BM25 over every chunk (tokenized here), and the token ids to keep beside it."""
    vocab: dict[str, int] = {}
    tokens = _encode(chunk_tokens(chunks), vocab)
    bm25, tf = _from_pairs(*_term_pairs(tokens, len(vocab)), tokens, vocab, 1.5, 0.75)
    return bm25, TokenIds(tokens.ids, tokens.offsets, tf)


def append_bm25(previous: Any, chunks: list[Chunk]) -> tuple[Any, TokenIds, str]:
    """BM25 over the previous index's chunks plus ``chunks``, tokenizing only the new ones when the
    previous index kept its token ids, and counting only their terms when it kept the frequencies;
    (bm25, token ids, how it was done)."""
    cached: TokenIds | None = getattr(previous, "bm25_tokens", None)
    vocab = {t: i for t, i in previous.bm25.vocab_dict.items() if t != ""}
    if cached is None or len(cached) != len(previous.chunks) or sorted(vocab.values()) != list(range(len(vocab))):
        bm25, tokens = build_bm25(previous.chunks + chunks)
        return bm25, tokens, "every chunk tokenized (the previous index kept no token ids)"
    k1, b = previous.bm25.k1, previous.bm25.b
    n_old_vocab = len(vocab)
    new = _encode(chunk_tokens(chunks), vocab)
    tokens = TokenIds(np.concatenate([cached.ids, new.ids]),
                      np.concatenate([cached.offsets, new.offsets[1:] + cached.offsets[-1]]))
    old = previous.bm25.scores
    if cached.tf is None or len(cached.tf) != len(old["indices"]) or len(old["indptr"]) != n_old_vocab + 1:
        bm25, tf = _from_pairs(*_term_pairs(tokens, len(vocab)), tokens, vocab, k1, b)
        return bm25, TokenIds(tokens.ids, tokens.offsets, tf), "new chunks tokenized, all indexed from cached token ids"
    # The new chunks' triples go at the end of each term's run (their numbers are the largest); new terms last.
    doc, term, tf = _term_pairs(new, len(vocab), first=len(cached))
    ends = np.concatenate([old["indptr"][1:], np.full(len(vocab) - n_old_vocab, old["indptr"][-1])])
    at = ends[term]
    old_term = np.repeat(np.arange(n_old_vocab, dtype=np.int64), np.diff(old["indptr"]))
    merged = (np.insert(np.asarray(old["indices"], dtype=np.int64), at, doc), np.insert(old_term, at, term),
              np.insert(np.asarray(cached.tf), at, tf))
    bm25, tf = _from_pairs(*merged, tokens, vocab, k1, b)
    return bm25, TokenIds(tokens.ids, tokens.offsets, tf), "new chunks tokenized and counted, merged into cached frequencies"
