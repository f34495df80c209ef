"""Per-outlet boilerplate: learned from earlier documents of the outlet, removed from later ones."""

from __future__ import annotations

from pathlib import Path

from claimgraph.clean.normalize import make_doc_id
from claimgraph.clean.outlet_lines import (
    DOCUMENT_COUNTER,
    LineObservation,
    OutletLineModel,
    learnable_hashes,
    line_hash,
    merge_observations,
    outlet_key,
)
from claimgraph.records import Article
from claimgraph.store import Store
from claimgraph.store.outlet_lines import load_outlet_counts, record_observations

FOOTER = "Follow The Harbour Gazette on X and Telegram for breaking news."
DISCLAIMER = "Views expressed by guest contributors are their own."
STORIES = [
    "Chile and Peru agreed on Monday to reopen a border crossing closed since January.",
    "Bolivia's president met Brazil's foreign minister in La Paz to discuss a gas pipeline.",
    "Argentina said it would expel two diplomats accused of spying for a foreign power.",
    "Colombia's army said rebels attacked a patrol near the Venezuelan border on Sunday.",
    "Ecuador declared a state of emergency in two provinces after a prison riot.",
    "Paraguay signed a trade pact with Taiwan, drawing a protest from Beijing.",
    "Uruguay's parliament approved a bill to buy two offshore patrol vessels.",
]


def _article(
    body: str, *, outlet: str | None = "The Harbour Gazette", url: str | None = None
) -> Article:
    text = "\n\n".join([body, FOOTER, DISCLAIMER])
    return Article(doc_id=make_doc_id(text), source="x.txt", text=text, outlet=outlet, url=url)


def test_outlet_lines_hash_ignores_case_punctuation_spacing() -> None:
    assert line_hash("Follow us on X!") == line_hash("follow  us on x")
    assert line_hash("Follow us on X") != line_hash("Follow us on Y")
    assert len(line_hash("x")) == 32


def test_outlet_lines_outlet_key_falls_back_to_url_host() -> None:
    doc = _article(STORIES[0], outlet=None, url="https://www.harbour-gazette.example/world/1")
    assert outlet_key(doc) == "harbour-gazette.example"
    assert (
        outlet_key(_article(STORIES[0], outlet="  The  Harbour Gazette ")) == "the harbour gazette"
    )
    assert outlet_key(_article(STORIES[0], outlet=None)) is None


def test_outlet_lines_removed_after_enough_documents() -> None:
    model = OutletLineModel(min_line_docs=3, min_outlet_docs=5)
    outputs = [model.process(_article(story)) for story in STORIES]
    texts = [article.text for article, _ in outputs]
    # documents 1-5: the outlet has fewer than 5 documents before them, nothing removed
    assert all(FOOTER in text for text in texts[:5])
    # documents 6 and 7: the footer and disclaimer were seen in >= 3 of >= 5 earlier documents
    assert texts[5] == STORIES[5]
    assert texts[6] == STORIES[6]
    stripped, observation = outputs[5]
    assert stripped.removed_lines == 2
    assert stripped.doc_id == _article(STORIES[5]).doc_id  # the page-cleaned id is kept
    assert observation is not None
    assert line_hash(FOOTER) in observation.hashes  # still learned from the full text
    assert model.removed_total == 4


def test_outlet_lines_are_per_outlet() -> None:
    model = OutletLineModel(min_line_docs=3, min_outlet_docs=5)
    for story in STORIES[:6]:
        model.process(_article(story))
    other, _ = model.process(_article(STORIES[6], outlet="Andes Daily"))
    assert FOOTER in other.text


def test_outlet_lines_never_empty_a_document() -> None:
    model = OutletLineModel(min_line_docs=1, min_outlet_docs=1)
    only_footer = Article(
        doc_id=make_doc_id(FOOTER), source="f.txt", text=FOOTER, outlet="The Harbour Gazette"
    )
    model.process(only_footer)
    again, _ = model.process(only_footer)
    assert again.text == FOOTER


def test_outlet_lines_long_lines_are_never_learned() -> None:
    background = " ".join(["The two countries fought a border war in 1995."] * 6)  # 54 words
    assert line_hash(background) not in learnable_hashes(background + "\n\n" + FOOTER)
    model = OutletLineModel(min_line_docs=1, min_outlet_docs=1)
    for story in STORIES[:3]:
        model.process(_article(story + "\n\n" + background))
    article, _ = model.process(_article(STORIES[3] + "\n\n" + background))
    assert background in article.text
    assert FOOTER not in article.text


def test_outlet_lines_counts_persist_in_store(tmp_path: Path) -> None:
    observations = [
        LineObservation("the harbour gazette", learnable_hashes(_article(story).text))
        for story in STORIES[:3]
    ]
    assert merge_observations(observations)[("the harbour gazette", DOCUMENT_COUNTER)] == 3
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        with store.transaction() as session:
            record_observations(session, observations[:2])
        with store.transaction() as session:
            record_observations(session, observations[2:])
        with store.transaction() as session:
            counts = load_outlet_counts(session, "the harbour gazette")
    assert counts[DOCUMENT_COUNTER] == 3
    assert counts[line_hash(FOOTER)] == 3
    assert counts[line_hash(STORIES[0])] == 1
    # a model loading these counts strips the footer from the next documents at once
    model = OutletLineModel(loader=lambda outlet: counts, min_line_docs=3, min_outlet_docs=3)
    article, _ = model.process(_article(STORIES[4]))
    assert article.text == STORIES[4]
