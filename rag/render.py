"""Answers as JSON (the ``rag ask --json`` contract) and as text for a person.

Contract fields (never renamed or dropped; new fields may be added): question, language, status,
answer, claims[{value, kind, display, citations[{n, doc_id, title, quote, start, end, score}]}],
timings_ms; understood_as (the standalone question a follow-up was rewritten to, else null), note, generated_by;
comparison ({order, sides[{side, claims}]} for 'Which came first: A or B?', else null).
"""

from __future__ import annotations

from dataclasses import asdict

from rag.types import Answer


def answer_to_dict(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "language": answer.language,
        "status": answer.status,
        "answer": answer.answer,
        "asked_for": answer.asked_for,
        "claims": [
            {"value": c.value, "kind": c.kind, "display": c.display, "qualifier": c.qualifier, "entity": c.entity,
             "citations": [asdict(cit) for cit in c.citations]}
            for c in answer.claims
        ],
        "sources": sorted({cit.doc_id for c in answer.claims for cit in c.citations}),
        "timings_ms": answer.timings_ms,
        "understood_as": answer.understood_as,
        "note": answer.note,
        "generated_by": answer.generated_by,
        # 'Which came first: A or B?': {order, sides: [{side, claims (indices into claims)}]} in the order shown, else null
        "comparison": {"order": answer.order, "sides": [
            {"side": side, "claims": [i for i, s in enumerate(answer.sides) if s == side]}
            for side in dict.fromkeys(answer.sides)]} if answer.sides else None,
    }


def answer_to_text(answer: Answer) -> str:
    """Answer, a side-by-side table when sources disagree, then the numbered sources."""
    lines = [f"Understood as: {answer.understood_as}", ""] if answer.understood_as else []
    lines += [answer.answer, ""]
    if answer.generated_by:
        lines += [f"(worded by {answer.generated_by}; every number and citation checked against the quotes)", ""]
    if answer.note:
        lines += [f"Note: {answer.note}", ""]
    if answer.status == "conflict":
        lines.append("Sources disagree:")
        width = max(len(c.display) for c in answer.claims)
        for c in answer.claims:
            docs = ", ".join(sorted({cit.doc_id for cit in c.citations}))
            refs = " ".join(f"[{cit.n}]" for cit in c.citations)
            lines.append(f"  {c.display.ljust(width)}  {refs}  ({docs})")
        lines.append("")
    seen = set()
    if answer.claims:
        lines.append("Sources:")
    for c in answer.claims:
        for cit in c.citations:
            if cit.n in seen:
                continue
            seen.add(cit.n)
            quote = " ".join(cit.quote.split())  # line breaks of the PDF text folded for reading
            note = f" — {cit.note}" if cit.note else ""
            lines.append(f"  [{cit.n}] {cit.title} ({cit.doc_id}, chars {cit.start}-{cit.end}){note}")
            lines.append(f"      «{quote}»")
            if cit.translation_en:
                lines.append(f"      machine translation ({answer.generated_by or 'model'}): {cit.translation_en}")
    if answer.timings_ms:
        lines.append(f"\n({answer.timings_ms.get('total', 0):.0f} ms)")
    return "\n".join(lines).rstrip() + "\n"
