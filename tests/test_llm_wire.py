"""The wire path: langchain-openai's ChatOpenAI against a scripted OpenAI-compatible server on 127.0.0.1.

Every scripted fault (invented number, invented citation, refusal, timeout, malformed output, HTTP error)
must end in the extractive answer with a note; a good reply must be shown, worded by the model.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("langchain_openai")

from rag.chat import RagChat  # noqa: E402
from rag.llm import LLMSpec  # noqa: E402
from tests.test_llm import GOOD, _conflict, _Stub  # noqa: E402

SECRET = "sk-test-never-shown-4242"


class Scripted(BaseHTTPRequestHandler):
    """POST …/chat/completions: answers with the next scripted reply; 'echo' quotes the first quote back."""

    script: list = []
    seen: list = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        Scripted.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        kind, value = Scripted.script.pop(0) if Scripted.script else ("echo", None)
        if kind == "sleep":
            time.sleep(value)
            kind, value = "text", GOOD
        if kind == "status":
            return self._send(value, {"error": {"message": "server says no", "type": "server_error"}})
        if kind == "raw":
            return self._send(200, value)
        if kind == "echo":  # the first quote verbatim, cited: right values, the sources' language
            user = body["messages"][-1]["content"]
            m = re.search(r"^\[(\d+)\] \([^)]*\) (.+)$", user, re.M)
            value = f"{m.group(2)} [{m.group(1)}]" if m else "no quotes"
        self._send(200, {"id": "c1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": value}}],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    def _send(self, status: int, payload) -> None:
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def chat(server, monkeypatch):
    monkeypatch.setenv("RAG_LLM_KEY", SECRET)
    Scripted.script, Scripted.seen = [], []
    return RagChat.from_spec(_Stub(_conflict()), LLMSpec("openai", "scripted", server, timeout=1.5))


def test_good_reply_goes_through_chatopenai_and_is_shown(chat):
    Scripted.script = [("text", GOOD)]
    answer = chat.ask("When did Israel open its embassy in Baku?")
    assert answer.answer == GOOD and answer.generated_by == "openai:scripted"
    sent = Scripted.seen[-1]
    assert sent["path"].endswith("/chat/completions") and sent["body"]["model"] == "scripted"
    assert sent["auth"] == f"Bearer {SECRET}"  # the key goes to the server, and nowhere else
    roles = [m["role"] for m in sent["body"]["messages"]]
    assert roles == ["system", "user"] and "<quotes>" in sent["body"]["messages"][1]["content"]


@pytest.mark.parametrize("reply, why", [
    (("text", "Israel opened its embassy in Baku in 1994 [1] or 1993 [2]."), "states 1994"),
    (("text", "Israel opened its embassy in Baku in December 1992 [1] or 1993 [3]."), "not given"),
    (("text", "I'm sorry, but I can't help with that request."), "no citation"),
    (("sleep", 4.0), "failed"),
    (("raw", "this is not json"), "failed"),
    (("raw", {"choices": "nope"}), "failed"),
    (("status", 500), "failed"),
    (("status", 401), "failed"),
])
def test_every_fault_ends_in_the_extractive_answer(chat, caplog, reply, why):
    Scripted.script = [reply]
    caplog.set_level(logging.DEBUG)
    t0 = time.perf_counter()
    answer = chat.ask("When did Israel open its embassy in Baku?")
    assert time.perf_counter() - t0 < 10
    assert answer.answer == _conflict().answer and answer.generated_by is None
    assert why in answer.note
    assert SECRET not in answer.note and SECRET not in caplog.text
    assert sum(chat.stats.values()) >= 2  # generated + the rejection or the error, counted


def test_rejections_are_counted_across_questions(chat):
    Scripted.script = [("text", "In 1994 [1] and 1993 [2]."), ("text", GOOD), ("text", "1993 [9] or 1992 [1].")]
    for _ in range(3):
        chat.ask("When did Israel open its embassy in Baku?")
    assert chat.stats["verified"] == 1 and chat.rejections() == 2


@pytest.mark.slow
def test_rag_eval_llm_scores_both_paths_side_by_side(pipeline, server, tmp_path, monkeypatch):
    from rag.config import ROOT
    from rag.eval_chat import compare_llm, write_chat_report

    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    subset = tmp_path / "gold.jsonl"
    picked = [g for g in gold if g["id"] in ("jews-ar", "diprel-ar", "emb-en", "recog-fa", "un-paris-en")]
    subset.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in picked), encoding="utf-8")
    Scripted.script = []  # echo: the first quote, cited
    report = compare_llm(pipeline, LLMSpec("openai", "scripted", server, timeout=5), subset, k=8)
    ext, llm = report["extractive"]["overall"], report["llm"]["overall"]
    assert ext["n"] == llm["n"] == 4  # answerable ones
    assert llm["model_answer_shown"] > 0  # echoing the first quote passes for a one-value Arabic answer
    assert llm["rejected"] >= 1  # and is refused for an English question or a disagreement
    shown = [q for q in report["llm"]["questions"] if q["generated"]]
    assert all(re.search(r"\[\d+\]", q["answer"]) for q in shown)
    path = write_chat_report(report, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["llm"]["model"] == "openai:scripted"
