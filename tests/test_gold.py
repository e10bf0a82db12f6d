"""The gold questions, run through the same path as the app, must not fall below measured levels.

Floors sit an honest margin under what the system measured on each split (reports/eval-dev.json,
reports/eval-test.json: real corpus, bundled model). Raise them as the system improves, never lower
them to pass. Thresholds inside the system are fitted on dev only; test is reported, never tuned on.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from rag.eval_trust import QUALIFIER_WORDS
from rag.evaluate import GOLD, LANGUAGES, SPLITS, load_gold, run_eval
from rag.formats import read_text, split_front_matter

# Measured 2026-11-26 on the answer logic of commit f88878b (before the issue-9 rewrite), with
# `python -m rag eval --split dev|test`; each figure is in the comment, the floor about one
# question (or ~0.05) below it. Qualifier, overview and unsupported-language accuracy are covered by
# tests/test_trust.py question by question.
FLOORS = {  # measured after the seventh trust round (issue 9), reports/eval-{dev,test}.json of 2026-11-27
    "dev": {
        "doc_recall@5": 0.78,            # 0.835
        "evidence_recall@8": 0.78,       # 0.834
        "mrr": 0.71,                     # 0.761
        "value_accuracy": 0.91,          # 0.959
        "citation_precision": 0.92,      # 0.972
        "abstention_accuracy": 0.93,     # 1.000
        "conflict_recall": 0.85,         # 1.000
        "conflict_precision": 0.85,      # 1.000
        "strict_accuracy": 0.93,         # 0.984 (ninth round; 0.968 in the seventh)
        "cross_language_agreement": 0.91,  # 1.000 (ninth round; 0.971 in the seventh)
    },
    "test": {  # never tuned on: rules were checked on it and dropped when they hurt (see eval/README.md)
        "doc_recall@5": 0.82,            # 0.888
        "evidence_recall@8": 0.85,       # 0.898
        "mrr": 0.73,                     # 0.792
        "value_accuracy": 0.85,          # 0.908
        "citation_precision": 0.82,      # 0.883
        "abstention_accuracy": 0.87,     # 0.917
        "conflict_recall": 0.89,         # 1.000
        "conflict_precision": 0.94,      # 1.000
        "strict_accuracy": 0.90,         # 0.951 (ninth round; 0.902 in the seventh)
        "cross_language_agreement": 0.81,  # 0.875 (28 of 32 facts; ninth round)
    },
}
CEILINGS = {"dev": {"false_abstention_rate": 0.05},   # 0.000
            "test": {"false_abstention_rate": 0.06}}  # 0.020
# Every language, both splits together (measured: en / ar / fa).
LANGUAGE_FLOORS = {"doc_recall@5": 0.72,       # 0.876 / 0.931 / 0.768
                   "evidence_recall@8": 0.76,  # 0.858 / 0.924 / 0.814
                   "value_accuracy": 0.46,     # 0.516 / 0.522 / 0.554
                   "strict_accuracy": 0.39}    # 0.438 / 0.470 / 0.444


@pytest.fixture(scope="module")
def report(pipeline):
    return run_eval(pipeline)


# The blind questions no one here read question by question (eval/README.md; 3,090: c-, d-, e-, k-, l-, n-, p-, r-,
# t-, v-, y-, z-, ac-, ad-, ag-, ak-, al-, am-, ap-, aq-, au-, av-, aw-, ba-, bb-, bc-, be-, bg-, bi-, bk-, bm-, bo-, bq-,
# bs-; g- is fitted since the ninth round): measured 0.933 strict, conflict precision 0.98, abstention 0.931 (2026-11-28,
# twenty-second round; the new bs- set, hurried typing, is 0.914 on its own).
BLIND_HELDOUT_FLOORS = {"strict_accuracy": 0.88, "conflict_precision": 0.92, "abstention_accuracy": 0.90}


def test_blind_heldout_floor(pipeline):
    overall = run_eval(pipeline, GOLD.parent / "blind.jsonl", split="blind-heldout")["overall"]
    assert all(overall[m] >= f for m, f in BLIND_HELDOUT_FLOORS.items()), json.dumps(overall)


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_gold_file_is_well_formed(gold):
    assert len(gold) >= 150
    assert set(LANGUAGES) <= {g.lang for g in gold}
    assert len({g.id for g in gold}) == len(gold)
    for g in gold:
        assert g.split in SPLITS and g.fact, g.id
        assert g.kind in ("date", "number", "percent", "text", "overview"), g.id
        assert g.answerable or (not g.answers and not g.conflict and g.expect in ("not_found", "unsupported_language")), g.id
        assert not g.conflict or len(g.answers) >= 2, g.id
        for a in g.answers:
            assert a.get("qualifier") in (None, *QUALIFIER_WORDS), g.id
            assert g.kind != "text" or a.get("aliases"), g.id


def test_every_fact_lives_in_one_split(gold):
    splits = defaultdict(set)
    for g in gold:
        splits[g.fact].add(g.split)
    assert {f: s for f, s in splits.items() if len(s) > 1} == {}


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_covers_every_kind_of_question_in_every_language(gold, split):
    def count(lang, pred):
        return sum(1 for g in gold if g.split == split and g.lang == lang and pred(g))

    for lang in LANGUAGES:
        assert count(lang, lambda g: g.conflict) >= 2, lang
        assert count(lang, lambda g: not g.answerable) >= 4, lang
        assert count(lang, lambda g: g.kind == "overview") >= 2, lang
        assert count(lang, lambda g: any(a.get("qualifier") for a in g.answers)) >= 1, lang
        assert count(lang, lambda g: "relative" in g.tags) >= 1, lang
        assert count(lang, lambda g: "trap" in g.tags) >= 2, lang
    facts3 = defaultdict(set)
    for g in gold:
        if g.split == split:
            facts3[g.fact].add(g.lang)
    assert sum(set(LANGUAGES) <= langs for langs in facts3.values()) >= 20


def test_load_gold_keeps_one_split(gold):
    dev = load_gold(GOLD, "dev")
    assert dev and {g.split for g in dev} == {"dev"} and len(dev) < len(gold)
    from rag.errors import InvalidInput

    with pytest.raises(InvalidInput, match="split"):
        load_gold(GOLD, "train")


BLIND = GOLD.parent / "blind.jsonl"


def test_blind_sets_load_by_their_own_splits():
    """eval/blind.jsonl: questions written by engineers who never saw the code (eval/README.md)."""
    held = load_gold(BLIND, "blind-heldout")
    assert len(held) >= 100 and {g.split for g in held} == {"blind-heldout"}
    from rag.errors import InvalidInput

    with pytest.raises(InvalidInput, match="blind-fitted, blind-heldout"):
        load_gold(BLIND, "dev")


@pytest.mark.parametrize("path", [GOLD, BLIND], ids=["gold", "blind"])
def test_gold_evidence_is_verbatim_in_the_corpus(index, path):
    """Each evidence line is cut from the article as stored or from its file as written (a line of the Persian
    PDF's text that ingest stores in reading order: rag eval maps it to where it is stored)."""
    written = {d: split_front_matter(Path(doc.path), read_text(Path(doc.path)))[1] for d, doc in index.documents.items()}
    for g in load_gold(path):
        for answer in g.answers:
            assert len(answer["docs"]) == len(answer["evidence"]), g.id
            for doc, evidence in zip(answer["docs"], answer["evidence"]):
                assert evidence in index.documents[doc].text or evidence in written[doc], (g.id, doc)
                assert "\n" not in evidence, (g.id, doc)
            if g.kind == "overview":
                assert answer["value"] in index.documents, g.id
            if g.kind == "text":
                assert all(any(al in e for al in answer["aliases"]) for e in answer["evidence"]), g.id


@pytest.mark.parametrize("split, metric, floor",
                         sorted((s, m, f) for s, floors in FLOORS.items() for m, f in floors.items()))
def test_split_metric_floor(report, split, metric, floor):
    overall = report["by_split"][split]["overall"]
    assert overall[metric] >= floor, json.dumps(overall)


@pytest.mark.parametrize("split, metric, ceiling",
                         sorted((s, m, c) for s, ceilings in CEILINGS.items() for m, c in ceilings.items()))
def test_split_metric_ceiling(report, split, metric, ceiling):
    overall = report["by_split"][split]["overall"]
    assert overall[metric] <= ceiling, json.dumps(overall)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_holds_up(report, lang):
    for metric, floor in LANGUAGE_FLOORS.items():
        assert report["by_language"][lang][metric] >= floor, (lang, metric, report["by_language"][lang])


def test_reports_are_written_and_compared(report, tmp_path):
    import copy

    from rag.eval_report import compare, write_reports

    previous = copy.deepcopy(report)
    previous["overall"]["value_accuracy"] -= 0.1
    previous["by_split"]["test"]["overall"]["strict_accuracy"] -= 0.2
    paths = write_reports(report, tmp_path, previous)
    assert all(p.exists() and p.stat().st_size > 0 for p in paths.values())
    written = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert {"overall", "by_language", "by_kind", "by_split", "by_tag", "meta", "questions", "compare"} <= set(written)
    assert set(written["by_language"]) == {"en", "ar", "fa"}
    assert set(written["by_split"]) == {"dev", "test"}
    for key in ("strict_accuracy", "cross_language_agreement", "conflict_precision", "conflict_recall",
                "abstention_accuracy", "false_abstention_rate", "qualifier_accuracy"):
        assert key in written["by_split"]["test"]["overall"] and key in written["by_split"]["dev"]["by_language"]["fa"]
    diff = compare(report, previous)
    assert diff["overall"]["value_accuracy"] == pytest.approx(0.1)
    assert diff["split:test"]["strict_accuracy"] == pytest.approx(0.2)
    md = paths["md"].read_text(encoding="utf-8")
    assert "Δ overall" in md and "### split test" in md and "strict_accuracy" in md
