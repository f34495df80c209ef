"""clean_document: decoding, HTML extraction, datelines, language, errors with codes."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.clean import clean_document, detect_language, make_doc_id
from claimgraph.errors import BinaryInputError, EmptyDocumentError
from claimgraph.records import RawDocument

BODY = (
    "Ministers from both countries met in Ankara on Tuesday to discuss grain exports.\n"
    "The talks ended without an agreement, but both sides promised to meet again next month."
)
FRENCH = (
    "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs. "
    "Les syndicats ont jugé ces annonces insuffisantes et prévoient de manifester à Paris."
)
RUSSIAN = (
    "Министр иностранных дел заявил во вторник, что переговоры продолжатся в следующем месяце. "
    "По его словам, стороны обсудили поставки зерна и вопросы безопасности в регионе."
)


def _html(body: str, *, charset: str = "utf-8", title: str = "Grain talks") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        f"{paragraphs}</article><footer>Contact us</footer></body></html>"
    )


def test_document_plain_text_article() -> None:
    article = clean_document(RawDocument(source="a.txt", data=BODY.encode()))
    assert article.text == BODY.replace("\n", "\n\n")
    assert article.doc_id == make_doc_id(BODY)
    assert article.language == "en"
    assert article.raw_sha1 is not None and len(article.raw_sha1) == 40


def test_document_doc_id_ignores_spacing() -> None:
    assert make_doc_id("A  line.\r\n\r\nNext\u00a0one.") == make_doc_id("A line.\n\nNext one.")


def test_document_latin1_file_decodes() -> None:
    text = (
        "Le ministre a déclaré à Genève que les négociations reprendraient après l'été. "
        "Les délégués ont salué un accord préliminaire sur l'énergie et la sécurité."
    )
    article = clean_document(RawDocument(source="f.txt", data=text.encode("latin-1")))
    assert "déclaré à Genève" in article.text
    assert "négociations" in article.text


def test_document_utf16_file_decodes() -> None:
    for encoding in ("utf-16", "utf-16-le"):
        article = clean_document(RawDocument(source="u.txt", data=BODY.encode(encoding)))
        assert article.text.startswith("Ministers from both countries")


def test_document_cp1251_declared_utf8_decodes() -> None:
    html = _html(RUSSIAN, charset="utf-8", title="Переговоры продолжатся")
    raw = RawDocument(source="p.html", data=html.encode("cp1251"), media_type="text/html")
    article = clean_document(raw)
    assert "Министр иностранных дел" in article.text
    assert article.language == "ru"
    assert article.warnings == ("non-English (ru): stored, not parsed",)


def test_document_non_english_is_kept_with_warning() -> None:
    article = clean_document(RawDocument(source="fr.txt", data=FRENCH.encode()))
    assert article.language == "fr"
    assert any("non-English (fr)" in warning for warning in article.warnings)


def test_document_html_extracts_body_and_title() -> None:
    raw = RawDocument(
        source="page.html",
        data=_html(BODY).encode(),
        media_type="text/html",
        url="https://example.org/grain",
        published=dt.date(2024, 3, 5),
    )
    article = clean_document(raw)
    assert "Ministers from both countries" in article.text
    assert "Contact us" not in article.text
    assert article.title == "Grain talks"
    assert article.url == "https://example.org/grain"
    assert article.published == dt.date(2024, 3, 5)


def test_document_html_without_body_is_empty() -> None:
    raw = RawDocument(
        source="blank.html",
        data=b"<html><head><title>Nothing</title></head><body><script>x=1</script></body></html>",
        media_type="text/html",
    )
    with pytest.raises(EmptyDocumentError) as info:
        clean_document(raw)
    assert info.value.code == "CG104"
    assert "blank.html" in info.value.message


def test_document_empty_and_binary_raise() -> None:
    with pytest.raises(EmptyDocumentError):
        clean_document(RawDocument(source="e.txt", data=b" \n "))
    with pytest.raises(BinaryInputError) as info:
        clean_document(RawDocument(source="b.bin", data=b"\x00\x01\x02binary\x00" * 50))
    assert info.value.code == "CG106"


@pytest.mark.parametrize(
    ("start", "outlet"),
    [
        ("MOSCOW, March 3 (Reuters) - ", "Reuters"),
        ("KYIV (AP) — ", "Associated Press"),
        ("WASHINGTON — ", None),
    ],
)
def test_document_dateline_stripped(start: str, outlet: str | None) -> None:
    article = clean_document(RawDocument(source="w.txt", data=(start + BODY).encode()))
    assert article.text.startswith("Ministers from both countries")
    assert article.outlet == outlet


def test_document_dateline_not_taken_from_plain_sentence() -> None:
    text = "Russia — the largest grain exporter — said on Monday it would extend the deal."
    article = clean_document(RawDocument(source="r.txt", data=text.encode()))
    assert article.text.startswith("Russia — the largest")


def test_document_feed_summary_flagged() -> None:
    raw = RawDocument(
        source="feed.rss#1",
        data=b"Officials said the border crossing would reopen on Friday.",
        media_type="text/html; content=summary",
        title="Crossing to reopen",
    )
    article = clean_document(raw)
    assert "feed item without full text" in article.warnings
    assert "border crossing" in article.text
    assert article.title == "Crossing to reopen"


def test_document_detect_language_short_and_empty() -> None:
    assert detect_language("") == ("und", 0.0)
    code, probability = detect_language(BODY)
    assert code == "en"
    assert 0.5 < probability <= 1.0
