"""Query translation through vocabulary neighbours: an English question's words in the corpus's script.

An English question shares no word with Arabic or Persian text, so BM25 gives it nothing and
names, rare words and exact terms are left to the blurrier 4-bit dense vectors. The bundled
embedder places a single word close to its translation (query-role vectors, measured: 'war' ->
'الحرب' 0.93, 'physics' -> 'الفيزياء' 0.94, 'king' -> 'الملك' 0.91), so:

- every word of the corpus's Arabic-script text is embedded once, when the index is opened (vectors
  are cached on disk by word, so a rebuilt or grown corpus embeds only its new words); which words
  each chunk holds is found at index time (``rag.word_rows``), not at open;
- an English question's words are embedded in one batch (common words and recent ones are kept in
  memory), and each takes its nearest corpus words;
- ``lexical_scores``: those neighbours run as BM25 queries over the Arabic-script chunks, each English
  word scoring a chunk by its best neighbour there;
- ``match_scores``: for the few candidate chunks dense retrieval found, each English word's best
  similarity to any word of the chunk, standardized over the candidates (a word every candidate
  matches equally well moves nothing; one only the right chunk contains stands out).

Similarities are corrected for hubness (CSLS, Conneau et al. 2018, "Word translation without parallel
data"): a corpus word close to all English (a frequent word, a Latin fragment) is worth less as a
neighbour. "Close to English in general" is measured against a fixed sample, the 3,000 most
frequent English words (``data/english_common.txt``), never against the questions being asked.
No dictionary is written by hand: the map is the corpus's own vocabulary and the model's vectors.
Per question: one small embedding batch and (words x vocabulary) products.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.config import ROOT
from rag.dictionary import Dictionary
from rag.dictionary import find as find_dictionary
from rag.embed import Embedder
from rag.index_rows import starts_with
from rag.normalize import STOPWORDS, tokenize_query
from rag.word_hubs import HUB_K, hubness, kept_hubness
from rag.word_rows import ARABIC_SCRIPT, ChunkRows
from rag.word_rows import chunk_words as _chunk_words

NEIGHBOURS = 3  # corpus words per English word (fitted on the first half of XQuAD en->ar, reports/xquad.md)
MIN_CHARS = 3  # shorter English tokens are initials and fragments ('s', 'us', 'uk')
ENGLISH_SAMPLE = Path(__file__).resolve().parent / "data" / "english_common.txt"
_LATIN = re.compile(r"^[a-z][a-z'-]*$")
_MEMORY = 8192  # English word vectors kept in memory (the common sample first)


def cache_dir() -> Path:
    """``$RAG_WORD_CACHE`` or ``.cache/words`` at the repository root (read at call time)."""
    return Path(os.environ.get("RAG_WORD_CACHE") or ROOT / ".cache" / "words")


def chunk_words(index, languages: tuple[str, ...] = ARABIC_SCRIPT, start: int = 0) -> list[list[str]]:
    """Per chunk from ``start`` on, its distinct folded words (no stems, no numbers) when in ``languages``, else []."""
    return _chunk_words(index.chunks[start:], index.chunk_language[start:], languages)


def english_words(question: str) -> list[str]:
    """The question's English content words. Example: 'When did the Normans reach Italy?' -> ['normans', 'reach', 'italy']."""
    return [t for t in dict.fromkeys(tokenize_query(question))
            if _LATIN.match(t) and len(t) >= MIN_CHARS and t not in STOPWORDS]


