"""The web app through its public surface: the `ask` API (gradio_client), HTTP safety, and the HTML it builds.

The session's one real Pipeline (conftest: bundled model, real corpus, index built into a temp folder)
behind one running app (conftest's ``served``), shared with tests/test_app_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import app
from rag import pipeline as pipeline_module
from rag.config import ROOT
from rag.store import current_dir

EMBASSY = "When did Azerbaijan open its embassy in Israel?"
RECOGNITION = "When did Israel recognize the independence of Azerbaijan?"
WORLD_CUP = "Who won the 2022 World Cup?"


@pytest.fixture(scope="session")
def client(served):
    from gradio_client import Client

    return Client(served.url, verbose=False)


def ask(client, question: str, k: int = 8, **filters) -> dict:
    return client.predict(question=question, k=k, **filters, api_name="/ask")


def assert_exact_quotes(d: dict, documents) -> None:
    assert d["claims"], d
    for claim in d["claims"]:
        assert claim["citations"], claim
        for c in claim["citations"]:
            assert documents[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"], c
            assert c["title"] == documents[c["doc_id"]].title


# ---- the `ask` API ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_ask_answers_with_exact_citations(client, served):
    d = ask(client, RECOGNITION)
    assert set(d) >= {"question", "language", "status", "answer", "claims", "timings_ms", "sources"}
    assert d["status"] == "answered", d["answer"]
    assert d["claims"][0]["kind"] == "date"
    assert d["claims"][0]["value"] == "1991-12-25", d["claims"]
    assert_exact_quotes(d, served.pipeline.index.documents)
    assert d["sources"] == sorted({c["doc_id"] for cl in d["claims"] for c in cl["citations"]})


@pytest.mark.slow
def test_ask_reports_the_embassy_conflict(client, served):
    d = ask(client, EMBASSY)
    assert d["status"] == "conflict", d["answer"]
    values = {claim["value"] for claim in d["claims"]}
    assert {"2022-11", "2023-03"} <= values, values
    assert_exact_quotes(d, served.pipeline.index.documents)
    # each side is backed by its own documents
    by_value = {cl["value"]: {c["doc_id"] for c in cl["citations"]} for cl in d["claims"]}
    assert by_value["2022-11"] - by_value["2023-03"] and by_value["2023-03"] - by_value["2022-11"]


@pytest.mark.slow
def test_ask_says_not_found_for_an_unrelated_question(client):
    d = ask(client, WORLD_CUP)
    assert d["status"] == "not_found", d["answer"]
    assert d["claims"] == [] and d["sources"] == []


@pytest.mark.slow
def test_ask_filters_restrict_the_articles(client, served):
    only = "003_d40d8e6eea96f478"
    d = ask(client, "How many Jews live in Azerbaijan?", doc_ids=[only])
    assert d["sources"] in ([], [only]), d
    d = ask(client, EMBASSY, languages=["fa"])
    assert all(served.pipeline.index.documents[s].language == "fa" for s in d["sources"]), d


@pytest.mark.slow
def test_overlong_question_is_refused_politely_before_any_search(client, served, monkeypatch):
    from gradio_client.exceptions import AppError

    calls = {"embed": 0, "search": 0}
    embed_query, search = served.pipeline.embedder.embed_query, pipeline_module.search

    def counting_embed(text):
        calls["embed"] += 1
        return embed_query(text)

    def counting(found):
        def counted(*args, **kwargs):
            calls["search"] += 1
            return found(*args, **kwargs)
        return counted

    monkeypatch.setattr(served.pipeline.embedder, "embed_query", counting_embed)
    monkeypatch.setattr(pipeline_module, "search", counting(search))  # a search, and the one `ask` makes with each language
    monkeypatch.setattr(pipeline_module, "search_with_languages", counting(pipeline_module.search_with_languages))
    with pytest.raises(AppError) as err:
        ask(client, "W" * 6000)
    message = str(err.value)
    assert "too long" in message and "6000 characters" in message and "Traceback" not in message
    assert calls == {"embed": 0, "search": 0}, "the embedder or the index was used for a refused question"
    ask(client, "How many Jews live in Azerbaijan?")  # the counters do see a normal question
    assert calls["embed"] >= 1 and calls["search"] >= 1


@pytest.mark.slow
def test_bad_settings_are_refused_politely(client):
    from gradio_client.exceptions import AppError

    for kwargs, words in [({"k": 0}, "k must"), ({"doc_ids": ["../../etc/passwd"]}, "unknown article"),
                          ({"languages": ["xx"]}, "unknown language")]:
        with pytest.raises(AppError) as err:
            ask(client, EMBASSY, **kwargs)
        assert words in str(err.value)


# ---- HTTP safety --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_index_corpus_and_source_files_are_not_served(served):
    index_file = current_dir(Path(served.settings.index_dir)) / "manifest.json"
    corpus_file = next(Path(served.settings.corpus_dir).glob("*.md"))
    assert index_file.exists() and corpus_file.exists()
    for path in (index_file, corpus_file, ROOT / "app.py"):
        r = httpx.get(f"{served.url}gradio_api/file={path.resolve()}")
        assert 400 <= r.status_code < 500, (path, r.status_code)
        assert r.text.find(path.read_text(encoding="utf-8")[:200]) == -1


@pytest.mark.slow
def test_unqueued_rest_route_and_monitoring_are_closed(served):
    r = httpx.post(f"{served.url}gradio_api/run/ask", json={"data": [EMBASSY, 8]})
    assert r.status_code == 404
    assert httpx.get(f"{served.url}monitoring").status_code in (403, 404)
    r = httpx.post(f"{served.url}gradio_api/upload", files={"files": ("big.txt", b"x" * 2_000_000)})
    assert r.status_code in (403, 413)  # closed while the app has no upload field (app.UPLOADS_ENABLED), capped after


@pytest.mark.slow
def test_app_config_is_locked_down(served):
    config = httpx.get(f"{served.url}config").json()
    assert httpx.URL(served.url).host == "127.0.0.1"
    assert config["enable_queue"] is True and config["show_error"] is False
    assert config["max_file_size"] == 1024 * 1024
    named = [d.get("api_name") for d in config["dependencies"] if d.get("api_visibility", "public") == "public"]
    assert named == ["ask"], named  # UI events are private; the one public endpoint is `ask`


# ---- pure pieces --------------------------------------------------------------------------------------

def test_parse_address_defaults_to_loopback():
    assert app.parse_address([], env={}) == ("127.0.0.1", 7860)
    assert app.parse_address([], env={"GRADIO_SERVER_PORT": "8123"}) == ("127.0.0.1", 8123)
    assert app.parse_address(["--port", "9000"], env={"GRADIO_SERVER_PORT": "8123"}) == ("127.0.0.1", 9000)
    assert app.parse_address(["--share-lan"], env={}) == ("0.0.0.0", 7860)
    assert app.parse_address(["--host", "192.168.1.5"], env={}) == ("192.168.1.5", 7860)
    with pytest.raises(SystemExit):
        app.parse_address(["--port", "99999"], env={})


@pytest.mark.slow
def test_warm_up_asks_no_gold_question_and_stops_once_a_real_question_comes(pipeline):
    from rag.app_asker import WARM_UP_QUESTIONS, Asker
    from rag.evaluate import load_gold

    assert not set(WARM_UP_QUESTIONS) & {g.question for g in load_gold()}  # a warm answer is never a cached gold one

    def recording(asker: Asker) -> list[str]:
        asked: list[str] = []
        real = asker._ask
        asker._ask = lambda q, *args, **kwargs: (asked.append(q), real(q, *args, **kwargs))[1]
        return asked

    from rag.chunk import _encoding

    idle = Asker(pipeline)
    asked = recording(idle)
    _encoding.cache_clear()
    idle.warm_up()
    assert asked == list(WARM_UP_QUESTIONS)  # every language's first question, in order
    assert _encoding.cache_info().currsize == 1  # then the add path's token counter (rag.app_asker.warm_add)
    busy = Asker(pipeline)
    asked = recording(busy)
    assert busy.ask(EMBASSY, 8).status == "conflict"
    _encoding.cache_clear()
    busy.warm_up()
    assert asked == [EMBASSY]  # after a real question, no warm-up question delays the next one
    assert _encoding.cache_info().currsize == 0  # nor the add path's loading
