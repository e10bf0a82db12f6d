"""The LangChain layer: a retriever other LangChain apps can use, and the one chat chain everyone calls.

    from rag.chat import RagRetriever
    from rag.pipeline import Pipeline
    docs = RagRetriever(pipeline=Pipeline(), k=5).invoke("When did Israel open its embassy in Baku?")
    docs[0].page_content, docs[0].metadata["doc_id"], docs[0].metadata["start"]

``RagChat(pipeline, model).chain`` is a Runnable ``{question, history[, k, doc_ids, languages]} -> Answer``:
contextualize (a follow-up made standalone, by ``rag.followup``; a configured model may do it, checked to
keep the follow-up's new names) -> retrieve and answer extractively (``Pipeline.ask``) -> optionally word
the answer with the model -> verify (``rag.verify``), falling back to the extractive answer with a note.
The CLI (``rag ask``/``rag chat``), the app and ``rag eval`` all call it (``RagChat.ask``: the same steps
as plain calls when no model is configured, so the extractive path never imports LangChain).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import replace
from functools import cached_property, lru_cache
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag import llm as llm_mod
from rag.errors import InvalidInput
from rag.followup import Standalone, consistent, name_phrases, previous_standalone, rewrite
from rag.types import Answer, Hit
from rag.verify import check_translation, verify

if TYPE_CHECKING:
    from langchain_core.documents import Document as LCDocument
    from langchain_core.runnables import Runnable

# langchain_core is imported on first use (the retriever, the chain), not with this module: it was
# ~12 % of the app's start (``python -X importtime app.py``).

Message = tuple[str, str]  # (role, content), role 'user' or 'assistant'
MAX_TURNS = 50  # history beyond this is ignored: only the last user questions matter for a follow-up
_TAGS = re.compile(r"<[^>]+>")


def hit_document(hit: Hit, documents) -> LCDocument:
    """A LangChain Document: the exact passage text, with where it stands in which article."""
    from langchain_core.documents import Document as LCDocument

    doc = documents[hit.chunk.doc_id]
    return LCDocument(page_content=hit.chunk.text, metadata={
        "doc_id": hit.chunk.doc_id, "chunk_id": hit.chunk.chunk_id, "start": hit.chunk.start, "end": hit.chunk.end,
        "score": hit.score, "title": doc.title, "language": doc.language})


@lru_cache(maxsize=1)
def _retriever_class() -> type:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    class RagRetriever(BaseRetriever):
        """Our hybrid search as a LangChain retriever: ``page_content == article.text[start:end]``."""

        model_config = ConfigDict(arbitrary_types_allowed=True)
        pipeline: Any
        k: int = 8
        doc_ids: list[str] | None = None
        languages: list[str] | None = None

        def _get_relevant_documents(self, query: str, *,
                                    run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
            hits = self.pipeline.search(query, k=self.k, doc_ids=self.doc_ids, languages=self.languages)
            return [hit_document(h, self.pipeline.index.documents) for h in hits]

    RagRetriever.__module__ = __name__
    return RagRetriever


def __getattr__(name: str) -> Any:
    """``from rag.chat import RagRetriever`` builds the LangChain class on first use."""
    if name == "RagRetriever":
        return _retriever_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_history(value: Any, source: str = "history") -> list[Message]:
    """Chat messages in the format chat APIs and Gradio use -> (role, content) pairs.

    Accepts a list of ``{"role": "user"|"assistant", "content": text}`` (Gradio's content may be a list of
    parts or HTML; tags are dropped) or of (role, content) pairs. ``source`` names the input in errors.
    """
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidInput(f"{source}: expected a JSON list of {{\"role\", \"content\"}} messages")
    out: list[Message] = []
    for i, m in enumerate(value):
        if isinstance(m, dict):
            role, content = m.get("role"), m.get("content")
        elif isinstance(m, list | tuple) and len(m) == 2:
            role, content = m
        else:
            raise InvalidInput(f"{source}: message {i} is not a {{\"role\", \"content\"}} object")
        if isinstance(content, list):  # content parts
            content = " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
        if role not in ("user", "assistant", "system") or not isinstance(content, str):
            raise InvalidInput(f"{source}: message {i} needs role 'user' or 'assistant' and text content")
        if role != "system":
            out.append((role, " ".join(unescape(_TAGS.sub(" ", content)).split())))
    return out[-MAX_TURNS:]


def load_history(path: Path) -> list[Message]:
    """``rag ask --history FILE``: a JSON list of messages; errors name the file."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read the history file ({e.strerror or e})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InvalidInput(f"{path}: not a JSON history file ({e})") from None
    return parse_history(value, str(path))


