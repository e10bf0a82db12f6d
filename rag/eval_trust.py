"""Trust metrics over scored gold questions: judged as a reader sees the answer.

- strict accuracy: right status, every value shown is a gold value, every side of a real conflict
  shown, no false rival; unanswerable → ``not_found``; overview → an overview citing the expected
  documents;
- cross-language agreement: facts asked in en, ar and fa get one status and one set of values;
- qualifier accuracy: where gold bounds a value ("more than 3,000"), the claim keeps the bound.

Rows are the dicts of ``rag.evaluate.score_question``; these helpers never run the system.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rag.normalize import fold
from rag.values import values_agree

# Gold writes bounds as symbols; claims as words (rag.types.Claim.qualifier). One normal form: the symbol.
QUALIFIER_WORDS = {
    ">": ("more than", "over", "above", "exceeding", "beyond", "upwards of", "أكثر من", "بیش از", "بيش از", "بالغ بر"),
    ">=": ("at least", "no less than", "على الأقل", "لا يقل عن", "دست کم", "دستکم", "حداقل"),
    "<": ("less than", "under", "below", "fewer than", "أقل من", "کمتر از"),
    "<=": ("at most", "up to", "no more than", "حداکثر"),
    "~": ("about", "around", "approximately", "nearly", "almost", "roughly", "some", "estimated", "circa", "~",
          "حوالي", "نحو", "قرابة", "تقريبا", "تقريباً", "ما يقارب", "حدود", "حدوداً", "تقریباً", "تقریبا"),
}
_SYMBOL = {fold(w): sym for sym, words in QUALIFIER_WORDS.items() for w in (*words, sym)}


def qualifier_symbol(text: str | None) -> str | None:
    """Normal form of a qualifier. Example: 'More than' -> '>', 'حوالي' -> '~', None -> None."""
    if not text:
        return None
    return _SYMBOL.get(fold(text.strip()), text.strip())


def accepted(answer: dict) -> list[str]:
    """The gold value and each document's own precision of it; bounds ('>3000', '~30000') are notes."""
    return [answer["value"], *(v for v in answer.get("stated_values", []) if v[:1] not in "<>~")]


def states(quote: str, answer: dict, kind: str, quote_values: list[str]) -> bool:
    """Does a quote state a gold answer? Text: it contains an alias; values: an extracted value agrees."""
    if kind == "text" or "aliases" in answer:
        return any(fold(a) in fold(quote) for a in answer.get("aliases", [answer["value"]]))
    return any(values_agree(q, a) for q in quote_values for a in accepted(answer))


def claim_matches(claim: dict, answer: dict, quote_values: dict[int, list[str]] | None = None) -> bool:
    """A value claim matches when the values agree. A text claim matches when a quote of it names an
    alias or, for a gold value with no aliases (a date quoted as a sentence), states an agreeing value
    (``quote_values``: citation number -> values extracted from the quoted sentence)."""
    if claim["kind"] == "text":
        if "aliases" in answer or quote_values is None:
            return any(states(c["quote"], answer, "text", []) for c in claim["citations"])
        return any(states(c["quote"], answer, "value", quote_values.get(c["n"], [])) for c in claim["citations"])
    return any(values_agree(claim["value"], a) for a in accepted(answer) + _values_in(answer))


def _values_in(answer: dict) -> list[str]:
    """The values a gold answer written as words states ('Gantz's visit to Baku (October 2022)' -> ['2022-10'],
    'nine tenths' -> ['90%']), which a value claim may match; none for a gold value that is itself a value."""
    value = str(answer["value"])
    return list(_values_of(value)) if any(ch.isalpha() for ch in value) else []


@lru_cache(maxsize=4096)
def _values_of(text: str) -> tuple[str, ...]:
    from rag.language import detect_language
    from rag.values import extract_values

    return tuple(v.value for v in extract_values(text, detect_language(text)))


def gold_matches(claims: list[dict], answers: tuple[dict, ...] | list[dict],
                 quote_values: dict[int, list[str]] | None = None) -> list[list[int]]:
    """For each claim, the indices of the gold answers it states. Example: [[0], [], [1]]."""
    return [[i for i, a in enumerate(answers) if claim_matches(c, a, quote_values)] for c in claims]


