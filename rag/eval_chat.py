"""``rag eval --llm …``: the model path scored side by side with the extractive one, on the same pipeline.

For each answerable gold question (``eval/gold.jsonl``): is the gold value stated by what the user sees —
the first claim for the extractive path; for the model path the verified text (or, after a fallback, the
extractive answer it fell back to)? Plus how often the model's answer was shown, what verification
rejected and why, model errors, and latency. ``--followups`` adds the follow-up set for both paths.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rag.chat import RagChat
from rag.config import ROOT
from rag.eval_followups import FOLLOWUPS, answer_correct, run_followups
from rag.ingest import detect_language
from rag.types import Answer
from rag.values import extract_values, values_agree

GOLD = ROOT / "eval" / "gold.jsonl"


def _gold(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("answerable") and r.get("answers")]


def _text_states(answer: Answer, item: dict) -> bool:
    """Does the generated text state a gold value (all of them for a disagreement)?"""
    if item.get("kind") == "text":
        return answer_correct(answer, item)  # statements: judged by the cited quotes, which verification kept
    found = [v.value for v in extract_values(answer.answer, detect_language(answer.answer))]
    hit = [any(values_agree(f, a) for f in found for a in [g["value"], *g.get("stated_values", [])])
           for g in item["answers"]]
    return all(hit) if item.get("conflict") else any(hit)


def _run(chat: RagChat, items: list[dict], k: int) -> tuple[dict, list[dict]]:
    rows = []
    for item in items:
        t0 = time.perf_counter()
        answer = chat.ask(item["question"], None, k=k)
        ms = (time.perf_counter() - t0) * 1e3
        correct = _text_states(answer, item) if answer.generated_by else answer_correct(answer, item)
        rows.append({"id": item["id"], "lang": item["lang"], "correct": correct, "generated": bool(answer.generated_by),
                     "note": answer.note, "answer": answer.answer, "latency_ms": round(ms, 1)})
    n = len(rows) or 1
    summary = {"n": len(rows), "value_accuracy": round(sum(r["correct"] for r in rows) / n, 4),
               "model_answer_shown": round(sum(r["generated"] for r in rows) / n, 4),
               "mean_latency_ms": round(sum(r["latency_ms"] for r in rows) / n, 1)}
    return summary, rows


def compare_llm(pipeline, spec, gold: Path | None = None, k: int = 8, followups: bool = False) -> dict:
    """{'extractive': {...}, 'llm': {...}} on the gold questions (and the follow-ups when asked)."""
    items = _gold(gold or GOLD)
    report: dict = {}
    chats = {"extractive": RagChat(pipeline)}
    if spec is not None:
        chats["llm"] = RagChat.from_spec(pipeline, spec)
    for name, chat in chats.items():
        overall, rows = _run(chat, items, k)
        report[name] = {"overall": overall, "model": chat.model_label, "questions": rows}
        if followups:
            report[f"{name}_followups"] = run_followups(chat, FOLLOWUPS, k)
        if chat.model is not None:
            report[name]["overall"]["rejected"] = chat.rejections()
            report[name]["stats"] = dict(chat.stats)
    return report


def write_chat_report(report: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    name = "chat_eval.json" if any(k in report for k in ("extractive", "llm")) else "followups.json"
    path = out / name
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