class WordVectors:
    """Query-role vectors of single words for one model, cached in ``<cache>/<model>/`` (words.json +
    vectors.npy, float16). Missing words are embedded in batches and stored: as one more shard
    (``words.<id>.json`` + ``vectors.<id>.npy``) holding only them, so adding an article writes its new
    words, not the whole cache (~100k words at 100k sentences: 0.25-0.35 s per add); after ``SHARDS``
    shards the cache is written whole again."""

    SHARDS = 16

    def __init__(self, embedder: Embedder, folder: Path | None = None) -> None:
        self.embedder = embedder
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", embedder.model_id).strip("_") or "model"
        self.folder = (folder or cache_dir()) / slug
        self.known: dict[str, np.ndarray] = {}
        self.from_disk: set[str] = set()  # words whose vectors were read back from the cache (rag.word_hubs)
        self.shards: list[Path] = []  # shard files read or written (removed when the cache is written whole)
        for words_file, vectors_file in [(self.folder / "words.json", self.folder / "vectors.npy")] + [
                (w, w.with_name(f"vectors.{w.name[len('words.'):-len('.json')]}.npy"))
                for w in sorted(self.folder.glob("words.*.json"))]:
            try:
                words = json.loads(words_file.read_text(encoding="utf-8"))
                vectors = np.load(vectors_file, allow_pickle=False)
            except (OSError, ValueError):
                continue
            if len(words) == len(vectors) and vectors.shape[1] == embedder.dim:
                self.known.update(zip(words, vectors.astype(np.float32)))
                self.from_disk.update(words)
                if words_file.name != "words.json":
                    self.shards += [words_file, vectors_file]

    def get(self, words: list[str], progress=None) -> np.ndarray:
        """Vectors of ``words`` (rows in order), embedding and caching the ones not seen before."""
        todo = [w for w in dict.fromkeys(words) if w not in self.known]
        if todo:
            self.known.update(zip(todo, self.embedder.embed(todo, "query", batch_size=64, progress=progress)))
            if len(self.shards) >= 2 * self.SHARDS:
                self._save()
            else:
                self._append(todo)
        if not words:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self.known[w] for w in words]).astype(np.float32)

    def _write(self, words: list[str], words_file: Path, vectors_file: Path) -> None:
        """Vectors first, words last, each replaced at once: a reader takes a shard only when both agree."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp_npy, tmp_json = (self.folder / f".{f.name}.{os.getpid()}.tmp" for f in (vectors_file, words_file))
        with open(tmp_npy, "wb") as f:
            np.save(f, np.stack([self.known[w] for w in words]).astype(np.float16), allow_pickle=False)
        tmp_json.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_npy, vectors_file)
        os.replace(tmp_json, words_file)

    def _append(self, words: list[str]) -> None:
        shard = f"{time.time_ns():020d}-{os.getpid()}"
        files = (self.folder / f"words.{shard}.json", self.folder / f"vectors.{shard}.npy")
        try:
            self._write(words, *files)
            self.shards += files
        except OSError:  # a read-only checkout still works, only slower to open next time
            pass

    def _save(self) -> None:
        """Every known word into words.json + vectors.npy; the shards read or written before are then removed."""
        try:
            self._write(list(self.known), self.folder / "words.json", self.folder / "vectors.npy")
            for shard in self.shards:
                shard.unlink(missing_ok=True)
            self.shards = []
        except OSError:
            pass


@dataclass
class WordMap:
    """The corpus's Arabic-script vocabulary, its vectors and hubness; scores chunks for English words."""

    words: list[str]
    vectors: np.ndarray  # (len(words), dim), L2-normalized
    hub: np.ndarray  # per corpus word: mean cosine to its HUB_K nearest common English words
    chunk_word_rows: Sequence[np.ndarray]  # per chunk, rows into ``words`` (a ``rag.word_rows.ChunkRows``)
    embedder: Embedder
    store: WordVectors | None = None  # words embedded before (a benchmark embeds its questions' words once)
    neighbours: int = NEIGHBOURS
    _english: OrderedDict = field(default_factory=OrderedDict)
    _neighbours: OrderedDict = field(default_factory=OrderedDict)
    _groups: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)  # server threads share one map
    _columns: np.ndarray | None = None  # ``vectors.T`` laid out by rows, made on first use (see ``_cosines``)
    vocabulary: Mapping[str, np.ndarray] | None = None  # English words embedded ahead (``rag.english_vocabulary``)
    dictionary: Dictionary | None = None  # an installed English-Arabic dictionary (``rag.dictionary``)
    arabic: np.ndarray | None = None  # per corpus word: whether Arabic text (not only Persian) uses it

    def english_vectors(self, words: list[str]) -> np.ndarray:
        """Query-role vectors of English words: one batch for the ones not in memory or the store."""
        known = self.store.known if self.store is not None else {}
        with self._lock:
            found = {w: self._english.get(w, known.get(w)) for w in words}
        todo = [w for w, v in found.items() if v is None]
        if todo and self.vocabulary:  # embedded ahead by the same call as below: the same vectors
            found.update((w, self.vocabulary[w]) for w in todo if w in self.vocabulary)
            todo = [w for w in todo if found[w] is None]
        if todo:
            found.update(zip(todo, self.embedder.embed_queries(todo)))  # as the question itself (rag.embed)
            with self._lock:
                self._english.update((w, found[w]) for w in todo)
                while len(self._english) > _MEMORY:
                    self._english.popitem(last=False)
        return np.stack([np.asarray(found[w]) for w in words])

    def similarities(self, question: str) -> np.ndarray:
        """CSLS similarity of each English content word (rows) to each corpus word (columns)."""
        english = english_words(question)
        if not english or not self.words:
            return np.zeros((0, len(self.words)))
        cos = self._cosines(self.english_vectors(english))
        # the HUB_K best per word: a partial partition (linear in the vocabulary), then those few sorted,
        # so the mean is summed in the same order as over a full sort
        k = min(HUB_K, cos.shape[1])
        own = np.sort(np.partition(cos, -k, axis=1)[:, -k:], axis=1).mean(axis=1, keepdims=True)
        return 2 * cos - self.hub[None, :] - own

    def _cosines(self, english: np.ndarray) -> np.ndarray:
        """``english @ vectors.T``, the same numbers at half the CPU: OpenBLAS multiplies several rows by
        the transposed row-major matrix at ~2x the cost of the same matrix laid out by rows (10.4 against
        5.7 ms for 9 words x 19,609 corpus words, one thread; results equal bit for bit, 60 random trials
        of 2-16 rows). One row goes through a matrix-vector product whose sums depend on the layout, so it
        keeps the original one. The copy costs the vectors' memory again (30 MB at 19.6k words)."""
        if len(english) < 2:
            return english @ self.vectors.T
        columns = self._columns
        if columns is None or columns.shape[1] != len(self.vectors):
            columns = self._columns = np.ascontiguousarray(self.vectors.T)
        return english @ columns

    def _remembered(self, memory: OrderedDict, key, make):
        """``make()`` for ``key``, remembered in ``memory`` for the last 64 keys (server threads share the map)."""
        with self._lock:
            hit = memory.get(key)
        if hit is None:
            hit = make()
            with self._lock:
                memory[key] = hit
                while len(memory) > 64:
                    memory.popitem(last=False)
        return hit

    def neighbours_of(self, question: str, sims: np.ndarray | None = None) -> dict[str, frozenset[str]]:
        """Per English content word of the question, its nearest corpus words (``neighbours`` each;
        none with a CSLS at or below 0: closer to English at large than to this word, not a
        translation), remembered for the last few questions; retrieval passes the similarities it computed."""
        def make() -> dict[str, frozenset[str]]:
            found = self.similarities(question) if sims is None else sims
            k = min(self.neighbours, found.shape[1]) if found.ndim == 2 else 0
            return {word: frozenset(self.words[j] for j in np.argpartition(-row, k - 1)[:k] if row[j] > 0)
                    for word, row in zip(english_words(question), found)} if k else {}

        return self._remembered(self._neighbours, question, make)

    def word_groups(self, question: str, sims: np.ndarray | None = None) -> list[frozenset[str]]:
        """Per English content word of the question, the BM25 tokens that stand for it in any script: its own, and
        those of its ``queries``; remembered for the last few questions (retrieval passes its similarities)."""
        def make() -> list[frozenset[str]]:
            found = self.similarities(question) if sims is None else sims
            return [frozenset(tokenize_query(word)).union(*self.queries(word, row))
                    for word, row in zip(english_words(question), found)]

        # keyed by the dictionary too: a benchmark or a test may take it away
        return self._remembered(self._groups, (question, id(self.dictionary)), make)

    def queries(self, word: str, row: np.ndarray) -> list[list[str]]:
        """The BM25 queries that stand for one English word: its ``neighbours`` nearest corpus words, or,
        when the dictionary lists the word, its translations there, plus those neighbours that only Persian
        text uses (the dictionary is English-Arabic). XQuAD en->ar R@1 0.831 -> 0.861 (rag.dictionary)."""
        n = min(self.neighbours, len(row))
        near = [int(j) for j in np.argpartition(-row, n - 1)[:n]] if n else []
        translations = self.dictionary.translations(word) if self.dictionary is not None else ()
        if translations:
            kept = [j for j in near if self.arabic is not None and not self.arabic[j]]
            return [t for t in (tokenize_query(w) for w in [*translations, *(self.words[j] for j in kept)]) if t]
        return [t for t in (tokenize_query(self.words[j]) for j in near) if t]

    def lexical_scores(self, question: str, bm25, sims: np.ndarray | None = None) -> np.ndarray:
        """Per chunk: sum over English words of the BM25 score of the word's best-scoring query (``queries``)."""
        sims = self.similarities(question) if sims is None else sims
        total = np.zeros(len(self.chunk_word_rows))
        words = english_words(question)
        if getattr(bm25, "nonoccurrence_array", None) is not None:  # BM25L / BM25+: every chunk scores
            return self._lexical_dense(words, sims, bm25, total)
        acc = np.zeros(len(total), dtype=bm25.scores["data"].dtype)  # one query's score per chunk
        best = np.zeros(len(total))  # one English word's best query per chunk
        for word, row in zip(words, sims):
            touched = []
            for tokens in self.queries(word, row):  # their order does not matter: a max
                rows = add_postings(bm25, tokens, acc)
                if rows is not None:
                    best[rows] = np.maximum(best[rows], acc[rows])
                    acc[rows] = 0
                    touched.append(rows)
            if touched:  # elsewhere the word adds 0, which leaves the sum as it was
                rows = np.concatenate(touched)
                total[rows] += best[rows]  # a row listed twice is still added once (buffered)
                best[rows] = 0
        return total

    def _lexical_dense(self, words: list[str], sims: np.ndarray, bm25, total: np.ndarray) -> np.ndarray:
        for word, row in zip(words, sims):
            best = np.zeros_like(total)
            for tokens in self.queries(word, row):
                best = np.maximum(best, bm25.get_scores(tokens))
            total += best
        return total

    def match_scores(self, question: str, rows: list[int], sims: np.ndarray | None = None) -> np.ndarray:
        """Per candidate chunk (``rows``): mean over English words of the standardized best similarity
        of that word to any word of the chunk. 0 for all when nothing tells the candidates apart."""
        sims = self.similarities(question) if sims is None else sims
        out = np.zeros(len(rows))
        if not len(sims) or len(rows) < 2:
            return out
        parts = [self.chunk_word_rows[r] for r in rows]
        sizes = np.array([len(p) for p in parts])
        has = sizes > 0
        flat = np.concatenate(parts).astype(np.int64) if has.any() else np.zeros(0, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(sizes[has])[:-1])).astype(np.int64)
        for row in sims:  # each candidate's best word: one gather and one reduce per English word
            best = np.full(len(rows), row.min() if not has.all() else 0, dtype=row.dtype)
            if has.any():
                best[has] = np.maximum.reduceat(row[flat], starts)
            spread = best.std()
            if spread > 1e-6:
                out += (best - best.mean()) / spread
        return out / len(sims)


