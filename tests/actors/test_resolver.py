"""Behaviour of the actors stage on hand-written international-news sentences."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from claimgraph.actors import ActorResolver, load_resolver
from claimgraph.actors.tables import load_tables
from claimgraph.vocab import ActorKind


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return load_resolver()


def mentions_of(resolver: ActorResolver, nlp, text: str, **kwargs):  # type: ignore[no-untyped-def]
    return resolver.find_mentions(nlp(text), **kwargs)


@pytest.mark.parametrize(
    ("phrase", "actor_id", "sector"),
    [
        ("the Kremlin", "RUS", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("Foggy Bottom", "USA", "GOV"),
        ("Capitol Hill", "USA", "LEG"),
        ("Downing Street", "GBR", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
        ("the Islamic Republic", "IRN", None),
        ("Iranians", "IRN", None),
        ("Israeli police", "ISR", "COP"),
        ("Palestinian militants", "PSE", "REB"),
        ("Syrian rebels", "SYR", "REB"),
        ("U.S. forces", "USA", "MIL"),
        ("Iran's foreign ministry", "IRN", "GOV"),
        ("UK", "GBR", None),
        ("Kyiv", "UKR", None),
    ],
)
def test_resolver_lookup_states(
    resolver: ActorResolver, phrase: str, actor_id: str, sector: str | None
) -> None:
    actor = resolver.lookup(phrase)
    assert actor is not None
    assert (actor.id, actor.kind, actor.sector) == (actor_id, ActorKind.STATE, sector)


@pytest.mark.parametrize(
    ("phrase", "actor_id", "kind"),
    [
        ("Lavrov", "sergei-lavrov", ActorKind.PERSON),
        ("Foreign Minister Lavrov", "sergei-lavrov", ActorKind.PERSON),
        ("the U.N. Security Council", "un-security-council", ActorKind.IGO),
        ("the Houthis", "houthis", ActorKind.ARMED_GROUP),
        ("Daesh", "islamic-state", ActorKind.ARMED_GROUP),
        ("Al Qaeda", "al-qaeda", ActorKind.ARMED_GROUP),
        ("Russia Today", "rt", ActorKind.MEDIA),
        ("the Institute for the Study of War", "isw", ActorKind.MEDIA),
    ],
)
def test_resolver_lookup_named_actors(
    resolver: ActorResolver, phrase: str, actor_id: str, kind: ActorKind
) -> None:
    actor = resolver.lookup(phrase)
    assert actor is not None
    assert (actor.id, actor.kind) == (actor_id, kind)


def test_resolver_office_by_date(resolver: ActorResolver) -> None:
    in_2023 = resolver.lookup("the Iranian President", published=dt.date(2023, 3, 1))
    in_2025 = resolver.lookup("the Iranian President", published=dt.date(2025, 3, 1))
    undated = resolver.lookup("the Iranian President")
    assert in_2023 is not None and in_2023.id == "ebrahim-raisi"
    assert in_2025 is not None and in_2025.id == "masoud-pezeshkian"
    assert undated is not None and (undated.id, undated.sector) == ("IRN", "GOV")


def test_resolver_surname_by_date_and_title(resolver: ActorResolver) -> None:
    as_president = resolver.lookup("President Clinton", published=dt.date(2011, 5, 1))
    as_secretary = resolver.lookup("Secretary of State Clinton", published=dt.date(2011, 5, 1))
    assert as_president is not None and as_president.id == "bill-clinton"
    assert as_secretary is not None and as_secretary.id == "hillary-clinton"


def test_resolver_unlisted_person_keeps_country(resolver: ActorResolver) -> None:
    actor = resolver.lookup("Moldovan Defence Minister Ion Petrescu")
    assert actor is not None
    assert (actor.kind, actor.country, actor.sector) == (ActorKind.PERSON, "MDA", "GOV")


def test_resolver_find_mentions_sector_and_metonym(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian troops shelled Kyiv overnight, and the Kremlin blamed Ukrainian forces."
    found = {(m.text, m.actor.id, m.actor.sector) for m in mentions_of(resolver, nlp, text)}
    assert ("Russian", "RUS", "MIL") in found
    assert ("Kyiv", "UKR", None) in found
    assert ("the Kremlin", "RUS", "GOV") in found
    assert ("Ukrainian", "UKR", "MIL") in found


def test_resolver_find_mentions_sorted_and_disjoint(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian President Vladimir Putin met Iranian Foreign Minister Abbas Araghchi in "
        "Moscow, where Belarus and the Wall Street Journal were also mentioned."
    )
    found = mentions_of(resolver, nlp, text)
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(text[m.start : m.end] == m.text for m in found)
    by_text = {m.text: m.actor.id for m in found}
    assert by_text["Russian President Vladimir Putin"] == "vladimir-putin"
    assert by_text["Iranian Foreign Minister Abbas Araghchi"] == "abbas-araghchi"
    assert by_text["Belarus"] == "BLR"  # the small NER model calls it an ORG
    assert "wall-street-journal" in by_text.values()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Michael Jordan visited Amman last week.", "Jordan"),
        ("Chad Miller, a local teacher, won the award.", "Chad"),
        ("Turkey sandwiches were served at the embassy reception.", "Turkey"),
        ("Guinea pigs were used in the laboratory trial.", "Guinea"),
        ("She collects fine china and old maps.", "china"),
        ("The minister told us the talks had failed.", "us"),
    ],
)
def test_resolver_find_mentions_false_positives(
    resolver: ActorResolver,
    nlp,
    text: str,
    word: str,  # type: ignore[no-untyped-def]
) -> None:
    found = mentions_of(resolver, nlp, text)
    assert all(m.actor.kind is not ActorKind.STATE or m.text != word for m in found)


def test_resolver_find_mentions_true_country_readings(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jordan and Turkey condemned the strike, while Chad recalled its ambassador."
    ids = {m.text: m.actor.id for m in mentions_of(resolver, nlp, text)}
    assert ids["Jordan"] == "JOR"
    assert ids["Turkey"] == "TUR"
    assert ids["Chad"] == "TCD"


def test_resolver_state_name_ending_a_company_name(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Air France discussed the crash with investigators, and the government gave Ford "
        "Australia a loan, while the Government of France and the US State Department agreed."
    )
    ids = {m.text: m.actor.id for m in mentions_of(resolver, nlp, text)}
    assert ids.get("Air France") not in (None, "FRA")
    assert ids.get("Ford Australia") not in (None, "AUS")
    assert "Australia" not in ids
    assert ids["France"] == "FRA"  # "the Government of France" keeps its state
    assert ids["State Department"] == "USA"


def test_resolver_coref_pronouns_and_descriptions(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hezbollah fired rockets at northern Israel on Sunday. The group said its fighters "
        "targeted an army base. Sergei Lavrov called for restraint, and he urged talks."
    )
    coref = [(m.text, m.actor.id) for m in mentions_of(resolver, nlp, text) if m.via == "coref"]
    assert ("The group", "hezbollah") in coref
    assert ("its", "hezbollah") in coref
    assert ("he", "sergei-lavrov") in coref


def test_resolver_coref_they_after_two_parties(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    # a readout: "they" has no plural antecedent, so it takes the first of the two parties
    for text in (
        "Secretary Blinken spoke with Foreign Minister Kuleba. They condemned Russia's attacks.",
        "Secretary Blinken and Foreign Minister Kuleba met in Kyiv. They condemned Russia.",
    ):
        coref = [(m.text, m.actor.id) for m in mentions_of(resolver, nlp, text) if m.via == "coref"]
        assert coref == [("They", "antony-blinken")], text
    # with no two parties before it, or a plural subject in between, "they" stays unresolved
    for text in (
        "Secretary Blinken arrived in Kyiv. They condemned Russia.",
        "Blinken met with Kuleba. Protesters gathered outside. They condemned Russia.",
    ):
        assert [m for m in mentions_of(resolver, nlp, text) if m.via == "coref"] == [], text


def test_resolver_coref_skips_pleonastic_it(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Egypt hosted the talks. It is unclear whether a deal will follow."
    coref = [m for m in mentions_of(resolver, nlp, text) if m.via == "coref"]
    assert coref == []


def test_resolver_ner_fallback_gives_adhoc_actor(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Analyst Maria Kovalenko said the Baltic Energy Consortium would delay the pipeline."
    found = [m for m in mentions_of(resolver, nlp, text) if m.via == "ner"]
    assert any(m.actor.id == "maria-kovalenko" for m in found)


def test_resolver_hyphenated_partnership(resolver: ActorResolver, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Analysts say the Russian-Iranian partnership has deepened."
    ids = {m.actor.id for m in mentions_of(resolver, nlp, text)}
    assert {"RUS", "IRN"} <= ids


def test_resolver_get_search_aliases(resolver: ActorResolver) -> None:
    russia = resolver.get("RUS")
    assert russia is not None and russia.kind is ActorKind.STATE
    assert resolver.get("no-such-actor") is None
    assert "Kremlin" in resolver.aliases("RUS")
    assert any(actor.id == "hezbollah" for actor in resolver.search("hezb"))
    assert len(resolver.search("a", limit=5)) == 5


def test_tables_every_un_member_reachable() -> None:
    tables = load_tables()
    # A sample of members and observers across regions, plus the special cases.
    for iso3 in ("TWN", "XKX", "ESH", "PSE", "VAT", "SSD", "TLS", "FJI", "BOL", "ISL"):
        assert iso3 in tables.states


def test_resolver_seed_article_mentions_well_formed(
    resolver: ActorResolver, nlp, seed_path
) -> None:  # type: ignore[no-untyped-def]
    text = seed_path.read_text(encoding="utf-8")
    found = resolver.find_mentions(nlp(text), published=dt.date(2023, 10, 30))
    assert all(text[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    kinds = {m.actor.kind for m in found}
    assert ActorKind.STATE in kinds and ActorKind.PERSON in kinds


def test_tables_bad_sector_rejected() -> None:
    from claimgraph.actors.tables import _sector
    from claimgraph.errors import DataTableError

    with pytest.raises(DataTableError, match="bad sector"):
        _sector("t.tsv", 3, "military")
