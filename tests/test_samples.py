"""The bundled sample corpus: present as package data, well-formed, and varied enough to
exercise every stage (boilerplate for the cleaner, syndicated copies for dedup, a
non-English article, attribution and hedging cues)."""

from __future__ import annotations

import difflib
import itertools
import json
import re
from datetime import date, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from lxml import html as lxml_html

WIRE_FIELDS = ("id", "title", "text", "url", "published", "author", "outlet")

# The brief for the corpus: short articles, dated 2023-2026, under ~500 KB in all.
MIN_WORDS = 150
MAX_WORDS = 450
FIRST_YEAR = 2023
LAST_YEAR = 2026
MAX_CORPUS_BYTES = 500_000

# Line patterns a scraper leaves behind; every scrape carries several of them.
FURNITURE_PATTERNS: dict[str, re.Pattern[str]] = {
    "tracking": re.compile(r"analytics|pixel|page-view|analítica", re.IGNORECASE),
    "photo_credit": re.compile(
        r"^\(?(photo|image|foto)\b.*|credit|crédito|\bIMG[-_]", re.IGNORECASE
    ),
    "share": re.compile(r"^share\b|compartir", re.IGNORECASE),
    "subscribe": re.compile(r"subscribe|sign up|suscr[ií]base|newsletter", re.IGNORECASE),
    "read_more": re.compile(r"^read more from\b|^more from\b|más noticias", re.IGNORECASE),
    "teasers": re.compile(r"^(latest posts|related( stories)?|more from .+|más noticias)$", re.I),
    "cookie": re.compile(r"cookie", re.IGNORECASE),
    "byline": re.compile(r"^(by|words by|por)\b|\bby [A-Z]", re.IGNORECASE),
    # A section heading glued to the first word of the next paragraph: "SecurityThe talks".
    "glued_heading": re.compile(r"^[A-Z][\w ]{2,40}?[a-z][A-Z]\w*\b.{80,}"),
}

# Ratio above which two wire texts count as one syndicated story with small edits
# (difflib over words; the two copies in the corpus differ by a few sentences).
SYNDICATION_RATIO = 0.8


def _samples() -> Traversable:
    return files("claimgraph") / "samples"


