"""Overviews stay bounded on a many-article collection and unchanged on the seed corpus (issue 13).

The many-article collection is the seed corpus itself cut into 20 articles (each seed article's lines
in four consecutive parts, same language, same text): real text, real bundled model, a real index
built by the pipeline. The seed corpus's own overviews are in ``tests/test_trust.py`` and the gold set.
"""

from __future__ import annotations

import pytest

from rag.overview import KEY_SENTENCES, OVERVIEW_MAX, _central, _ids_in, _lookup
from rag.phrases import say

PARTS = 4
OVERVIEW = {
    "en": "What are these articles about?",
    "ar": "عن ماذا تتحدث هذه المقالات؟",
    "fa": "این مقاله‌ها درباره چه هستند؟",
}
SHOWN = {"en": "12 of 20 shown", "ar": "تُعرض 12 من 20", "fa": "12 از 20 نشان داده شده"}


def _split_corpus(source, target) -> None:
    """Each seed article as PARTS articles of consecutive lines (front matter: title, language)."""
    import yaml

    target.mkdir()
    for path in sorted(source.glob("*.md")):
        _, meta_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(meta_text)
        lines = body.strip().splitlines()
        step = -(-len(lines) // PARTS)
        for k in range(PARTS):
            part = "\n".join(lines[k * step:(k + 1) * step]).strip()
            head = yaml.safe_dump({"title": f"{meta['title']} ({k + 1})", "language": meta["language"]},
                                  allow_unicode=True)
            (target / f"p{k}_{path.stem}.md").write_text(f"---\n{head}---\n{part}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    from rag.config import Settings
    from rag.pipeline import Pipeline
    from tests.conftest import CORPUS

    base = tmp_path_factory.mktemp("parts")
    _split_corpus(CORPUS, base / "corpus")
    return Pipeline(Settings.from_env(corpus_dir=base / "corpus", index_dir=base / "index"))


def _docs(answer) -> list[str]:
    return [c.value for c in answer.claims]


def _check_citations(pipeline, answer) -> None:
    for claim in answer.claims:
        assert claim.citations and {c.doc_id for c in claim.citations} == {claim.value}
        for c in claim.citations:
            assert pipeline.index.documents[c.doc_id].text[c.start:c.end] == c.quote


def test_capped_message_in_three_languages():
    texts = {lang: say("answer_overview_some", lang, n=12, total="6,341", items="x") for lang in ("en", "ar", "fa")}
    assert texts["en"] == "The articles (12 of 6,341 shown): x"
    assert len(set(texts.values())) == 3 and all("12" in t and "6,341" in t for t in texts.values())


@pytest.mark.slow
@pytest.mark.parametrize("question", ["Summarize 000_43ac69c35188acd6 and article 003", "what about 004?", "nothing named"])
def test_ids_named_by_either_side_alike(index, question):
    """The question's substrings looked up, or every id tested against the question: the same ids."""
    from dataclasses import replace

    look = _lookup(index)
    many = replace(look, ids=list(look.ids) * 1000)  # forces the substring side; same ids and lengths
    assert _ids_in(question.lower(), look) == _ids_in(question.lower(), many)
    assert _ids_in(question.lower(), look) == [d for d in index.documents if d.lower() in question.lower()
                                               or d.split("_")[0] in question]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_seed_overview_lists_every_article_uncapped(pipeline, lang):
    answer = pipeline.ask(OVERVIEW[lang])
    assert _docs(answer) == list(pipeline.index.documents)
    assert answer.answer.startswith(say("answer_overview", lang, n=5, items="")[:-1].rstrip())


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_capped_overview_says_how_many_and_puts_retrieved_first(parts, lang):
    answer = parts.ask(OVERVIEW[lang])
    assert len(parts.index.documents) == 20
    assert answer.asked_for == "overview" and answer.status == "answered"
    assert len(answer.claims) == OVERVIEW_MAX and SHOWN[lang] in answer.answer
    listed = _docs(answer)
    assert len(set(listed)) == OVERVIEW_MAX
    # the retrieved passages' articles first, best first, then the others in collection order; an article
    # without a key sentence (a part holding only a byline) is skipped
    retrieved = list(dict.fromkeys(h.chunk.doc_id for h in answer.hits))
    order = retrieved + [d for d in parts.index.documents if d not in retrieved]
    assert listed == [d for d in order if _central(parts.index, d, KEY_SENTENCES)][:OVERVIEW_MAX]
    assert set(retrieved) & set(listed)
    _check_citations(parts, answer)


@pytest.mark.slow
def test_capped_language_overview_lists_only_that_language(parts):
    answer = parts.ask("Summarize the Arabic articles")
    arabic = [d for d, doc in parts.index.documents.items() if doc.language == "ar"]
    assert len(arabic) == 16
    assert len(answer.claims) == OVERVIEW_MAX and "12 of 16 shown" in answer.answer
    assert set(_docs(answer)) <= set(arabic)
    _check_citations(parts, answer)


@pytest.mark.slow
@pytest.mark.parametrize("question, concept", [("Which articles mention Netanyahu?", "netanyahu"),
                                               ("Which articles mention Gantz?", "gantz")])
def test_mentions_come_from_the_postings(parts, question, concept):
    """The articles named by the concept postings (arrays) are the ones whose sentences' mentions name it."""
    answer = parts.ask(question)
    concepts = parts.concepts
    expected = [d for d in parts.index.documents
                if any(concept in {m.concept for m in concepts.mentions[parts.index.sentences[r].sent_id]}
                       for r in parts.index.document_rows[d])]
    assert expected, "the lexicon's concept id changed"
    if len(expected) > OVERVIEW_MAX:
        assert len(answer.claims) == OVERVIEW_MAX and f"of {len(expected)} shown" in answer.answer
        assert set(_docs(answer)) <= set(expected)
    else:
        assert _docs(answer) == expected and "shown" not in answer.answer
    for claim in answer.claims:  # every cited sentence names what was asked
        for c in claim.citations:
            assert concept in {m.concept for m in concepts.mentions[c.sent_id]}
    _check_citations(parts, answer)
