"""Hostile input at the edges: k, environment, CLI arguments and output, HTTP headers, uploads,
question rendering, citation links for any file name."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from typer.testing import CliRunner

from rag.cli import app as cli
from rag.cli import printable
from rag.config import MAX_K, ROOT, Settings, check_k
from rag.errors import InvalidInput
from rag.types import Citation
from rag.ui import cite_href, parse_cite_href
from tests.conftest import CORPUS

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}


def test_one_check_on_k_for_settings_cli_and_app():
    for bad in (0, -1, MAX_K + 1, 2.5, True, "3", None):
        with pytest.raises(InvalidInput, match="between 1 and"):
            check_k(bad)
    assert check_k(3.0) == 3
    with pytest.raises(InvalidInput):
        Settings(top_k=0)
    result = CliRunner().invoke(cli, ["search", "x", "-k", "0"])
    assert result.exit_code == 2 and "k must be a whole number between 1 and 30, got 0" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_rag_top_k_takes_effect_on_the_cli(pipeline, settings):
    args = ["search", "--json", "When did Azerbaijan open its embassy?", "--index", str(settings.index_dir),
            "--corpus", str(CORPUS)]
    result = CliRunner().invoke(cli, args, env={"RAG_TOP_K": "3"})
    assert result.exit_code == 0, result.output
    import json

    assert len(json.loads(result.stdout)) == 3
    assert CliRunner().invoke(cli, args, env={"RAG_TOP_K": "0"}).exit_code == 2


def test_invalid_utf8_argument_is_a_clear_error():
    proc = subprocess.run([sys.executable.encode(), b"-m", b"rag", b"search", b"caf\xe9 \xff"], env=ENV, cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert b"not valid UTF-8" in proc.stderr and b"Traceback" not in proc.stderr


def test_cli_strips_terminal_codes_from_article_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text("---\nlanguage: en\ntitle: \"T\\e[2J\"\n---\nThe embassy \x1b[2J\x1b]0;owned\x07opened "
                                    "in Tel Aviv\x1b[31m in 2023\x9b. Azerbaijan sent an ambassador.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["search", "embassy", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "opened in Tel Aviv in 2023" in result.stdout
    assert not any(ch in result.stdout for ch in "\x1b\x07\x9b")
    assert printable("a\x1b[31mred\x1b[0m\ttab\nline\x1b]8;;http://x\x1b\\link") == "ared\ttab\nlinelink"


def test_non_numeric_gradio_server_port():
    code = ("import app\nprint(app.parse_address(['--port', '7999']))\n"
            "try:\n    app.parse_address([])\nexcept SystemExit as e:\n    print(e)\n")
    proc = subprocess.run([sys.executable, "-c", code], env={**ENV, "GRADIO_SERVER_PORT": "abc"}, cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "('127.0.0.1', 7999)" in proc.stdout  # --port wins; importing gradio did not crash
    assert "GRADIO_SERVER_PORT must be a port number, got 'abc'" in proc.stdout


def test_multi_line_question_is_never_rendered_as_markdown():
    from rag.ui import conversation_html

    for q in ["hi\n\n[click](http://evil.example)", "a\n\n\n<https://evil.example>", "x\r\n\r\n# big\n\n* list"]:
        html = conversation_html([{"q": q, "html": None, "md": ""}], "en")
        assert "<a " not in html and "<h1>" not in html and "<li>" not in html, html
        assert "evil.example" in html or "big" in html  # shown, as text


@pytest.mark.parametrize("doc_id", ["my article", "مقالة جديدة", "emoji 🚀 name", "a:b", "plain_id-1.2"])
def test_citation_and_article_links_for_any_file_name(doc_id):
    href = cite_href(Citation(n=3, doc_id=doc_id, title="t", quote="q", start=10, end=42, score=0.0))
    assert parse_cite_href(href) == ("cite", doc_id, 10, 42, 3)
    assert parse_cite_href(f"#doc:{doc_id}") == ("doc", doc_id, None, None, None)
    assert parse_cite_href("#doc:a\nb") is None


@pytest.mark.slow
def test_host_check_anti_framing_and_closed_upload(served):
    port = served.url.rstrip("/").rsplit(":", 1)[1]
    ok = httpx.get(served.url)
    assert ok.status_code == 200
    assert ok.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in ok.headers["content-security-policy"]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", ""):
        r = httpx.get(served.url, headers={"Host": host})
        assert r.status_code == 421, host
    assert httpx.get(served.url, headers={"Host": f"localhost:{port}"}).status_code == 200
    # The upload route serves the library's add field: small files pass, anything over the cap is refused.
    assert httpx.post(f"{served.url}gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)}).status_code == 200
    r = httpx.post(f"{served.url}gradio_api/upload", files={"files": ("big.txt", b"x" * 2_000_000)})
    assert r.status_code == 413
