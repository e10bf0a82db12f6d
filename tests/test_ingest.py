import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.ingest import detect_language, load_corpus
from rag.reading_order import in_reading_order
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
    if SEEDS.is_dir():  # the article text is the seed file, byte for byte, its reversed PDF lines read in order
        for doc_id, doc in docs.items():
            seed = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
            assert doc.text == in_reading_order(seed)
            assert (doc.text == seed) == (doc.language == "ar")  # only the Persian PDF had lines reversed


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


# ---- hostile input: every front-matter field, file names, links, nesting -----------------------------

GOOD = "---\ntitle: Good\nlanguage: en\n---\nA good article about Baku. It has two sentences.\n"


def _load_with(tmp_path, name: str, content: str | bytes):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    target = tmp_path / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    corpus = load_corpus(tmp_path)
    assert "good" in {d.doc_id for d in corpus.documents}  # one bad file never stops the others
    return corpus


@pytest.mark.parametrize("front", ["date: 2024-02-30", "date: '2024-02-30'", "date: 2024-13", "date: !!timestamp 2024-02-30",
                                   "date: [2024]", "date: true", "date: ٢٠٢٤-٠١-٠١", "language: 7", "title: {a: 1}",
                                   "author: [a, b]", "id: [x]", "url: !!binary aGVsbG8=", "id: " + "x" * 300,
                                   "title: " + "[" * 1100 + "]" * 1100, "? [a, b]\n: c", "x: &a [1]\ny: *a"])
def test_every_front_matter_field_is_untrusted(tmp_path, front):
    corpus = _load_with(tmp_path, "bad.md", f"---\n{front}\n---\nText of the bad article. It is here.\n")
    bad = [s for s in corpus.skipped if s.path.endswith("bad.md")]
    loaded = [d for d in corpus.documents if d.doc_id == "bad"]
    assert len(bad) + len(loaded) == 1
    if bad:
        assert "bad.md" in bad[0].reason
    if "2024-02-30" in front or "2024-13" in front:
        assert bad and ("'date'" in bad[0].reason or "front matter" in bad[0].reason)


def test_numeric_author_and_publisher_become_text_and_render(tmp_path):
    from rag.ui_panels import doc_meta_html

    corpus = _load_with(tmp_path, "n.md", "---\nauthor: 1984\npublisher: 7.5\ntitle: 2001\nid: 42\n---\nSome text. More.\n")
    doc = next(d for d in corpus.documents if d.doc_id == "42")
    assert (doc.author, doc.publisher, doc.title) == ("1984", "7.5", "2001")
    assert "1984" in doc_meta_html(doc, "en")  # crashed with AttributeError on an int


def test_symlinks_and_paths_outside_the_corpus_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("The secret article. It must not be read.", encoding="utf-8")
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "passwd.md").symlink_to("/etc/passwd")
    (corpus_dir / "linked").symlink_to(outside, target_is_directory=True)
    corpus = _load_with(corpus_dir, "fine.md", "A fine article. Two sentences.")
    assert {d.doc_id for d in corpus.documents} == {"good", "fine"}
    reasons = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert "symbolic link" in reasons["passwd.md"] and "symbolic link" in reasons["linked"]


def test_deeply_nested_corpus_and_special_files(tmp_path):
    deep = str(tmp_path)
    for _ in range(1000):
        deep += "/d"
        os.mkdir(deep)
    with open(os.path.join(deep, "deep.md"), "w", encoding="utf-8") as f:
        f.write("An article far down. It still loads.")
    os.mkfifo(tmp_path / "pipe.md")  # reading it would block forever
    try:
        corpus = _load_with(tmp_path, "x.txt", "Another good one. Yes.")
        assert {"deep", "good", "x"} <= {d.doc_id for d in corpus.documents}
        assert any(s.path.endswith("pipe.md") and "regular" in s.reason for s in corpus.skipped)
    finally:  # shutil.rmtree (and pytest's clean-up) would recurse 1,000 deep
        os.unlink(os.path.join(deep, "deep.md"))
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_hostile_file_names(tmp_path):
    names = [b"bad\xff\xfename.md", b"tab\tname.md", b"new\nline.md", b"\x1b[31mred.md",
             b"my article.md", "مقالة جديدة.md".encode(), "emoji 🚀.md".encode(), b"-rf.md"]
    for raw in names:
        with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as f:
            f.write(b"An article with a strange name. It has text.")
    corpus = _load_with(tmp_path, "z.md", GOOD)
    ids = {d.doc_id for d in corpus.documents}
    assert {"my article", "مقالة جديدة", "emoji 🚀", "-rf"} <= ids
    assert len(corpus.skipped) == 4  # invalid UTF-8 and control characters, each named
    json.dumps([s.__dict__ for s in corpus.skipped], ensure_ascii=False).encode("utf-8")  # storable in the manifest


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.dates(), st.datetimes())
_value = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)
_keys = st.sampled_from(["id", "title", "author", "publisher", "date", "date_note", "url", "language"]) | st.text(max_size=10)
_names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=st.dictionaries(_keys, _value, max_size=6), name=_names, suffix=st.sampled_from([".md", ".txt", ".html", ""]),
       raw_front=st.text(max_size=80))
def test_property_arbitrary_front_matter_and_names_never_raise(meta, name, suffix, raw_front):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.md").write_text(GOOD, encoding="utf-8")
        (folder / f"zz{name}{suffix}").write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\nSome body text. More.\n",
                                                  encoding="utf-8")
        (folder / "raw.md").write_text(f"---\n{raw_front}\n---\nRaw front matter body. Yes.\n", encoding="utf-8")
        corpus = load_corpus(folder)  # never a traceback
        assert "good" in {d.doc_id for d in corpus.documents}
        assert len(corpus.documents) + len(corpus.skipped) == 3 or name.lower() in ("readme",) or \
            (f"zz{name}{suffix}".startswith(".") or f"zz{name}{suffix}".lower() == "readme.md")
        for doc in corpus.documents:
            for value in (doc.title, doc.author, doc.publisher, doc.date, doc.date_note, doc.url, doc.doc_id):
                assert value is None or isinstance(value, str)
        json.dumps([s.__dict__ for s in corpus.skipped], ensure_ascii=False).encode("utf-8")