def strict_correct(row: dict, answers: tuple[dict, ...] | list[dict]) -> bool:
    """The reader's verdict on one answer (see the module docstring)."""
    if not row["answerable"]:
        return row["status"] == "not_found"
    if row["kind"] == "overview":
        expected = {a["value"] for a in answers}
        return row["status"] == "answered" and row["asked_for"] == "overview" and expected <= set(row["cited_docs"])
    matches = row["gold_match"]
    if not matches or any(not m for m in matches):
        return False  # nothing shown, or a value shown that no gold answer states
    if row["gold_conflict"]:
        shown = {i for m in matches for i in m}
        return row["status"] == "conflict" and shown == set(range(len(answers)))
    return row["status"] == "answered"


def false_rival(row: dict) -> bool:
    """A disagreement shown where there is none, or a side of it that no article states for this fact."""
    return row["status"] == "conflict" and (not row["gold_conflict"] or any(not m for m in row["gold_match"]))


def qualifier_checks(row: dict, answers: tuple[dict, ...] | list[dict]) -> tuple[int, int]:
    """(checked, correct) over gold answers that carry a qualifier and whose value is shown."""
    checked = correct = 0
    for i, a in enumerate(answers):
        if not a.get("qualifier"):
            continue
        shown = [q for q, m in zip(row["claim_qualifiers"], row["gold_match"]) if i in m]
        if shown:
            checked += 1
            correct += any(qualifier_symbol(q) == a["qualifier"] for q in shown)
    return checked, correct


def _claims_agree(a: dict, b: dict) -> bool:
    """Same status and the same values: a value or a name by itself ('2023-03', 'jerusalem'), a
    quoted sentence by which gold answer it states (each language may quote another sentence)."""
    if a["status"] != b["status"]:
        return False
    if a["kind"] == "overview" or b["kind"] == "overview":
        return a["asked_for"] == b["asked_for"] and set(a["cited_docs"]) == set(b["cited_docs"])

    def keys(row: dict) -> list:
        return list(zip(row["claims"], row["gold_match"]))

    def quote(value: str) -> bool:
        return any(c.isspace() for c in value)

    def same(x, y) -> bool:
        (vx, mx), (vy, my) = x, y
        if (quote(vx) or quote(vy)) and mx and my:  # a quote and another quote or a name: the same gold answer
            return set(mx) == set(my)
        if not quote(vx) and not quote(vy):
            return values_agree(vx, vy)
        return vx == vy

    ka, kb = keys(a), keys(b)
    return all(any(same(x, y) for y in kb) for x in ka) and all(any(same(y, x) for x in ka) for y in kb)


def cross_language_agreement(rows: list[dict]) -> tuple[float | None, int]:
    """Share of facts asked in en, ar and fa whose questions (every language, every paraphrase) agree."""
    by_fact: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_fact[r["fact"]].append(r)
    facts = [g for g in by_fact.values() if {"en", "ar", "fa"} <= {r["lang"] for r in g}]
    if not facts:
        return None, 0
    agree = [all(_claims_agree(g[i], g[j]) for i in range(len(g)) for j in range(i + 1, len(g))) for g in facts]
    return round(sum(agree) / len(agree), 4), len(agree)


def _mean(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else None


def trust_summary(rows: list[dict]) -> dict:
    """The trust metrics of one slice of rows; None where the slice has nothing to measure."""
    answerable = [r for r in rows if r["answerable"]]
    predicted_conflicts = [r for r in rows if r["status"] == "conflict"]
    q_checked = sum(r.get("qualifier_checked", 0) for r in rows)
    q_correct = sum(r.get("qualifier_correct", 0) for r in rows)
    overviews = [r for r in rows if r["kind"] == "overview"]
    unsupported = [r for r in rows if r.get("expect") == "unsupported_language"]
    agreement, n_facts = cross_language_agreement(rows)

    def share(items) -> float | None:
        items = list(items)
        return round(sum(map(bool, items)) / len(items), 4) if items else None

    return {
        "strict_accuracy": share(r["strict_correct"] for r in rows),
        "strict_accuracy_answerable": share(r["strict_correct"] for r in answerable),
        "false_rival_rate": share(false_rival(r) for r in predicted_conflicts),
        "cross_language_agreement": agreement,
        "cross_language_facts": n_facts,
        "qualifier_accuracy": round(q_correct / q_checked, 4) if q_checked else None,
        "qualifier_checked": q_checked,
        "overview_accuracy": share(r["strict_correct"] for r in overviews),
        "overview_doc_precision": _mean(len(set(r["cited_docs"]) & set(r["expected_docs"])) / len(r["cited_docs"])
                                        if r["cited_docs"] else 0.0 for r in overviews),
        "unsupported_language_accuracy": share(r["status"] == "not_found" for r in unsupported),
    }
