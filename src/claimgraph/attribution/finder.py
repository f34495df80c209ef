"""Finding reporting relations (SOURCE --cue--> CONTENT) over a parsed ``Doc``.

Cascade, in this order, each step only over tokens not yet used as a cue:

1. **Reporting verbs** from ``data/attribution/cues.tsv``. Content is the clausal complement
   (``ccomp``), the quotation the verb introduces or closes (which may run over several
   sentences and paragraphs), the clause the verb interrupts ("…, officials said, …"), or, for
   ``object`` verbs ("denied the report"), the direct object. A verb with none of these is not
   a cue. Source: the subject, the passive agent ("was reported by X"), or the subject of the
   verb it is coordinated with or subordinated to ("… and added", "…, saying").
2. **Cue phrases** ("according to X"): source is the phrase's object, content the clause it
   modifies.
3. **Mis-tagged verbs**: unambiguous verb forms the tagger read as nouns ("reports allege X"),
   with the noun phrase before as source and the rest of the sentence as content.

Then outlets ("told Euractiv", "reported in Newsweek", "in an interview with Russia Today")
and nesting (``parent``: the innermost other attribution whose content holds the cue).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.attribution.lexicon import CueEntry, CueLexicon, load_lexicon
from claimgraph.attribution.quotes import block_statement, find_quotes
from claimgraph.nlp.model import doc_text
from claimgraph.records import Actor, Attribution, Mention, SourceLink
from claimgraph.vocab import ActorKind, CueKind, SourceKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)

#: Most words allowed between a quotation and the cue that closes it ("…,” the International
#: Crisis Group wrote in a report"): hand-set to cover a long source phrase plus the verb; not
#: swept yet (PolNeAR train is the set to sweep it on).
MAX_WORDS_QUOTE_TO_CUE = 10
#: Most words between a cue and the quotation it introduces ("commented in a prominent news
#: source: “…”"); hand-set, longer gaps are usually a clause of their own. Not swept yet.
MAX_WORDS_CUE_TO_QUOTE = 12
#: Characters after a quotation searched for a cue of its own ("“…,” the senator added").
_OWN_CUE_WINDOW = 80
#: Words of a cue's complement allowed outside the quotation it introduces for the quotation
#: alone to be the content ("said that “…”"); more means the quote is only part of it.
_MAX_WORDS_OUTSIDE_QUOTE = 2

#: Complements that carry a cue's content, by preference: a clause, then an infinitive
#: ("told Megyn not to worry"), then an object ("denied the report", "said so"), then "said yes".
_COMPLEMENT_DEPS: tuple[frozenset[str], ...] = (
    frozenset({"ccomp"}),
    frozenset({"xcomp"}),
    frozenset({"dobj"}),
    frozenset({"intj", "oprd"}),
)
_INTERRUPTED_DEPS = frozenset({"parataxis"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "relcl"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_EXPLETIVES = frozenset({"it", "there"})
_NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_NOT_OUTLET_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)
_INDEFINITE = frozenset({"a", "an", "some", "many", "several", "numerous", "multiple"})
#: Verb forms that are never nouns: a token with one of these forms tagged as a noun is a
#: tagging error on a reporting verb ("numerous reports allege ...").
#: Prepositions after an object that complete a cue's content ("accused X of", "saw X as").
_SECOND_COMPLEMENT_PREPS = frozenset({"of", "as", "for"})
#: Prepositions that introduce a cue noun's content ("criticism of", "support for").
_NOUN_CONTENT_PREPS = frozenset({"of", "for", "about", "on", "against", "over"})
#: Longest name or noun phrase read as the speaker before a colon ("Senate Majority Leader:").
_MAX_SPEAKER_WORDS = 5
#: Fewest words after a speaker's colon on a title line for the rest to be what they say.
_MIN_TITLE_CONTENT_WORDS = 3
_UNAMBIGUOUS_VERB_FORMS: dict[str, str] = {
    "allege": "allege",
    "alleges": "allege",
    "says": "say",
    "said": "say",
    "told": "tell",
    "insist": "insist",
    "insists": "insist",
}
#: Verb forms the tagger lemmatizes wrongly ("hoping" -> "hop").
_LEMMA_FIXES: dict[str, str] = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(slots=True)
class _Draft:
    cue: tuple[int, int]
    cue_text: str
    cue_lemma: str
    cue_kind: CueKind
    content: tuple[int, int]
    source_tokens: tuple[int, int] | None  # token range [start, end)
    outlet: str | None = None


def find_attributions(doc: Doc, mentions: Sequence[Mention] = ()) -> list[Attribution]:
    """Every reporting relation in ``doc``, ordered by cue position; ``parent`` links nesting."""
    lex = load_lexicon()
    quotes = find_quotes(doc_text(doc))
    used_quotes: set[tuple[int, int]] = set()
    drafts: list[_Draft] = []
    cue_tokens: set[int] = set()
    for token in doc:
        entry = _verb_entry(token, lex)
        if entry is None:
            continue
        draft = _from_verb(token, entry, doc=doc, lex=lex, quotes=quotes, used=used_quotes)
        if draft is not None:
            drafts.append(draft)
            cue_tokens.add(token.i)
    drafts.extend(_from_phrases(doc, lex=lex, quotes=quotes))
    for token in doc:
        if token.i in cue_tokens:
            continue
        draft = _from_noun(token, lex=lex)
        if draft is None:
            draft = _from_colon(token, quotes=quotes, used=used_quotes)
        if draft is not None:
            drafts.append(draft)
            cue_tokens.add(token.i)
    for token in doc:
        if token.i in cue_tokens:
            continue
        draft = _from_mistagged(token, lex=lex)
        if draft is not None:
            drafts.append(draft)
    drafts.sort(key=lambda d: d.cue)
    return _finish(doc, drafts, mentions=mentions, lex=lex)


def chain_for(span: tuple[int, int], attributions: Sequence[Attribution]) -> tuple[SourceLink, ...]:
    """The attribution chain of a claim whose trigger is at character ``span``.

    Every attribution whose content contains the span, outermost first; an attribution whose
    cue is the trigger itself is not part of its own chain, nor is one whose cue expresses an
    attitude or intention rather than a report ("wants", "plans", "proposed": see
    ``data/attribution/non_evidential.tsv``). Empty: the author asserts it.
    """
    holders = [att for att in attributions if holds(att, span)]
    holders.sort(key=lambda att: (-(att.content[1] - att.content[0]), att.cue[0]))
    return tuple(source_link(att) for att in holders)


def holds(att: Attribution, span: tuple[int, int]) -> bool:
    """Whether ``att`` reports the event whose trigger is at ``span`` (``chain_for``'s test):
    its content contains the trigger, its cue is not the trigger, and the cue is evidential."""
    start, end = span
    return (
        att.content[0] <= start
        and end <= att.content[1]
        and not (att.cue[0] <= start < att.cue[1])
        and att.cue_lemma.lower() not in load_lexicon().non_evidential
    )


def source_link(att: Attribution) -> SourceLink:
    """The claim-side view of one attribution (a link of a chain)."""
    source_id = str(att.source_actor.id) if att.source_actor is not None else None
    return SourceLink(
        source=att.source_text,
        source_id=source_id,
        kind=att.source_kind,
        cue=att.cue_text,
        cue_kind=att.cue_kind,
        outlet=att.outlet,
    )


# ------------------------------------------------------------------------------------------
# 1. reporting verbs
# ------------------------------------------------------------------------------------------


def _verb_entry(token: Token, lex: CueLexicon) -> CueEntry | None:
    if token.pos_ != "VERB" or token.dep_ in ("amod", "compound"):
        return None
    lemma = _LEMMA_FIXES.get(token.lower_, token.lemma_.lower())
    entry = lex.verbs.get(lemma)
    if entry is not None:
        return entry
    if lemma not in lex.non_cue_clause_verbs and _takes_reported_clause(token):
        return CueEntry(lemma, CueKind.NEUTRAL, "complement")
    return None


def _takes_reported_clause(token: Token) -> bool:
    """A verb with a subject and a finite clause for object ("she figured that …", "he
    recognized the party had lost"): the verbs that do so report speech, thought or
    perception, except the few listed in ``non_cue_clause_verbs.tsv``."""
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in _EXPLETIVES:
        return False
    for child in token.children:
        if child.dep_ != "ccomp" or child.i < token.i:
            continue
        marks = {g.lower_ for g in child.children if g.dep_ == "mark"}
        if marks & {"if", "because", "as"}:
            continue
        if "that" in marks or any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
            return True
    return False


def _from_verb(
    token: Token,
    entry: CueEntry,
    *,
    doc: Doc,
    lex: CueLexicon,
    quotes: Sequence[tuple[int, int]],
    used: set[tuple[int, int]],
) -> _Draft | None:
    if entry.content == "raising":
        return _from_raising(token, entry)
    complement = _complement(token, entry, lex)
    attached = _attached_quote(token, doc=doc, lex=lex, quotes=quotes, used=used)
    content: tuple[int, int] | None = None
    if complement is not None:
        content = _char_span(complement)
    if attached is not None:
        quote, introduced = attached
        if content is None or (
            _words_outside(doc_text(doc), content, quote) <= _MAX_WORDS_OUTSIDE_QUOTE
            if introduced
            else _quote_dominates(content, quote)
        ):
            content = quote
            used.add(quote)
    if content is None:
        content = _interrupted_clause(token)
    if content is None:
        content = _colon_block(token)
    if content is None:
        return None
    if any(q[1] == content[1] for q in used):
        content = _continued_quote(content, doc=doc, lex=lex, quotes=quotes, used=used)
    source = _source_tokens(token)
    if source is None and token.dep_ == "acl":
        source = _noun_phrase(token.head, stop=token)
    if source is not None and _negated_source(token.doc, source):
        return None  # "no evidence indicating", "nobody said": nothing is attributed
    return _Draft(
        cue=(token.idx, token.idx + len(token.text)),
        cue_text=token.text,
        cue_lemma=entry.lemma,
        cue_kind=entry.kind,
        content=content,
        source_tokens=source,
        outlet=_outlet(token, lex=lex),
    )


def _from_raising(token: Token, entry: CueEntry) -> _Draft | None:
    """ "The talks appear to have stalled", "it seems that …": the subject and the complement
    make up the content; the source is unexpressed (or an experiencer: "seemed to her")."""
    complement = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp")), None)
    if complement is None:
        return None
    tokens = list(complement.subtree)
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ not in _EXPLETIVES:
        tokens.extend(subject.subtree)
    return _Draft(
        cue=(token.idx, token.idx + len(token.text)),
        cue_text=token.text,
        cue_lemma=entry.lemma,
        cue_kind=entry.kind,
        content=_char_span(tokens),
        source_tokens=None,
    )


def _complement(token: Token, entry: CueEntry, lex: CueLexicon) -> list[Token] | None:
    if entry.content == "quote":
        return None
    for deps in _COMPLEMENT_DEPS:
        for child in token.children:
            if child.dep_ in deps:
                return _with_second_complement(token, child)
    for child in token.children:
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children
        ):
            return list(child.subtree)
    for child in token.children:
        if child.dep_ == "prep" and (entry.lemma, child.lower_) in lex.prep_complements:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                return list(objects[0].subtree)
    return None


def _with_second_complement(token: Token, first: Token) -> list[Token]:
    """The complement with what completes it after the verb: "called Christmas a sham",
    "accused them of lying", "sees Cruz as a uniter", "called on Congress to act"."""
    tokens = list(first.subtree)
    if first.dep_ not in ("dobj", "pobj"):
        return tokens
    for child in token.children:
        if child.i <= first.i or child.i == first.i:
            continue
        if child.dep_ in ("oprd", "ccomp", "xcomp", "attr") or (
            child.dep_ == "prep" and child.lower_ in _SECOND_COMPLEMENT_PREPS
        ):
            tokens.extend(child.subtree)
    return tokens


def _colon_block(token: Token) -> tuple[int, int] | None:
    """ "X said:" closing its paragraph: the paragraphs after it (``quotes.block_statement``)."""
    doc = token.doc
    nxt = token.i + 1
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    if nxt >= len(doc) or doc[nxt].text != ":":
        return None
    return block_statement(doc_text(doc), doc[nxt].idx + 1)


def _interrupted_clause(token: Token) -> tuple[int, int] | None:
    """ "X, officials said, Y": the cue hangs off the clause it reports; content = that clause."""
    if token.dep_ not in _INTERRUPTED_DEPS or token.head.i == token.i:
        return None
    own = {t.i for t in token.subtree}
    rest = [t for t in token.head.subtree if t.i not in own]
    if not rest:
        return None
    return _char_span(rest)


def _attached_quote(
    token: Token,
    *,
    doc: Doc,
    lex: CueLexicon,
    quotes: Sequence[tuple[int, int]],
    used: set[tuple[int, int]],
) -> tuple[tuple[int, int], bool] | None:
    """The quotation this cue closes ("“…,” X said") or introduces ("X said: “…”"), and
    whether the cue only introduces it."""
    text = doc_text(doc)
    cue_start = token.idx
    cue_end = token.idx + len(token.text)
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None
    for quote in quotes:
        if quote in used:
            continue
        if quote[1] <= cue_start:
            gap = text[quote[1] : cue_start]
            if _quote_gap_ok(gap, limit=MAX_WORDS_QUOTE_TO_CUE) and _opens_sentence_or_clause(
                text, quote[1]
            ):
                before = quote
        elif quote[0] >= cue_end and after is None:
            gap = text[cue_end : quote[0]]
            if _quote_gap_ok(gap, limit=MAX_WORDS_CUE_TO_QUOTE) or (
                before is not None
                and _continues_quote(gap)
                and not _has_own_cue(doc, quote, lex=lex)
            ):
                after = quote
            break
    if before is not None and after is not None:
        return (before[0], after[1]), False
    if before is not None:
        return before, False
    if after is not None:
        return after, True
    return None


def _continued_quote(
    content: tuple[int, int],
    *,
    doc: Doc,
    lex: CueLexicon,
    quotes: Sequence[tuple[int, int]],
    used: set[tuple[int, int]],
) -> tuple[int, int]:
    """A quotation goes on in the quotations that follow it directly, in the same or the next
    paragraphs, until one has a cue of its own (“A,” she said. “B.” / “C.”)."""
    end = content[1]
    for quote in quotes:
        if quote[0] < end or quote in used:
            continue
        gap = doc_text(doc)[end : quote[0]]
        if gap.strip() not in ("", ".", ",") or gap.count("\n") > 2:
            break
        if _has_own_cue(doc, quote, lex=lex):
            break
        used.add(quote)
        end = quote[1]
    return (content[0], end)


def _has_own_cue(doc: Doc, quote: tuple[int, int], *, lex: CueLexicon) -> bool:
    """A reporting verb right after the quotation closes it ("“…,” she said"), so it is not the
    continuation of an earlier speaker's quote."""
    end = min(len(doc_text(doc)), quote[1] + _OWN_CUE_WINDOW)
    span = doc.char_span(quote[1], end, alignment_mode="expand")
    if span is None:
        return False
    for token in span:
        if token.is_sent_start and token.idx > quote[1] + 1:
            return False
        if token.pos_ == "VERB" and token.lemma_.lower() in lex.verbs:
            return True
    return False


def _quote_gap_ok(gap: str, *, limit: int) -> bool:
    if '"' in gap or "“" in gap or "”" in gap:
        return False
    if _SENTENCE_END.search(gap):
        return False
    return len(_WORD.findall(gap)) <= limit


def _continues_quote(gap: str) -> bool:
    """“A,” he said. “B.”: the sentence ends right after the cue and the quote goes on (in the
    same paragraph or the next)."""
    return gap.strip() in (".", ",", ":") and gap.count("\n") <= 2


def _opens_sentence_or_clause(text: str, quote_end: int) -> bool:
    """A quote closing before a cue must end with punctuation (“…,” / “…?”) or a clause break."""
    inside = text[max(0, quote_end - 3) : quote_end]
    return any(mark in inside for mark in (",", "?", "!", "—", "-", "."))


def _source_tokens(token: Token) -> tuple[int, int] | None:
    subject = _subject(token)
    depth = 0
    head = token
    while subject is None and head.dep_ in _INHERIT_SUBJECT_DEPS and depth < 3:
        if head.dep_ == "relcl":
            return _noun_phrase(head.head, stop=head)
        head = head.head
        subject = _subject(head)
        depth += 1
    if subject is None:
        return None
    if subject.lower_ in _RELATIVE_PRONOUNS and token.dep_ == "relcl":
        return _noun_phrase(token.head, stop=token)
    return _noun_phrase(subject)


def _negated_source(doc: Doc, source: tuple[int, int]) -> bool:
    span = doc[source[0] : source[1]]
    return span.root.lower_ in ("nobody", "none") or any(
        t.dep_ == "det" and t.lower_ == "no" and t.head.i == span.root.i for t in span
    )


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    for child in token.children:
        if child.dep_ in _SUBJECT_DEPS:
            if child.dep_ == "nsubjpass" or child.lower_ in _EXPLETIVES:
                return None
            return child
    return None


def _noun_phrase(token: Token, *, stop: Token | None = None) -> tuple[int, int]:
    """The token's phrase: its subtree (with relative clauses, as PolNeAR marks sources), cut at
    quotations and line breaks and trimmed of edge punctuation. With ``stop`` (the clause that
    holds the cue: "analysts who claim", "outlets reporting"), the phrase ends before it."""
    tokens = list(token.subtree)
    if stop is not None:
        first = min(t.i for t in stop.subtree)
        tokens = [t for t in tokens if t.i < first]
    cut_at = [t.i for t in tokens if t.i > token.i and (_quote(t) or "\n" in t.text)]
    if cut_at:
        first_cut = min(cut_at)
        tokens = [t for t in tokens if t.i < first_cut]
    breaks = [t.i for t in tokens if t.i < token.i and (_quote(t) or "\n" in t.text)]
    if breaks:
        tokens = [t for t in tokens if t.i > max(breaks)]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    if not tokens:
        return (token.i, token.i + 1)
    return (tokens[0].i, tokens[-1].i + 1)


def _outlet(token: Token, *, lex: CueLexicon) -> str | None:
    for child in token.children:
        if child.dep_ in ("dative", "dobj") and token.lemma_.lower() in ("tell", "inform"):
            name = _outlet_name(child, lex=lex)
            if name is not None:
                return name
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "with", "for"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # one reports "in" or "on" an outlet, never a person: NER's PERSON is wrong there
                in_outlet = child.lower_ in ("in", "on")
                name = _outlet_name(pobj, lex=lex, allow_person=in_outlet)
                if name is not None:
                    return name
                if pobj.lemma_.lower() in lex.outlet_nouns:
                    inner = _outlet_inside(pobj, lex=lex)
                    if inner is not None:
                        return inner
                if pobj.lemma_.lower() in lex.media_nouns or any(
                    c.lemma_.lower() in lex.media_nouns for c in pobj.children
                ):
                    return _span_text(token.doc, _noun_phrase(pobj))
    return None


def _outlet_inside(noun: Token, *, lex: CueLexicon) -> str | None:
    """ "an interview with Russia Today", "a statement to Reuters", "an op-ed for The Hill"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("with", "to", "for", "in", "on"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN" and pobj.ent_type_ != "PERSON":
                    return _name_text(pobj)
    return None


def _outlet_name(token: Token, *, lex: CueLexicon, allow_person: bool = False) -> str | None:
    """A proper name that is a media outlet rather than a person, place or date."""
    if token.pos_ != "PROPN" or token.ent_type_ in _NOT_OUTLET_ENTS:
        return None
    described_as_media = any(
        c.dep_ == "appos"
        and (
            c.lemma_.lower() in lex.media_nouns
            or any(g.lemma_.lower() in lex.media_nouns for g in c.children)
        )
        for c in token.children
    )
    if token.ent_type_ == "PERSON" and not (described_as_media or allow_person):
        return None
    if token.ent_type_ in ("GPE", "NORP", "LOC"):
        if not described_as_media:
            return None
        return _span_text(token.doc, _noun_phrase(token))
    return _name_text(token)


def _name_text(token: Token) -> str:
    """The name headed by ``token``: its compounds and "The", plus capitalized words after it
    that the parser split off ("Russia Today")."""
    doc = token.doc
    start = token.i
    for child in token.children:
        if child.i < start and (
            child.dep_ == "compound" or (child.dep_ == "det" and child.lower_ == "the")
        ):
            start = child.i
    end = token.i + 1
    while end < len(doc) and doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN"):
        end += 1
    return " ".join(doc[start:end].text.split())


# ------------------------------------------------------------------------------------------
# 2. cue phrases ("according to X")
# ------------------------------------------------------------------------------------------


def _from_phrases(
    doc: Doc, *, lex: CueLexicon, quotes: Sequence[tuple[int, int]]
) -> Iterable[_Draft]:
    """Cue phrases found in one pass over the tokens, indexed by their first word."""
    del quotes  # phrase cues take their content from the parse, not from quotations
    by_first = _phrases_by_first_word(lex)
    lowers = [token.lower_ for token in doc]
    for i, word in enumerate(lowers):
        for phrase, kind in by_first.get(word, ()):
            width = len(phrase)
            if tuple(lowers[i : i + width]) != phrase:
                continue
            draft = _phrase_draft(doc, i, width, kind=kind)
            if draft is not None:
                yield draft


_PhraseIndex = dict[str, tuple[tuple[tuple[str, ...], CueKind], ...]]
#: The phrase index of each lexicon seen (a pure function of the lexicon, built once).
_PHRASE_INDEXES: dict[int, tuple[CueLexicon, _PhraseIndex]] = {}


def _phrases_by_first_word(lex: CueLexicon) -> _PhraseIndex:
    cached = _PHRASE_INDEXES.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    index: dict[str, list[tuple[tuple[str, ...], CueKind]]] = {}
    for phrase, kind in lex.phrases.items():
        index.setdefault(phrase[0], []).append((phrase, kind))
    built = {word: tuple(entries) for word, entries in index.items()}
    _PHRASE_INDEXES[id(lex)] = (lex, built)
    return built


def _phrase_draft(doc: Doc, i: int, width: int, *, kind: CueKind) -> _Draft | None:
    cue = doc[i : i + width]
    last = cue[-1]
    pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if pobj is None and i + width < len(doc):
        pobj = doc[i + width]
    source = _noun_phrase(pobj) if pobj is not None else None
    phrase_tokens = {t.i for t in cue} | (set(range(*source)) if source is not None else set())
    sent = cue.sent
    anchor = cue[0].head if cue[0].head.i != cue[0].i else sent.root
    while anchor.pos_ not in ("VERB", "AUX") and anchor.head.i != anchor.i:
        anchor = anchor.head
    clause = [t for t in anchor.subtree if t.i not in phrase_tokens and t.sent == sent]
    if anchor.i in phrase_tokens:
        clause = [t for t in sent if t.i not in phrase_tokens]
    left = [t for t in clause if t.i < i]
    right = [t for t in clause if t.i >= i + width]
    side = right if _word_count(right) >= _word_count(left) else left
    if _word_count(side) == 0:
        return None
    return _Draft(
        cue=(cue.start_char, cue.end_char),
        cue_text=cue.text,
        cue_lemma=" ".join(t.lower_ for t in cue),
        cue_kind=kind,
        content=_char_span(side),
        source_tokens=source,
    )


def _word_count(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if not (t.is_punct or t.is_space))


# ------------------------------------------------------------------------------------------
# 3. cue nouns ("his claim that", "criticism of") and colons ("Her answer: “…”")
# ------------------------------------------------------------------------------------------


def _from_noun(token: Token, *, lex: CueLexicon) -> _Draft | None:
    kind = lex.cue_nouns.get(token.lemma_.lower())
    if kind is None or token.pos_ != "NOUN" or token.dep_ == "compound":
        return None
    content = _noun_content(token)
    if content is None or _word_count(content) == 0:
        return None
    return _Draft(
        cue=(token.idx, token.idx + len(token.text)),
        cue_text=token.text,
        cue_lemma=token.lemma_.lower(),
        cue_kind=kind,
        content=_char_span(content),
        source_tokens=_noun_source(token),
    )


def _noun_content(noun: Token) -> list[Token] | None:
    """ "the claim that …", "a call to …", "criticism of …", "his view is that …"."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and child.i > noun.i:
            marks = {g.lower_ for g in child.children if g.dep_ in ("mark", "aux")}
            if marks & {"that", "to"}:
                return list(child.subtree)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _NOUN_CONTENT_PREPS and child.i > noun.i:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                return list(objects[0].subtree)
    head = noun.head
    if noun.dep_ == "nsubj" and head.lemma_ == "be":
        for child in head.children:
            if child.dep_ in ("ccomp", "attr", "xcomp") and child.i > head.i:
                return list(child.subtree)
    return None


def _noun_source(noun: Token) -> tuple[int, int] | None:
    """The possessor ("Trump's claim"), the agent ("criticism by/from X"), or the subject of
    the light verb ("she made the claim", "he voiced concern")."""
    for child in noun.children:
        if child.dep_ == "poss":
            span = _noun_phrase(child)
            if span[1] - span[0] > 1 and noun.doc[span[1] - 1].tag_ == "POS":
                span = (span[0], span[1] - 1)
            return span
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _noun_phrase(pobj)
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        subject = _subject(noun.head)
        if subject is not None:
            return _noun_phrase(subject)
    return None


def _from_colon(
    token: Token, *, quotes: Sequence[tuple[int, int]], used: set[tuple[int, int]]
) -> _Draft | None:
    """A colon that introduces what someone says: a quotation no verb claimed ("Her answer:
    “…”"), or the rest of a title line after a short name ("Senator: Talks must go on")."""
    if token.text != ":":
        return None
    doc = token.doc
    text = doc_text(doc)
    end = token.idx + 1
    after = text[end:]
    gap = len(after) - len(after.lstrip())
    quote = next((q for q in quotes if q[0] == end + gap), None)
    if quote is not None and quote not in used and after[:gap].count("\n") <= 2:
        used.add(quote)
        return _Draft(
            cue=(token.idx, end),
            cue_text=":",
            cue_lemma=":",
            cue_kind=CueKind.NEUTRAL,
            content=quote,
            source_tokens=_colon_speaker(token),
        )
    line_start = text.rfind("\n", 0, token.idx) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    speaker = _colon_speaker(token)
    if speaker is None or doc[speaker[0]].idx != line_start:
        return None
    rest = doc.char_span(end + gap, line_end, alignment_mode="contract")
    if rest is None or _word_count(list(rest)) < _MIN_TITLE_CONTENT_WORDS:
        return None
    return _Draft(
        cue=(token.idx, end),
        cue_text=":",
        cue_lemma=":",
        cue_kind=CueKind.NEUTRAL,
        content=_char_span(list(rest)),
        source_tokens=speaker,
    )


def _colon_speaker(colon: Token) -> tuple[int, int] | None:
    """The short name or noun phrase right before the colon, alone on its line."""
    doc = colon.doc
    start = colon.i
    while (
        start > colon.sent.start and not doc[start - 1].is_punct and "\n" not in doc[start - 1].text
    ):
        start -= 1
        if colon.i - start > _MAX_SPEAKER_WORDS:
            return None
    words = doc[start : colon.i]
    if not words or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    if not (words[0].is_title or words[0].pos_ == "PRON" or words[0].is_upper):
        return None
    return (start, colon.i)


# ------------------------------------------------------------------------------------------
# 4. verbs the tagger read as nouns
# ------------------------------------------------------------------------------------------


def _from_mistagged(token: Token, *, lex: CueLexicon) -> _Draft | None:
    lemma = _UNAMBIGUOUS_VERB_FORMS.get(token.lower_)
    if lemma is None or token.pos_ in ("VERB", "AUX") or token.i == 0:
        return None
    entry = lex.verbs.get(lemma)
    previous = token.doc[token.i - 1]
    if entry is None or previous.pos_ not in ("NOUN", "PROPN"):
        return None
    sent = token.sent
    content = [t for t in sent if t.i > token.i]
    if content and content[0].lower_ == "that":
        content = content[1:]
    if _word_count(content) < 3:
        return None
    start = token.i
    while start - 1 >= sent.start:
        prev = token.doc[start - 1]
        if prev.is_punct or prev.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ"):
            break
        start -= 1
    source = (start, token.i) if start < token.i else None
    return _Draft(
        cue=(token.idx, token.idx + len(token.text)),
        cue_text=token.text,
        cue_lemma=lemma,
        cue_kind=entry.kind,
        content=_char_span(content),
        source_tokens=source,
    )


# ------------------------------------------------------------------------------------------
# assembling records
# ------------------------------------------------------------------------------------------


def _finish(
    doc: Doc, drafts: Sequence[_Draft], *, mentions: Sequence[Mention], lex: CueLexicon
) -> list[Attribution]:
    seen: set[tuple[int, int]] = set()
    unique: list[_Draft] = []
    for draft in drafts:
        if draft.cue not in seen:
            seen.add(draft.cue)
            unique.append(draft)
    parents = _parents([d.content for d in unique], [d.cue for d in unique])
    out: list[Attribution] = []
    for draft, parent in zip(unique, parents, strict=True):
        source_span: tuple[int, int] | None = None
        source_text: str | None = None
        actor: Actor | None = None
        kind = SourceKind.UNNAMED_SOURCE
        outlet = draft.outlet
        if draft.source_tokens is not None:
            span = doc[draft.source_tokens[0] : draft.source_tokens[1]]
            source_span = (span.start_char, span.end_char)
            source_text = " ".join(span.text.split())
            actor = _actor_for(source_span, mentions)
            kind = _source_kind(span, actor=actor, lex=lex)
            if outlet is None and _is_media_source(span, actor=actor, lemma=draft.cue_lemma):
                outlet = source_text
        out.append(
            Attribution(
                cue=draft.cue,
                cue_text=draft.cue_text,
                cue_lemma=draft.cue_lemma,
                cue_kind=draft.cue_kind,
                content=draft.content,
                source=source_span,
                source_text=source_text,
                source_kind=kind,
                source_actor=actor,
                outlet=outlet,
                parent=parent,
            )
        )
    logger.debug("found %d attributions", len(out))
    return out


def _parents(
    contents: Sequence[tuple[int, int]], cues: Sequence[tuple[int, int]]
) -> list[int | None]:
    parents: list[int | None] = []
    for i, cue in enumerate(cues):
        best: int | None = None
        for j, content in enumerate(contents):
            if j == i or not (content[0] <= cue[0] and cue[1] <= content[1]):
                continue
            if best is None or (content[1] - content[0]) < (contents[best][1] - contents[best][0]):
                best = j
        parents.append(best)
    return parents


def _actor_for(span: tuple[int, int], mentions: Sequence[Mention]) -> Actor | None:
    best: Mention | None = None
    best_overlap = 0
    for mention in mentions:
        overlap = min(span[1], mention.end) - max(span[0], mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    return best.actor if best is not None else None


def _source_kind(span: Span, *, actor: Actor | None, lex: CueLexicon) -> SourceKind:
    head = span.root
    lemma = head.lemma_.lower()
    if lemma in lex.unnamed_nouns and not any(
        t.pos_ == "PROPN" and t.dep_ == "appos" for t in span
    ):
        return SourceKind.UNNAMED_SOURCE
    if actor is not None:
        return SourceKind.NAMED_SOURCE
    if head.pos_ == "PROPN" or head.ent_type_ in _NAMED_ENTS:
        return SourceKind.NAMED_SOURCE
    if head.pos_ == "PRON":
        return SourceKind.NAMED_SOURCE
    if span[0].lower_ in _INDEFINITE:
        return SourceKind.UNNAMED_SOURCE
    return SourceKind.NAMED_SOURCE


def _is_media_source(span: Span, *, actor: Actor | None, lemma: str) -> bool:
    if actor is not None:
        return actor.kind is ActorKind.MEDIA
    return span.root.ent_type_ == "ORG" and lemma in ("report", "publish", "write")


# ------------------------------------------------------------------------------------------
# spans
# ------------------------------------------------------------------------------------------


def _char_span(tokens: Sequence[Token]) -> tuple[int, int]:
    """Character span of ``tokens`` (in order), trimmed of edge punctuation except quotes."""
    items = sorted(tokens, key=lambda t: t.i)
    while len(items) > 1 and (items[-1].is_space or (items[-1].is_punct and not _quote(items[-1]))):
        items.pop()
    while len(items) > 1 and (items[0].is_space or (items[0].is_punct and not _quote(items[0]))):
        items.pop(0)
    return (items[0].idx, items[-1].idx + len(items[-1].text))


def _quote(token: Token) -> bool:
    return token.text in ('"', "“", "”")


def _quote_dominates(content: tuple[int, int], quote: tuple[int, int]) -> bool:
    """The complement lies in the quote, or the quote makes up most of the complement."""
    if _within(content, quote, slack=3):
        return True
    overlap = min(content[1], quote[1]) - max(content[0], quote[0])
    return overlap * 2 >= content[1] - content[0]


def _words_outside(text: str, content: tuple[int, int], quote: tuple[int, int]) -> int:
    before = text[content[0] : max(content[0], quote[0])]
    after = text[min(content[1], quote[1]) : content[1]]
    return len(_WORD.findall(before)) + len(_WORD.findall(after))


def _within(inner: tuple[int, int], outer: tuple[int, int], *, slack: int) -> bool:
    return outer[0] - slack <= inner[0] and inner[1] <= outer[1] + slack


def _span_text(doc: Doc, tokens: tuple[int, int]) -> str:
    return " ".join(doc[tokens[0] : tokens[1]].text.split())
