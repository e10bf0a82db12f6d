"""The command line over the real index: the JSON contracts, the text forms, and errors as messages."""

import json

from typer.testing import CliRunner

from rag.cli import app as cli


def _args(settings) -> list[str]:
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def test_index_reports_an_up_to_date_index(pipeline, settings):
    result = CliRunner().invoke(cli, ["index", *_args(settings)])
    assert result.exit_code == 0, result.output
    assert "5 documents" in result.output and str(settings.index_dir) in result.output


def test_search_json_rows_are_exact_slices(pipeline, settings):
    result = CliRunner().invoke(cli, ["search", "embassy in Tel Aviv", "-k", "4", "--json", *_args(settings)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    for r in rows:
        assert {"doc_id", "chunk_id", "score", "dense", "bm25", "title", "language", "start", "end", "text"} <= set(r)
        assert pipeline.index.documents[r["doc_id"]].text[r["start"]:r["end"]] == r["text"]


def test_ask_json_keeps_the_contract_and_the_value_strings(pipeline, settings):
    result = CliRunner().invoke(cli, ["ask", "When did Azerbaijan open its embassy in Israel?", "--json",
                                      *_args(settings)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "conflict"
    values = {c["value"] for c in data["claims"]}
    assert {"2022-11", "2023-03"} <= values  # the serialized form of a typed value is its ISO string
    displays = {c["display"] for c in data["claims"]}
    assert {"November 2022", "March 2023"} <= displays


def test_ask_text_names_every_citation(pipeline, settings):
    result = CliRunner().invoke(cli, ["ask", "How many Jews live in Azerbaijan?", *_args(settings)])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.output


def test_a_bad_argument_is_a_message_not_a_traceback(pipeline, settings):
    result = CliRunner().invoke(cli, ["ask", "x", "-k", "1000", *_args(settings)])
    assert result.exit_code == 2
    assert result.output.startswith("error:") and "Traceback" not in result.output


def test_eval_and_bench_are_commands_of_the_same_app():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("index", "search", "ask", "chat", "add", "remove", "eval", "bench"):
        assert command in result.output
    assert "--split" in CliRunner().invoke(cli, ["eval", "--help"]).output
