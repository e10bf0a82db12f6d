"""Follow-up gold set (``eval/followups.jsonl``): is each follow-up rewritten to the right standalone
question, and answered right? Runs the same chain as ``rag chat`` (``rag.chat.RagChat``).

Each line: ``{id, lang, turns: [question, …], standalone, must: [terms], must_not: [terms], languages?,
kind, conflict, answers: [{value, aliases?, docs}]}``; the last turn is scored, the earlier ones are history.

- rewrite correct: the question answered mentions every ``must`` term and no ``must_not`` term (up to
  articles, suffixes and letter variants), with the expected article-language filter; a question that
  stands alone (``standalone == last turn``) must be left unchanged;
- answer correct: as in ``rag.evaluate`` — for a disagreement every side is among the claims, otherwise the
  first claim states one of the gold values (for statements: a quote of it contains an alias);
- ``direct``: the same scoring for the expected standalone question asked on its own, so a miss can be
  told apart as the rewrite's or the answerer's.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rag.config import ROOT
from rag.errors import InvalidInput
from rag.followup import mentions
from rag.normalize import fold
from rag.types import Answer, Claim
from rag.values import values_agree

FOLLOWUPS = ROOT / "eval" / "followups.jsonl"


def load_followups(path: Path = FOLLOWUPS) -> list[dict]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not (isinstance(item["turns"], list) and item["turns"] and item["standalone"] and item["answers"]):
                raise ValueError("turns, standalone and answers are required")
        except (ValueError, KeyError, TypeError) as e:
            raise InvalidInput(f"{path}:{n}: bad follow-up line ({e})") from None
        items.append(item)
    return items


def _claim_matches(claim: Claim, gold: dict) -> bool:
    if claim.kind == "text" or "aliases" in gold:
        aliases = gold.get("aliases", []) + [gold["value"]]
        return any(fold(a) in fold(c.quote) for a in aliases for c in claim.citations)
    return any(values_agree(claim.value, v) for v in [gold["value"], *gold.get("stated_values", [])])


def answer_correct(answer: Answer, item: dict) -> bool:
    claims = answer.claims
    if answer.status == "not_found" or not claims:
        return False
    if item.get("conflict"):
        return all(any(_claim_matches(c, g) for c in claims) for g in item["answers"])
    return any(_claim_matches(claims[0], g) for g in item["answers"])


def rewrite_correct(understood: str, languages: tuple[str, ...], item: dict) -> bool:
    last = item["turns"][-1]
    if item["standalone"].strip() == last.strip():
        return understood == last.strip() and not languages
    return (all(mentions(understood, t) for t in item.get("must", []))
            and not any(mentions(understood, t) for t in item.get("must_not", []))
            and sorted(languages) == sorted(item.get("languages", [])))


def score_followup(chat, item: dict, k: int = 8) -> dict:
    from rag.followup import contextualize

    turns = item["turns"]
    history = [{"role": "user", "content": t} for t in turns[:-1]]
    t0 = time.perf_counter()
    answer = chat.ask(turns[-1], history, k=k)
    latency = (time.perf_counter() - t0) * 1e3
    standalone = chat.last_standalone or contextualize(turns[-1], [(m["role"], m["content"]) for m in history],
                                                       chat.phrases)  # what the chain answered (a model may rewrite)
    direct = chat.pipeline.ask(item["standalone"], k=k, languages=item.get("languages") or None)
    return {"id": item["id"], "lang": item["lang"], "question": turns[-1], "understood_as": answer.understood_as,
            "expected": item["standalone"], "rewrite_correct": rewrite_correct(standalone.question, standalone.languages, item),
            "answer_correct": answer_correct(answer, item), "direct_correct": answer_correct(direct, item),
            "status": answer.status, "claims": [c.value for c in answer.claims], "generated_by": answer.generated_by,
            "note": answer.note, "latency_ms": round(latency, 1)}


def _rate(rows: list[dict], key: str) -> float | None:
    return round(sum(bool(r[key]) for r in rows) / len(rows), 4) if rows else None


def run_followups(chat, path: Path = FOLLOWUPS, k: int = 8) -> dict:
    """Scores every conversation; ``overall`` and ``by_language`` hold the three rates."""
    rows = [score_followup(chat, item, k) for item in load_followups(path)]
    keys = ("rewrite_correct", "answer_correct", "direct_correct")

    def summary(sub: list[dict]) -> dict:
        return {"n": len(sub), **{k.replace("_correct", "_accuracy"): _rate(sub, k) for k in keys},
                "both_correct": _rate([{"x": r["rewrite_correct"] and r["answer_correct"]} for r in sub], "x")}

    return {"overall": summary(rows),
            "by_language": {lang: summary([r for r in rows if r["lang"] == lang]) for lang in ("en", "ar", "fa")},
            "model": getattr(chat, "model_label", None), "model_stats": dict(getattr(chat, "stats", {})),
            "conversations": rows}