def _children(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted(
        (child for child in folder.iterdir() if child.name.endswith(suffix)),
        key=lambda child: child.name,
    )


def _wire_records() -> list[dict[str, str]]:
    text = (_samples() / "wire.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _html_body_text(page: str) -> str:
    """Paragraph text of the article body: <article> if present, else the largest div."""
    tree = lxml_html.fromstring(page)
    containers = tree.xpath("//article") or tree.xpath(
        "//div[contains(@class, 'story-body') or contains(@class, 'entry-content')]"
    )
    return " ".join(
        " ".join(p.text_content().split())
        for container in containers
        for p in container.xpath(".//p")
        if not p.xpath("ancestor::footer or ancestor::blockquote")
    )


def test_samples_present_as_package_data() -> None:
    root = _samples()
    assert root.is_dir()
    assert (root / "README.md").is_file()
    assert (root / "wire.jsonl").is_file()
    assert (root / "scrapes").is_dir()
    assert (root / "pages").is_dir()


def test_samples_count_across_formats() -> None:
    scrapes = _children(_samples() / "scrapes", ".txt")
    pages = _children(_samples() / "pages", ".html")
    records = _wire_records()
    assert len(scrapes) >= 12
    assert len(pages) >= 10
    assert len(records) >= 10
    assert len(scrapes) + len(pages) + len(records) >= 30


def test_samples_wire_records_have_fields() -> None:
    records = _wire_records()
    for record in records:
        assert set(WIRE_FIELDS) <= set(record), record.get("id")
        for field in WIRE_FIELDS:
            assert isinstance(record[field], str), (record["id"], field)
            assert record[field].strip(), (record["id"], field)
        published = date.fromisoformat(record["published"])
        assert FIRST_YEAR <= published.year <= LAST_YEAR, record["id"]
        assert record["url"].startswith("https://"), record["id"]
        assert MIN_WORDS <= len(record["text"].split()) <= MAX_WORDS, record["id"]
    assert len({record["id"] for record in records}) == len(records)


def test_samples_wire_lines_are_single_json_objects() -> None:
    text = (_samples() / "wire.jsonl").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        assert line.strip(), f"blank line {number}"
        assert isinstance(json.loads(line), dict), f"line {number}"


@pytest.mark.parametrize("name", [child.name for child in _children(_samples() / "pages", ".html")])
def test_samples_html_page_has_article_body_and_metadata(name: str) -> None:
    page = (_samples() / "pages" / name).read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//title/text()"), name
    assert tree.xpath("//meta[@property='og:title']/@content"), name
    assert tree.xpath("//meta[@name='author']/@content"), name
    published = tree.xpath("//meta[@property='article:published_time']/@content")
    assert published, name
    assert FIRST_YEAR <= datetime.fromisoformat(published[0]).year <= LAST_YEAR, name
    # The page also carries furniture for the extractor to drop.
    assert tree.xpath("//nav or //div[@id='menu']"), name
    assert tree.xpath("//footer or //div[@id='footer']"), name
    words = len(_html_body_text(page).split())
    assert MIN_WORDS <= words <= MAX_WORDS + 60, (name, words)


def test_samples_html_layouts_vary() -> None:
    pages = [
        (_samples() / "pages" / child.name).read_text(encoding="utf-8")
        for child in _children(_samples() / "pages", ".html")
    ]
    with_article = sum("<article" in page for page in pages)
    with_json_ld = sum("application/ld+json" in page for page in pages)
    assert 0 < with_article < len(pages)
    assert 0 < with_json_ld < len(pages)


@pytest.mark.parametrize(
    "name", [child.name for child in _children(_samples() / "scrapes", ".txt")]
)
def test_samples_scrape_has_furniture_lines(name: str) -> None:
    lines = [
        line.strip()
        for line in (_samples() / "scrapes" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    kinds = {
        kind
        for kind, pattern in FURNITURE_PATTERNS.items()
        for line in lines
        if pattern.search(line)
    }
    assert FURNITURE_PATTERNS["tracking"].search(lines[0]), name
    assert len(kinds) >= 5, (name, sorted(kinds))
    assert len(" ".join(lines).split()) >= MIN_WORDS, name


def test_samples_scrapes_cover_every_furniture_kind() -> None:
    seen: set[str] = set()
    for child in _children(_samples() / "scrapes", ".txt"):
        for line in (_samples() / "scrapes" / child.name).read_text(encoding="utf-8").splitlines():
            seen.update(k for k, p in FURNITURE_PATTERNS.items() if p.search(line.strip()))
    assert seen == set(FURNITURE_PATTERNS)


def test_samples_scrapes_repeat_a_teaser_block() -> None:
    repeated = 0
    for child in _children(_samples() / "scrapes", ".txt"):
        text = (_samples() / "scrapes" / child.name).read_text(encoding="utf-8")
        teasers = [line for line in text.splitlines() if line.rstrip().endswith("...")]
        if len(teasers) != len(set(teasers)):
            repeated += 1
    assert repeated >= 3


def test_samples_include_syndicated_copy_across_outlets() -> None:
    records = _wire_records()
    pairs = [
        (first["id"], second["id"])
        for first, second in itertools.combinations(records, 2)
        if first["outlet"] != second["outlet"]
        and difflib.SequenceMatcher(
            None, first["text"].split(), second["text"].split(), autojunk=False
        ).ratio()
        > SYNDICATION_RATIO
    ]
    assert pairs


def test_samples_include_non_english_article() -> None:
    import py3langid

    texts = [record["text"] for record in _wire_records()] + [
        (_samples() / "scrapes" / child.name).read_text(encoding="utf-8")
        for child in _children(_samples() / "scrapes", ".txt")
    ]
    languages = {py3langid.classify(text)[0] for text in texts}
    assert "en" in languages
    assert languages - {"en"}


def test_samples_exercise_attribution_and_status_cues() -> None:
    corpus = " ".join(record["text"] for record in _wire_records()) + " ".join(
        (_samples() / "scrapes" / child.name).read_text(encoding="utf-8")
        for child in _children(_samples() / "scrapes", ".txt")
    )
    for cue in (
        "denied",
        "there is no evidence that",
        "officials said",
        "likely",
        "may have",
        "will deliver",
        "is considering a deal to",
        "plans to visit",
        "told Reuters that",
        "was attacked by",
        "'s invasion of Ukraine",
        "the Kremlin",
        "Downing Street",
        "Iranian drones",
    ):
        assert cue.lower() in corpus.lower(), cue


def test_samples_readme_lists_every_file() -> None:
    readme = (_samples() / "README.md").read_text(encoding="utf-8")
    names = [
        child.name
        for folder in ("scrapes", "pages")
        for child in _children(_samples() / folder, "")
    ]
    for name in [*names, "wire.jsonl"]:
        assert name in readme, name
    for record in _wire_records():
        assert record["id"] in readme, record["id"]


def test_samples_corpus_is_small() -> None:
    def size(node: Traversable) -> int:
        if node.is_file():
            return len(node.read_bytes())
        return sum(size(child) for child in node.iterdir())

    assert size(_samples()) < MAX_CORPUS_BYTES


def test_samples_share_no_word_run_with_seed(seed_path: Path) -> None:
    run_length = 8
    seed_words = seed_path.read_text(encoding="utf-8").lower().split()
    seed_runs = {
        tuple(seed_words[i : i + run_length]) for i in range(len(seed_words) - run_length + 1)
    }
    texts = [record["text"] for record in _wire_records()]
    for folder, suffix in (("scrapes", ".txt"), ("pages", ".html")):
        texts.extend(
            (_samples() / folder / child.name).read_text(encoding="utf-8")
            for child in _children(_samples() / folder, suffix)
        )
    for text in texts:
        words = text.lower().split()
        runs = {tuple(words[i : i + run_length]) for i in range(len(words) - run_length + 1)}
        assert not runs & seed_runs
