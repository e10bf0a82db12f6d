"""Public QA data as product ``Document``s and questions: XQuAD (ar paragraphs, en+ar questions) and ARCD.

Data is read from ``$RAG_EVAL_DATA`` (default ``../shared/eval-data`` beside the repository), looked
up when a loader runs. Only derived figures are ever written; no text of the data sets is copied.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from rag.config import ROOT
from rag.errors import RagError
from rag.ingest import fingerprinted
from rag.types import Document

XQUAD_DIRECTIONS = {"en->ar": "en", "ar->ar": "ar"}
LICENCE = ("XQuAD: CC BY-SA 4.0 (github.com/google-deepmind/xquad); ARCD: MIT (github.com/husseinmozannar/SOQAL). "
           "This report holds derived figures only; no text of either data set is copied into the repository.")


@dataclass(frozen=True)
class Question:
    qid: str
    language: str
    text: str
    gold: str  # doc_id of the paragraph that answers it
    answers: tuple[str, ...]  # Arabic answer texts (the evidence is Arabic in every direction)


def data_dir() -> Path:
    """``$RAG_EVAL_DATA``, else ``../shared/eval-data`` beside the repository (read at call time)."""
    return Path(os.environ.get("RAG_EVAL_DATA") or ROOT.parent / "shared" / "eval-data")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise RagError(f"{path}: not found (set RAG_EVAL_DATA to the folder holding xquad/ and arcd/)") from e


def _answers(qa: dict) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x["text"] for x in qa["answers"] if x["text"].strip()))


def load_xquad(folder: Path | None = None, limit: int | None = None) -> tuple[list[Document], dict[str, list[Question]]]:
    """The Arabic paragraphs as Documents, and the questions of both directions.

    ``limit`` keeps the first N paragraphs (file order) and only their questions. The English file
    must be parallel to the Arabic one (same ids in the same places); a mismatch is an error.
    """
    folder = folder or data_dir()
    ar = _read_json(folder / "xquad" / "xquad.ar.json")["data"]
    en = _read_json(folder / "xquad" / "xquad.en.json")["data"]
    docs: list[Document] = []
    questions: dict[str, list[Question]] = {d: [] for d in XQUAD_DIRECTIONS}
    if len(ar) != len(en):
        raise RagError("xquad.ar.json and xquad.en.json are not parallel (article counts differ)")
    for a, (art_ar, art_en) in enumerate(zip(ar, en)):
        if len(art_ar["paragraphs"]) != len(art_en["paragraphs"]):
            raise RagError(f"xquad article {a}: paragraph counts differ between ar and en")
        for p, (par_ar, par_en) in enumerate(zip(art_ar["paragraphs"], art_en["paragraphs"])):
            if limit is not None and len(docs) >= limit:
                return docs, questions
            doc_id = f"xq-{a}-{p}"
            docs.append(fingerprinted(Document(
                doc_id=doc_id, text=par_ar["context"], title=f"{art_ar.get('title', '')} ({p + 1})".strip(),
                language="ar", path=f"xquad.ar.json#{a}/{p}")))
            en_by_id = {q["id"]: q for q in par_en["qas"]}
            for q in par_ar["qas"]:
                if q["id"] not in en_by_id:
                    raise RagError(f"xquad question {q['id']}: no English counterpart in the same paragraph")
                questions["ar->ar"].append(Question(q["id"], "ar", q["question"], doc_id, _answers(q)))
                questions["en->ar"].append(Question(q["id"], "en", en_by_id[q["id"]]["question"], doc_id, _answers(q)))
    return docs, questions


def load_arcd(folder: Path | None = None, exclude: set[str] | None = None,
              limit: int | None = None) -> tuple[list[Document], list[Question]]:
    """ARCD paragraphs (unique texts) as Arabic documents ``arcd-<article>-<paragraph>``, and their
    native Arabic questions. A paragraph that repeats an earlier one keeps the first one's id, so its
    questions point at the paragraph that is indexed. ``exclude``: texts already in the corpus."""
    data = _read_json((folder or data_dir()) / "arcd" / "arcd.json")["data"]
    first_id: dict[str, str] = {}
    skip = set(exclude or ())
    docs: list[Document] = []
    questions: list[Question] = []
    for a, art in enumerate(data):
        for p, par in enumerate(art["paragraphs"]):
            text = par["context"]
            if not text.strip() or text in skip:
                continue
            if text not in first_id:
                if limit is not None and len(docs) >= limit:
                    return docs, questions
                first_id[text] = f"arcd-{a}-{p}"
                docs.append(fingerprinted(Document(
                    doc_id=first_id[text], text=text, title=str(art.get("title", "")), language="ar",
                    path=f"arcd.json#{a}/{p}")))
            for q in par.get("qas", []):
                if q["question"].strip():
                    questions.append(Question(str(q["id"]), "ar", q["question"], first_id[text], _answers(q)))
    return docs, questions