class RagChat:
    """The chat chain over one pipeline, with an optional chat model; counts what verification rejected."""

    def __init__(self, pipeline, model=None, model_label: str | None = None) -> None:
        self.pipeline = pipeline
        self.model = model
        self.model_label = model_label or (getattr(model, "model_name", None) or type(model).__name__ if model else None)
        self._phrases: frozenset = frozenset()
        self._phrases_of = None  # the index they were read from (a reload publishes a new one)
        self.stats: Counter = Counter()  # generated, verified, rejected:<reason>, model_error:<type>, …
        self.last_standalone: Standalone | None = None

    @cached_property
    def chain(self) -> Runnable:
        """contextualize -> retrieve and answer -> generate and verify, as one LangChain Runnable."""
        from langchain_core.runnables import RunnableLambda, RunnablePassthrough

        return (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._contextualize).with_config(run_name="contextualize"))
            | RunnablePassthrough.assign(extractive=RunnableLambda(self._answer).with_config(run_name="retrieve_answer"))
            | RunnableLambda(self._generate).with_config(run_name="generate_verify")
        ).with_config(run_name="rag_chat")

    @property
    def phrases(self) -> frozenset:
        """Two-word names of the articles (``rag.followup.name_phrases``), re-read when the index changes."""
        index = self.pipeline.index
        if self._phrases_of is not index:
            self._phrases, self._phrases_of = name_phrases(d.text for d in index.documents.values()), index
        return self._phrases

    @classmethod
    def from_spec(cls, pipeline, spec: llm_mod.LLMSpec | None) -> RagChat:
        return cls(pipeline, llm_mod.chat_model(spec), spec.label) if spec else cls(pipeline)

    def ask(self, question: str, history: Any = None, k: int | None = None, doc_ids=None, languages=None) -> Answer:
        """The chain's three steps. With no model configured they run as plain calls, in the same
        order on the same state: LangChain then costs neither its import (1.6 s wall of the app's
        start at load ~9) nor its per-answer dispatch (a thread hand-off per step, ~4 % of server CPU)."""
        state = {"question": question, "history": history, "k": k, "doc_ids": doc_ids, "languages": languages}
        if self.model is not None:
            return self.chain.invoke(state)
        state["standalone"] = self._contextualize(state)
        state["extractive"] = self._answer(state)
        return self._generate(state)

    def _contextualize(self, state: dict) -> Standalone:
        question = self.pipeline.check_question(state["question"])
        history = parse_history(state.get("history"))
        previous = previous_standalone(history, self.phrases)
        standalone = rewrite(question, previous, self.phrases)
        if self.model is None or not standalone.rewritten or previous is None:
            return standalone
        try:
            proposed = " ".join(llm_mod.rewrite(self.model, question, previous.question).split())
        except Exception as e:  # the deterministic rewrite stands
            self.stats[f"model_error:{type(e).__name__}"] += 1
            return standalone
        keeps = consistent(proposed, standalone.question, question, previous.question)
        if keeps and len(proposed) <= self.pipeline.settings.max_query_chars and "<" not in proposed:
            self.stats["rewrite_by_model"] += 1
            return replace(standalone, question=proposed)
        self.stats["rejected_rewrite"] += 1
        return standalone

    def _answer(self, state: dict) -> Answer:
        s: Standalone = state["standalone"]
        self.last_standalone = s  # what was answered, for `rag eval --followups` (the app serializes calls)
        languages = list(s.languages) or state.get("languages")
        answer = self.pipeline.ask(s.question, k=state.get("k"), doc_ids=state.get("doc_ids"), languages=languages)
        understood = s.shown() if s.rewritten else None
        return replace(answer, question=state["question"].strip(), understood_as=understood)

    def _generate(self, state: dict) -> Answer:
        answer: Answer = state["extractive"]
        if self.model is None or answer.status == "not_found" or not answer.claims:
            return answer
        t0 = time.perf_counter()
        self.stats["generated"] += 1
        standalone = replace(answer, question=state["standalone"].question)  # what the model and the checks see
        try:
            text = llm_mod.generate(self.model, standalone)
        except Exception as e:  # timeouts, refusals to connect, malformed replies: never a traceback
            self.stats[f"model_error:{type(e).__name__}"] += 1
            return replace(answer, note=f"the model failed ({type(e).__name__}); showing the extractive answer")
        timings = {**answer.timings_ms, "generate": round((time.perf_counter() - t0) * 1e3, 2)}
        verdict = verify(text, standalone)
        if not verdict.ok:
            self.stats[f"rejected:{verdict.reason}"] += 1
            return replace(answer, timings_ms=timings,
                           note=f"the model's answer was not shown ({verdict.reason}); showing the extractive answer")
        self.stats["verified"] += 1
        return self._translate(replace(answer, answer=text, generated_by=self.model_label, timings_ms=timings))

    def _translate(self, answer: Answer) -> Answer:
        """For an English question: each Arabic/Persian quote with a checked machine translation beside it."""
        if answer.language != "en":
            return answer
        quotes = {c.n: c.quote for claim in answer.claims for c in claim.citations}
        try:
            proposed = llm_mod.translate(self.model, quotes)
        except Exception as e:  # translations are extras: the answer stands without them
            self.stats[f"model_error:{type(e).__name__}"] += 1
            return answer
        accepted = {}
        for n, text in proposed.items():
            verdict = check_translation(quotes[n], text)
            if verdict.ok:
                accepted[n] = text
            else:
                self.stats[f"rejected_translation:{verdict.reason}"] += 1
        claims = tuple(replace(claim, citations=tuple(replace(c, translation_en=accepted.get(c.n)) for c in claim.citations))
                       for claim in answer.claims)
        return replace(answer, claims=claims)

    def rejections(self) -> int:
        """How many model outputs verification refused (answers and rewrites)."""
        return sum(n for key, n in self.stats.items() if key.startswith("rejected"))
