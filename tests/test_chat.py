"""Follow-ups made standalone, the LangChain retriever and chain, `rag chat` and `rag ask --history`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rag.config import ROOT
from rag.errors import InvalidInput
from rag.followup import Standalone, contextualize, leans_on_history, new_terms, rewrite


def _ctx(previous: list[str], question: str) -> Standalone:
    return contextualize(question, [("user", q) for q in previous])


@pytest.mark.parametrize("previous, follow_up, expected", [
    ("When did Azerbaijan open its embassy in Israel?", "And Israel's embassy in Baku?",
     "When did Israel open its embassy in Baku?"),
    ("متى افتتحت أذربيجان سفارتها لدى إسرائيل؟", "وسفارة إسرائيل في باكو؟", "متى افتتحت إسرائيل سفارتها في باكو؟"),
    ("آذربایجان چه زمانی سفارتش را در اسرائیل افتتاح کرد؟", "و سفارت اسرائیل در باکو؟",
     "اسرائیل چه زمانی سفارتش را در باکو افتتاح کرد؟"),
    ("متى زار بيريز أذربيجان؟", "و متى زارها نتنياهو؟", "متى زار نتنياهو أذربيجان؟"),
    ("When did Shimon Peres visit Azerbaijan?", "What about Netanyahu?", "When did Netanyahu visit Azerbaijan?"),
    ("What share of Azerbaijan's arms imports came from Israel in 2016-2020?", "And in 2011-2016?",
     "What share of Azerbaijan's arms imports came from Israel in 2011-2016?"),
    ("كم كانت حصة إسرائيل من مشتريات أذربيجان من السلاح بين عامي 2011 و2016؟", "وبين عامي 2016 و2020؟",
     "كم كانت حصة إسرائيل من مشتريات أذربيجان من السلاح بين عامي 2016 و2020؟"),
    ("When did Azerbaijan open its embassy in Israel?", "In which city?",
     "In which city did Azerbaijan open its embassy in Israel?"),
])
def test_follow_up_takes_the_previous_frame_and_its_own_new_parts(previous, follow_up, expected):
    s = _ctx([previous], follow_up)
    assert s.rewritten and s.question == expected


@pytest.mark.parametrize("previous, follow_up, languages", [
    ("How many Jews live in Azerbaijan?", "What about the Persian article?", ("fa",)),
    ("كم يبلغ عدد اليهود في أذربيجان؟", "وماذا عن المقال الفارسي؟", ("fa",)),
    ("جمعیت یهودیان آذربایجان چند نفر است؟", "در مقاله‌های عربی چطور؟", ("ar",)),
])
def test_a_language_follow_up_keeps_the_question_and_filters_the_articles(previous, follow_up, languages):
    s = _ctx([previous], follow_up)
    assert (s.question, s.languages, s.rewritten) == (previous, languages, True)
    assert s.shown() != s.question  # the filter is visible to the user


def test_when_was_that_swaps_the_question_word_and_keeps_the_topic():
    s = _ctx(["Which Israeli prime minister held talks with Heydar Aliyev?"], "When was that?")
    assert s.question.startswith("When ") and "Heydar Aliyev" in s.question and "Which" not in s.question


@pytest.mark.parametrize("previous, question", [
    ("How many Jews live in Azerbaijan?", "On what date did Israel recognize Azerbaijan's independence?"),
    ("متى بدأت العلاقات الدبلوماسية بين أذربيجان وإسرائيل؟", "كم يبلغ عدد اليهود في أذربيجان؟"),
    ("جمعیت یهودیان آذربایجان چند نفر است؟", "شیمون پرز در چه سالی به آذربایجان سفر کرد؟"),
])
def test_a_question_that_stands_alone_is_left_alone(previous, question):
    assert not leans_on_history(question, previous)
    assert _ctx([previous], question) == Standalone(question)


def test_first_turn_and_empty_history_are_untouched():
    assert rewrite("And Israel's embassy in Baku?", None) == Standalone("And Israel's embassy in Baku?")
    assert contextualize("When was that?", []) == Standalone("When was that?")


def test_three_turns_build_on_the_last_standalone_question():
    s = _ctx(["When did Azerbaijan open its embassy in Israel?", "And Israel's embassy in Baku?"],
             "What about the Arabic articles?")
    assert (s.question, s.languages) == ("When did Israel open its embassy in Baku?", ("ar",))
    fresh = _ctx(["How many Jews live in Azerbaijan?", "What about the Persian article?",
                  "When did Azerbaijan open its embassy in Israel?"], "And Israel's embassy in Baku?")
    assert fresh.languages == ()  # a new standalone question drops the old filter


def test_new_terms_are_what_a_model_rewrite_must_keep():
    assert new_terms("And Israel's embassy in Baku?", "When did Azerbaijan open its embassy in Israel?") == ["Baku"]
    assert new_terms("و متى زارها نتنياهو؟", "متى زار بيريز أذربيجان؟") == ["نتنياهو"]


def test_history_parsing_accepts_chat_messages_and_names_bad_input(tmp_path):
    from rag.chat import load_history, parse_history

    msgs = [{"role": "user", "content": '<div class="q">How many &amp; where?</div>'},
            {"role": "assistant", "content": [{"type": "text", "text": "3,000 [1]"}]}, ("user", "And Baku?")]
    assert parse_history(msgs) == [("user", "How many & where?"), ("assistant", "3,000 [1]"), ("user", "And Baku?")]
    for bad in ({"role": "user"}, [{"role": "robot", "content": "x"}], [{"role": "user", "content": 3}], ["x"]):
        with pytest.raises(InvalidInput):
            parse_history(bad)
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(InvalidInput, match="broken.json"):
        load_history(path)
    with pytest.raises(InvalidInput, match="missing.json"):
        load_history(tmp_path / "missing.json")


@pytest.mark.slow
def test_retriever_returns_langchain_documents_with_exact_text(pipeline):
    from langchain_core.documents import Document

    from rag.chat import RagRetriever

    docs = RagRetriever(pipeline=pipeline, k=4).invoke("When did Israel open its embassy in Baku?")
    assert len(docs) == 4 and all(isinstance(d, Document) for d in docs)
    for d in docs:
        m = d.metadata
        assert set(m) == {"doc_id", "chunk_id", "start", "end", "score", "title", "language"}
        assert pipeline.index.documents[m["doc_id"]].text[m["start"]:m["end"]] == d.page_content
    fa = RagRetriever(pipeline=pipeline, k=3, languages=["fa"]).invoke("How many Jews live in Azerbaijan?")
    assert {d.metadata["language"] for d in fa} == {"fa"}


@pytest.mark.slow
def test_chain_answers_a_follow_up_and_says_how_it_understood_it(pipeline):
    from langchain_core.runnables import Runnable

    from rag.chat import RagChat
    from rag.render import answer_to_dict, answer_to_text

    chat = RagChat(pipeline)
    assert isinstance(chat.chain, Runnable)
    history = [{"role": "user", "content": "How many Jews live in Azerbaijan?"},
               {"role": "assistant", "content": "The sources disagree: 30,000 [1] vs 3,000 [2]."}]
    answer = chat.chain.invoke({"question": "What about the Persian article?", "history": history})
    d = answer_to_dict(answer)
    assert d["question"] == "What about the Persian article?"
    assert d["understood_as"].startswith("How many Jews live in Azerbaijan?")
    assert {c["doc_id"] for claim in d["claims"] for c in claim["citations"]} == {"004_436d1943e68881f6"}
    assert [c["value"] for c in d["claims"]] == ["3000"]
    assert "Understood as: How many Jews" in answer_to_text(answer)
    alone = chat.ask("How many Jews live in Azerbaijan?", history)
    assert alone.understood_as is None and answer_to_dict(alone)["understood_as"] is None


@pytest.mark.slow
def test_follow_up_gold_set_floors(pipeline):
    """Measured 2026-11-26 on 23 conversations (with main's answerer as of ca2e9a1): rewrite 0.957, answer 0.913,
    the expected standalone questions asked directly 0.957 (the gap is the one rewrite miss)."""
    from rag.chat import RagChat
    from rag.eval_followups import run_followups

    report = run_followups(RagChat(pipeline))
    overall = report["overall"]
    assert overall["n"] >= 20 and set(report["by_language"]) == {"en", "ar", "fa"}
    assert overall["rewrite_accuracy"] >= 0.85
    assert overall["answer_accuracy"] >= 0.78
    assert overall["answer_accuracy"] >= overall["direct_accuracy"] - 0.10


def _cli(args: list[str], settings, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_INDEX": str(settings.index_dir), "OMP_NUM_THREADS": "1"}
    env.pop("RAG_LLM", None)
    return subprocess.run([sys.executable, "-m", "rag", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_rag_chat_keeps_the_conversation(pipeline, settings):
    stdin = "How many Jews live in Azerbaijan?\nWhat about the Persian article?\n/new\nWhen was that?\nexit\n"
    out = _cli(["chat"], settings, stdin)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Understood as:") == 1
    assert "Understood as: How many Jews live in Azerbaijan? (only Persian articles)" in out.stdout
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_rag_ask_history_file(pipeline, settings, tmp_path):
    good = tmp_path / "history.json"
    good.write_text(json.dumps([{"role": "user", "content": "When did Azerbaijan open its embassy in Israel?"},
                                {"role": "assistant", "content": "…"}]), encoding="utf-8")
    out = _cli(["ask", "And Israel's embassy in Baku?", "--history", str(good), "--json"], settings)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["understood_as"] == "When did Israel open its embassy in Baku?"
    assert any(c["value"].startswith("1992") for c in d["claims"])
    bad = tmp_path / "bad-history.json"
    bad.write_text('{"role": "user"}', encoding="utf-8")
    out = _cli(["ask", "And Baku?", "--history", str(bad)], settings)
    assert out.returncode == 2 and "bad-history.json" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_app_api_accepts_history(served):
    from gradio_client import Client

    client = Client(served.url, verbose=False)
    history = [{"role": "user", "content": "When did Azerbaijan open its embassy in Israel?"}]
    d = client.predict(question="And Israel's embassy in Baku?", k=8, history=history, api_name="/ask")
    assert d["understood_as"] == "When did Israel open its embassy in Baku?"
    plain = client.predict(question="How many Jews live in Azerbaijan?", k=8, api_name="/ask")
    assert plain["understood_as"] is None


def test_plain_steps_answer_as_the_chain_does(pipeline):
    """With no model, RagChat.ask runs the chain's steps as plain calls: the same answer as the chain."""
    from dataclasses import replace

    from rag.chat import RagChat

    chat = RagChat(pipeline)
    history = [{"role": "user", "content": "How many Jews live in Azerbaijan?"},
               {"role": "assistant", "content": "The sources disagree: 30,000 [1] vs 3,000 [2]."}]
    for question, turns in (("What about the Persian article?", history), ("When did Israel open its embassy in Baku?", None)):
        plain = chat.ask(question, turns, k=8)
        chained = chat.chain.invoke({"question": question, "history": turns, "k": 8})
        assert replace(plain, timings_ms={}) == replace(chained, timings_ms={})