def add_postings(bm25, tokens: list[str], acc: np.ndarray) -> np.ndarray | None:
    """Add ``bm25.get_scores(tokens)`` into ``acc`` where it is not 0, from the posting lists of bm25s' CSC
    matrix; returns the rows touched (None when no token is in the vocabulary). A question's 3 neighbours of
    each English word were as many passes over every chunk (~5 ms at 57k chunks). The same float32 sums in
    the same order: token by token, each adding its column (a column lists a chunk once), as bm25s does.

    Example: tokens in 3 chunks, acc all 0 -> acc[[12, 40, 977]] = [1.7, 0.9, 2.2], returns [12, 40, 977].
    """
    ids = bm25.get_tokens_ids(tokens)
    if not ids:
        return None
    data, indices, indptr = bm25.scores["data"], bm25.scores["indices"], bm25.scores["indptr"]
    parts = []
    for t in ids:
        rows = np.asarray(indices[indptr[t]:indptr[t + 1]])
        acc[rows] += data[indptr[t]:indptr[t + 1]]
        parts.append(rows)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def english_sample() -> list[str]:
    return [w for w in ENGLISH_SAMPLE.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#")]


def _extended(index, previous, embedder: Embedder, cache: WordVectors | None) -> WordMap | None:
    """The previous index's word map grown by the chunks appended after its rows (``rag.index_append``):
    only those are tokenized and only their new words embedded and scored for hubness, which for a
    whole 100k-sentence corpus took seconds per add. The same map as building it afresh."""
    old: WordMap | None = getattr(previous, "word_map", None)
    n = len(previous.chunks)
    if old is None or len(old.chunk_word_rows) != n or not starts_with(index.chunks, previous.chunks):
        return None
    added = chunk_words(index, start=n)
    fresh = sorted({w for ws in added for w in ws} - set(old.words))
    words = sorted(old.words + fresh)
    row = {w: i for i, w in enumerate(words)}
    moved = np.array([row[w] for w in old.words], dtype=np.int64)
    vectors = np.zeros((len(words), old.vectors.shape[1]), dtype=old.vectors.dtype)
    hub = np.zeros(len(words), dtype=np.float32)
    vectors[moved], hub[moved] = old.vectors, old.hub
    if fresh:
        store = cache or old.store or WordVectors(embedder)
        new_rows = np.array([row[w] for w in fresh], dtype=np.int64)
        vectors[new_rows] = store.get(fresh)
        hub[new_rows] = hubness(vectors[new_rows], store.get(english_sample()))
    kept = _chunk_rows(old.chunk_word_rows)
    kept = kept if not fresh else kept.renumbered(moved)  # no new word: every old row keeps its number
    rows = kept.followed_by(ChunkRows.of(added, row))
    word_map = WordMap(words, vectors, hub, rows, embedder, cache or old.store, vocabulary=old.vocabulary,
                       dictionary=old.dictionary, arabic=_arabic_words(index, rows, len(words)))
    word_map._english.update(old._english)
    return word_map


def _arabic_words(index, rows: Sequence[np.ndarray], size: int) -> np.ndarray:
    """Per corpus word (``size`` of them): whether a chunk in Arabic holds it (``rows``: per chunk, its words' rows)."""
    rows = _chunk_rows(rows)
    arabic = np.asarray([lang == "ar" for lang in index.chunk_language[:len(rows)]], dtype=bool)
    out = np.zeros(size, dtype=bool)
    out[rows.ids[np.repeat(arabic, np.diff(rows.offsets))]] = True
    return out


def _chunk_rows(rows: Sequence[np.ndarray]) -> ChunkRows:
    """``rows`` as a ``ChunkRows`` (a map made elsewhere may hold a list of arrays)."""
    if isinstance(rows, ChunkRows):
        return rows
    return ChunkRows(np.concatenate([np.asarray(r, dtype=np.int32) for r in rows] or [np.zeros(0, np.int32)]),
                     np.concatenate([[0], np.cumsum([len(r) for r in rows], dtype=np.int64)]).astype(np.int64))


def attach_word_map(index, embedder: Embedder, cache: WordVectors | None = None, progress=None,
                    previous=None) -> WordMap | None:
    """Build the index's word map (embedding only words not cached before) and attach it as
    ``index.word_map``, where ``rag.retrieve.search`` finds it. None when no text is in Arabic script.
    ``previous``: the index this one appended rows to, whose map is extended instead of rebuilt."""
    extended = _extended(index, previous, embedder, cache) if previous is not None else None
    if extended is not None:
        index.word_map = extended
        return extended
    stored = getattr(index, "word_rows", None)  # found at index time (rag.word_rows)
    if stored is not None and stored.usable(len(index.chunks)):
        words, rows = stored.words, stored.rows
    else:  # an index written without them (or by other code): every chunk tokenized here
        per_chunk = chunk_words(index)
        words = sorted({w for ws in per_chunk for w in ws})
        rows = ChunkRows.of(per_chunk, {w: i for i, w in enumerate(words)})
    if not words:
        return None
    cache = cache or WordVectors(embedder)
    sample = english_sample()
    vectors = cache.get(words + sample, progress=progress)
    corpus, common = vectors[:len(words)], vectors[len(words):]
    hub = kept_hubness(words, corpus, sample, common, cache)  # read by word where scored before
    from rag import english_vocabulary

    word_map = WordMap(words, corpus, hub, rows, embedder, cache, vocabulary=english_vocabulary.load(embedder),
                       dictionary=find_dictionary(), arabic=_arabic_words(index, rows, len(words)))
    word_map._english.update(zip(sample, common))
    index.word_map = word_map
    return word_map
