"""Attribution finding on hand-written news sentences (and the seed article, read in place)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.attribution import chain_for, find_attributions
from claimgraph.records import Actor, ActorId, Attribution, Mention
from claimgraph.vocab import ActorKind, CueKind, SourceKind


def _content(text: str, att: Attribution) -> str:
    return text[att.content[0] : att.content[1]]


def _by_cue(atts: list[Attribution], cue: str) -> Attribution:
    found = [a for a in atts if a.cue_text == cue]
    assert found, f"no attribution with cue {cue!r} in {[a.cue_text for a in atts]}"
    return found[0]


def _span_of(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return (start, start + len(word))


def test_finder_said_with_clausal_complement(nlp: Any) -> None:
    text = "The foreign minister said that Ankara had closed the border crossing on Monday."
    att = _by_cue(find_attributions(nlp(text)), "said")
    assert att.source_text == "The foreign minister"
    assert att.source_kind is SourceKind.NAMED_SOURCE
    assert att.cue_kind is CueKind.NEUTRAL
    assert "closed the border crossing" in _content(text, att)
    assert "said" not in _content(text, att)


def test_finder_told_outlet(nlp: Any) -> None:
    text = "The defence minister told Reuters that the army would withdraw from the town."
    att = _by_cue(find_attributions(nlp(text)), "told")
    assert att.outlet == "Reuters"
    assert att.source_text == "The defence minister"


def test_finder_according_to(nlp: Any) -> None:
    text = "According to the United Nations, more than 3,000 families fled the region in May."
    atts = find_attributions(nlp(text))
    att = _by_cue(atts, "According to")
    assert att.source_text == "the United Nations"
    assert "3,000 families fled" in _content(text, att)


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        (
            "Prosecutors alleged that the governor had taken bribes from the contractor.",
            "alleged",
            CueKind.DISTANCING,
        ),
        ("The spokesman denied that troops had entered the village.", "denied", CueKind.DENIAL),
        (
            "Analysts believe that the central bank will raise rates again.",
            "believe",
            CueKind.BELIEF,
        ),
    ],
)
def test_finder_cue_kind(nlp: Any, text: str, cue: str, kind: CueKind) -> None:
    assert _by_cue(find_attributions(nlp(text)), cue).cue_kind is kind


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Officials said the convoy was attacked near the border.", "said"),
        ("A Western diplomat said the talks had collapsed overnight.", "said"),
        ("Several sources said the minister would resign within days.", "said"),
    ],
)
def test_finder_unnamed_sources(nlp: Any, text: str, cue: str) -> None:
    att = _by_cue(find_attributions(nlp(text)), cue)
    assert att.source_kind is SourceKind.UNNAMED_SOURCE


def test_finder_named_person_is_named(nlp: Any) -> None:
    text = "Maria Santos said the harbour had reopened after the storm."
    assert _by_cue(find_attributions(nlp(text)), "said").source_kind is SourceKind.NAMED_SOURCE


def test_finder_quote_across_sentences_cue_after(nlp: Any) -> None:
    text = (
        "The port was quiet on Friday. “The shelling stopped at dawn. Then the trucks began to "
        "move. By noon the first ships had left the harbour,” the harbour master said.\n\n"
        "Prices fell sharply."
    )
    att = _by_cue(find_attributions(nlp(text)), "said")
    content = _content(text, att)
    assert content.startswith("“The shelling stopped")
    assert content.endswith("harbour,”")
    assert att.source_text == "the harbour master"


def test_finder_quote_after_colon_and_paragraph(nlp: Any) -> None:
    text = (
        "As the mayor wrote in a regional newspaper:\n\n“The water plant was hit twice. "
        "We have no power in the east of the city. Help has not arrived.”\n\nThe council met."
    )
    att = _by_cue(find_attributions(nlp(text)), "wrote")
    content = _content(text, att)
    assert content.startswith("“The water plant")
    assert content.endswith("not arrived.”")
    assert att.outlet is not None and "newspaper" in att.outlet


def test_finder_curly_apostrophe_is_not_a_quote(nlp: Any) -> None:
    text = "“It’s over, and we’re going home,” the commander said. It’s raining."
    att = _by_cue(find_attributions(nlp(text)), "said")
    assert _content(text, att) == "“It’s over, and we’re going home,”"


def test_finder_straight_quotes(nlp: Any) -> None:
    text = 'The senator said: "We will not fund this war." Reporters left.'
    att = _by_cue(find_attributions(nlp(text)), "said")
    assert _content(text, att) == '"We will not fund this war."'


def test_finder_nested_attribution_and_chain(nlp: Any) -> None:
    text = (
        "The envoy wrote: “On Tuesday the rebel commander praised Iran’s support in an "
        "interview with Al Jazeera, a Qatari broadcaster.”"
    )
    atts = find_attributions(nlp(text))
    outer = _by_cue(atts, "wrote")
    inner = _by_cue(atts, "praised")
    assert inner.parent == atts.index(outer)
    assert inner.outlet == "Al Jazeera"
    chain = chain_for(_span_of(text, "support"), atts)
    assert [link.cue for link in chain] == ["wrote", "praised"]
    assert chain[0].source == "The envoy"
    assert chain[1].outlet == "Al Jazeera"


def test_finder_chain_empty_for_author_claims(nlp: Any) -> None:
    text = "Rebels seized the airport. The minister said the army would respond."
    atts = find_attributions(nlp(text))
    assert chain_for(_span_of(text, "seized"), atts) == ()
    assert [link.cue for link in chain_for(_span_of(text, "respond"), atts)] == ["said"]


def test_finder_cue_is_not_in_its_own_chain(nlp: Any) -> None:
    text = "The general said the navy blockaded the port."
    atts = find_attributions(nlp(text))
    assert chain_for(_span_of(text, "said"), atts) == ()


def test_finder_reports_in_outlet(nlp: Any) -> None:
    text = "“The deal is off,” Anna Keller reported in Der Spiegel."
    att = _by_cue(find_attributions(nlp(text)), "reported")
    assert att.source_text == "Anna Keller"
    assert att.outlet == "Der Spiegel"


def test_finder_negated_evidence_is_not_a_source(nlp: Any) -> None:
    text = "There is no evidence indicating that the militia received weapons."
    assert [a.cue_text for a in find_attributions(nlp(text))] == []


def test_finder_source_actor_from_mentions(nlp: Any) -> None:
    text = "The Kremlin said the drills were routine."
    start = text.index("Kremlin")
    actor = Actor(id=ActorId("RUS"), name="Russia", kind=ActorKind.STATE)
    mention = Mention(start=start, end=start + len("Kremlin"), text="Kremlin", actor=actor)
    att = _by_cue(find_attributions(nlp(text), [mention]), "said")
    assert att.source_actor == actor
    assert chain_for(_span_of(text, "routine"), [att])[0].source_id == "RUS"


def test_finder_no_cue_no_attribution(nlp: Any) -> None:
    text = "The army shelled the town and the residents fled to the hills."
    assert find_attributions(nlp(text)) == []


# --- the seed article (read in place) --------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp: Any, seed_path: Path) -> tuple[str, list[Attribution]]:
    text = seed_path.read_text(encoding="utf-8")
    return text, find_attributions(nlp(text))


def _covering(text: str, atts: list[Attribution], phrase: str) -> list[Attribution]:
    start = text.index(phrase)
    return [a for a in atts if a.content[0] <= start and start + len(phrase) <= a.content[1]]


def test_finder_seed_wsj_quote(seed: tuple[str, list[Attribution]]) -> None:
    text, atts = seed
    holders = _covering(text, atts, "Su-35 jet fighters")
    assert any(a.source_text == "The Wall Street Journal" for a in holders)


def test_finder_seed_newsweek_quote(seed: tuple[str, list[Attribution]]) -> None:
    text, atts = seed
    holders = _covering(text, atts, "speculation on social media")
    att = next(a for a in holders if a.source_text == "David Brennan")
    assert att.outlet == "Newsweek"


def test_finder_seed_poroshenko_quote(seed: tuple[str, list[Attribution]]) -> None:
    text, atts = seed
    holders = _covering(text, atts, "Wagner instructors in Syria")
    att = next(a for a in holders if a.source_text and "Poroshenko" in a.source_text)
    assert att.outlet == "Euractiv"
    assert att.source_kind is SourceKind.NAMED_SOURCE


def test_finder_seed_rogin_quote_spans_sentences(seed: tuple[str, list[Attribution]]) -> None:
    text, atts = seed
    first = _covering(text, atts, "no clear evidence that Russian leaders")
    last = _covering(text, atts, "a state-controlled media outlet")
    rogin = [a for a in first if a.source_text == "Josh Rogin"]
    assert rogin and rogin[0] in last
    start = text.index("assistance in an interview")
    chain = chain_for((start, start + len("assistance")), atts)
    assert [link.source for link in chain][:1] == ["Josh Rogin"]
    assert any(link.outlet == "Russia Today" for link in chain)


def test_finder_relative_clause_source_is_the_antecedent(nlp: Any) -> None:
    text = "Analysts who claim that the ceasefire will hold are in the minority."
    att = _by_cue(find_attributions(nlp(text)), "claim")
    assert att.source_text == "Analysts"
    assert att.cue_kind is CueKind.DISTANCING


def test_finder_continuation_quote_after_cue(nlp: Any) -> None:
    text = "“We are ready,” the colonel said. “The bridge will hold.”\n\nThe river rose."
    att = _by_cue(find_attributions(nlp(text)), "said")
    assert text[att.content[0] : att.content[1]] == (
        "“We are ready,” the colonel said. “The bridge will hold.”"
    )


def test_finder_raising_verb_takes_subject_into_content(nlp: Any) -> None:
    text = "The ceasefire talks in Doha appear to have stalled over the prisoner exchange."
    att = _by_cue(find_attributions(nlp(text)), "appear")
    assert att.source is None
    assert att.cue_kind is CueKind.BELIEF
    content = _content(text, att)
    assert content.startswith("The ceasefire talks")
    assert "to have stalled" in content


def test_finder_verb_with_finite_clause_is_a_cue(nlp: Any) -> None:
    text = "The envoy figured that the militia would withdraw before the election."
    att = _by_cue(find_attributions(nlp(text)), "figured")
    assert att.source_text == "The envoy"
    assert "the militia would withdraw" in _content(text, att)


@pytest.mark.parametrize(
    "text",
    [
        "The new rules ensure that exporters pay duty on every shipment.",
        "The delay means that the convoy will reach Mariupol only on Friday.",
    ],
)
def test_finder_clause_verbs_that_do_not_attribute(nlp: Any, text: str) -> None:
    assert find_attributions(nlp(text)) == []


def test_finder_object_with_second_complement(nlp: Any) -> None:
    text = "The opposition leader called the referendum a sham on Sunday."
    att = _by_cue(find_attributions(nlp(text)), "called")
    assert "the referendum a sham" in _content(text, att)


def test_finder_cue_noun_with_possessor(nlp: Any) -> None:
    text = "The minister's claim that the drones came from Iran was rejected in Kyiv."
    att = _by_cue(find_attributions(nlp(text)), "claim")
    assert att.source_text == "The minister"
    assert att.cue_kind is CueKind.DISTANCING
    assert _content(text, att).startswith("that the drones came from Iran")


def test_finder_cue_noun_without_content_is_not_a_cue(nlp: Any) -> None:
    text = "The statement was published on Tuesday morning."
    assert [a.cue_text for a in find_attributions(nlp(text))] == []


def test_finder_colon_introduces_quote(nlp: Any) -> None:
    text = 'Her answer to the committee: "We will not sign this agreement."'
    att = _by_cue(find_attributions(nlp(text)), ":")
    assert _content(text, att) == '"We will not sign this agreement."'


def test_finder_colon_in_title_line(nlp: Any) -> None:
    text = "Erdogan: Sweden must act against militants first\n\nTalks resumed on Monday."
    att = _by_cue(find_attributions(nlp(text)), ":")
    assert att.source_text == "Erdogan"
    assert _content(text, att) == "Sweden must act against militants first"


def test_finder_quote_goes_on_over_paragraphs(nlp: Any) -> None:
    text = (
        '"The shelling has not stopped," the mayor said. "People are leaving."\n\n'
        '"We need water and medicine now."\n\nAid agencies said they were ready.'
    )
    att = _by_cue(find_attributions(nlp(text)), "said")
    content = _content(text, att)
    assert content.startswith('"The shelling')
    assert content.endswith('medicine now."')


def test_finder_misread_lemma_of_hope(nlp: Any) -> None:
    text = "The organizers are hoping that the border will reopen next week."
    att = _by_cue(find_attributions(nlp(text)), "hoping")
    assert att.cue_lemma == "hope"
    assert att.cue_kind is CueKind.BELIEF


def test_finder_chain_skips_cues_of_intention(nlp) -> None:  # type: ignore[no-untyped-def]
    """An intention ("plans to supply") is an attribution but not a link of the evidence chain;
    the report around it ("officials said") is."""
    from claimgraph.attribution import chain_for, find_attributions

    text = "Iran plans to supply drones to Russia, two officials said on Monday."
    doc = nlp(text)
    start = text.index("supply")
    chain = chain_for((start, start + len("supply")), find_attributions(doc))
    assert [link.cue for link in chain] == ["said"]


def test_finder_speaker_line_introduces_block_statement(nlp: Any) -> None:
    from claimgraph.claims.extract import quoted_first_person

    text = (
        "Talks resume\n\nForeign Office Minister Tobias Ellwood said:\n\n"
        "I welcome the agreement between Iraq and the Kurdistan Regional Government. "
        "I encourage both to work together.\n\nFurther information"
    )
    doc = nlp(text)
    start = text.index("Tobias Ellwood")
    minister = Actor(id=ActorId("tobias-ellwood"), name="Tobias Ellwood", kind=ActorKind.PERSON)
    pronoun = Actor(id=ActorId("GBR"), name="United Kingdom", kind=ActorKind.STATE)
    i_at = text.index("I encourage")
    mentions = [
        Mention(start=start, end=start + 14, text="Tobias Ellwood", actor=minister),
        Mention(start=i_at, end=i_at + 1, text="I", actor=pronoun),
    ]
    atts = find_attributions(doc, mentions)
    att = _by_cue(atts, "said")
    assert _content(text, att).startswith("I welcome the agreement")
    assert _content(text, att).endswith("work together.")
    assert att.source_actor == minister
    chain = chain_for(_span_of(text, "work"), atts)
    assert chain and chain[0].source_id == "tobias-ellwood"
    resolved = quoted_first_person(doc, mentions, atts)
    assert [m.actor for m in resolved if m.start == i_at] == [minister]


def test_finder_speaker_line_before_a_heading_is_no_attribution(nlp: Any) -> None:
    text = "The minister said:\n\nFurther information\n\nPress office contacts"
    assert [a.cue_text for a in find_attributions(nlp(text))] == []
