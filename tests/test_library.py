"""Adding and removing your own documents: checks, PDF text, files in the corpus folder, the CLI."""

from __future__ import annotations

import shutil

import pytest

from rag import library
from rag.errors import InvalidInput
from rag.ingest import load_corpus

PDF_TEXT = ("The Caspian pipeline consortium opened its new terminal in Batumi in March 2019.\n"
            "About 4,200 workers built it over three years.")


def make_pdf(text: str = PDF_TEXT, title: str | None = "Caspian terminal report") -> bytes:
    """A real text PDF, written by fpdf2 with one of its core fonts."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for line in text.split("\n"):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_md_and_html_are_added_as_articles_and_removed(corpus_copy):
    before = {d.doc_id for d in load_corpus(corpus_copy).documents}
    pdf = library.add_bytes("report.pdf", make_pdf(), corpus_copy)
    assert pdf.title == "Caspian terminal report" and "Batumi in March 2019" in " ".join(pdf.text.split())
    md = library.add_bytes("notes.md", b"---\nid: 000_43ac69c35188acd6\ntitle: My notes\n---\nA note about Baku.\n",
                           corpus_copy)
    assert md.doc_id.startswith("user-") and md.title == "My notes"  # an id in the file cannot replace an article
    html = library.add_bytes("page.html", b"<html><head><title>A page</title><script>alert(1)</script></head>"
                             b"<body><p>Text of the page about Ganja.</p></body></html>", corpus_copy)
    assert html.title == "A page" and "alert" not in html.text
    docs = {d.doc_id: d for d in load_corpus(corpus_copy).documents}
    assert set(docs) == before | {pdf.doc_id, md.doc_id, html.doc_id}
    assert library.added(docs) == {pdf.doc_id, md.doc_id, html.doc_id}
    for doc_id in (pdf.doc_id, md.doc_id, html.doc_id):
        library.remove(doc_id, corpus_copy)
    assert {d.doc_id for d in load_corpus(corpus_copy).documents} == before


@pytest.mark.parametrize("name, raw, words", [
    ("x.exe", b"MZ...", "only .md, .txt, .html and .pdf"),
    ("big.txt", b"a" * (library.MAX_BYTES + 1), "the limit is 1 MB"),
    ("empty.md", b"  \n", "empty"),
    ("fake.pdf", b"hello", "not a PDF"),
    ("latin1.txt", "café".encode("latin-1"), "not UTF-8"),
    ("broken.pdf", b"%PDF-1.4\n garbage", "PDF"),
])
def test_refusals_say_why(corpus_copy, name, raw, words):
    with pytest.raises(InvalidInput) as err:
        library.add_bytes(name, raw, corpus_copy)
    assert words in str(err.value)
    assert not [p for p in corpus_copy.iterdir() if p.name.startswith(("user-", ".user-"))]


def test_a_pdf_without_text_is_refused(corpus_copy):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    with pytest.raises(InvalidInput, match="no text layer"):
        library.add_bytes("scan.pdf", bytes(pdf.output()), corpus_copy)


def test_bundled_articles_cannot_be_removed(corpus_copy):
    for doc_id in ("000_43ac69c35188acd6", "user-../../x", "user-nothere"):
        with pytest.raises(InvalidInput):
            library.remove(doc_id, corpus_copy)
    assert len(load_corpus(corpus_copy).documents) == 5


@pytest.mark.slow
def test_cli_add_then_remove_updates_the_index(corpus_copy, tmp_path, index, settings):
    from typer.testing import CliRunner

    from rag.cli import app as cli

    shutil.copytree(settings.index_dir, tmp_path / "index")  # reuse the session's embeddings
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf())
    common = ["--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]
    runner = CliRunner()
    result = runner.invoke(cli, ["add", str(pdf), *common])
    assert result.exit_code == 0, result.output
    doc_id = result.output.split("added ")[1].split(":")[0]
    assert "index updated: 6 documents" in result.output
    result = runner.invoke(cli, ["ask", "When did the Caspian terminal in Batumi open?", "--json", *common])
    assert result.exit_code == 0 and doc_id in result.output and "2019-03" in result.output, result.output[-800:]
    result = runner.invoke(cli, ["remove", doc_id, *common])
    assert result.exit_code == 0 and "index updated: 5 documents" in result.output, result.output
    assert runner.invoke(cli, ["remove", "000_43ac69c35188acd6", *common]).exit_code == 2
