from pathlib import Path

from rag.ingest import detect_language, load_corpus
from tests.conftest import CORPUS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_bundled_corpus_loads_verbatim_with_metadata():
    corpus = load_corpus(CORPUS)
    assert not corpus.skipped
    docs = {d.doc_id: d for d in corpus.documents}
    assert set(docs) == {p.stem for p in CORPUS.glob("*.md")}
    assert len(docs) == 5
    assert docs["000_43ac69c35188acd6"].date == "2025-08-13"
    assert docs["003_d40d8e6eea96f478"].date == "2021-10-05"
    assert docs["001_9dcf8069b4f26233"].date is None and docs["001_9dcf8069b4f26233"].date_note
    assert docs["001_9dcf8069b4f26233"].publisher == "مركز دراسات غرب آسيا"
    assert docs["004_436d1943e68881f6"].language == "fa"
    assert {d.language for d in docs.values()} == {"ar", "fa"}
    if SEEDS.is_dir():  # the article text is the seed file, byte for byte
        for doc_id, doc in docs.items():
            assert doc.text == (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")


def test_bad_files_are_reported_by_name_and_skipped(corpus_copy):
    (corpus_copy / "empty.md").write_text("", encoding="utf-8")
    (corpus_copy / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (corpus_copy / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus_copy / "cp1256.txt").write_bytes("العلاقات بين أذربيجان وإسرائيل".encode("cp1256"))
    (corpus_copy / "broken.md").write_text("---\ntitle: [unclosed\n---\nنص المقال هنا.", encoding="utf-8")
    (corpus_copy / "baddate.md").write_text("---\ndate: last week\n---\nنص المقال هنا.", encoding="utf-8")
    (corpus_copy / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus_copy / "extra.txt").write_text("A new article about Baku. It has two sentences.", encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    reasons = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.md", "blank.txt", "binary.txt", "cp1256.txt", "broken.md", "baddate.md",
                            "notes.docx"}
    assert "empty" in reasons["empty.md"] and "empty" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["cp1256.txt"]
    assert "YAML" in reasons["broken.md"]
    assert "'date'" in reasons["baddate.md"]
    for name, reason in reasons.items():
        assert name in reason or name == "notes.docx"
    ids = {d.doc_id for d in corpus.documents}
    assert "extra" in ids and len(ids) == 6  # the good files all still load


def test_html_and_text_articles(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html lang='ar'><head><title>عنوان الصفحة</title><meta name='author' content='كاتب'>"
        "<script>var x = 1;</script></head><body><h1>عنوان</h1><p>الفقرة الأولى.</p><p>الفقرة الثانية.</p></body></html>",
        encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Azerbaijan opened an embassy. It was news.", encoding="utf-8")
    docs = {d.doc_id: d for d in load_corpus(tmp_path).documents}
    page = docs["page"]
    assert page.title == "عنوان الصفحة" and page.author == "كاتب" and page.language == "ar"
    assert "var x" not in page.text and "الفقرة الأولى." in page.text
    assert docs["plain"].language == "en"


def test_detect_language():
    assert detect_language("آذربایجان چه زمانی سفارت خود را افتتاح کرد؟") == "fa"
    assert detect_language("متى افتتحت أذربيجان سفارتها في إسرائيل؟") == "ar"
    assert detect_language("When did Azerbaijan open its embassy?") == "en"
