"""``ActorResolver``: actor mentions in a parsed article, and free-phrase lookup.

The cascade, for a ``Doc``:

1. **Tables** — every token span is looked up in the surface-form index (states by name,
   alias, demonym, capital and seat-of-power metonym; organizations; persons; titles),
   longest match first. Context checks drop forms that are also person names ("Jordan" inside
   "Michael Jordan") or common words ("Turkey" where NER sees no place).
2. **NER** — spaCy PERSON/ORG/NORP/GPE/FAC/LOC entities that no table form covers become
   ad-hoc actors (slug ids), so every source and argument still has an actor.
3. **Composition** — ``[state] ['s] [title] [person]`` becomes one person mention ("Russian
   President Vladimir Putin"); ``[state] [title]`` becomes the office holder on the publication
   date ("the Iranian President" in 2023), or the state's government when no date is known;
   ``[title] [person]`` picks among persons who share a surname by the title and the date.
4. **Sector** — a state mention takes the sector of the noun it modifies ("Russian troops" ->
   MIL, "Iran's foreign ministry" -> GOV), from the sector-noun table.
5. **Regimes** — a person who leads a state, followed by a regime noun ("the Assad regime",
   "Maduro's government"), stands for the state's government.
6. **Coreference** — pronouns and definite descriptions (``coref.py``).
7. **Publisher** — where the article's outlet is an institution (a government, a ministry, a
   military command, an IGO: press releases), first-person pronouns ("we", "our", "I") stand
   for it. A news outlet's "we" is left alone: there it is nearly always a quoted speaker.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.actors.coref import resolve_coreference
from claimgraph.actors.matching import (
    Entry,
    Match,
    TokenView,
    build_index,
    build_prefixes,
    find_matches,
    normalize,
    tokenize,
)
from claimgraph.actors.tables import Tables, load_tables
from claimgraph.nlp.model import doc_text
from claimgraph.records import Actor, ActorId, Mention
from claimgraph.vocab import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

#: NER labels kept as ad-hoc actors when no table form covers them.
NER_LABELS = {
    "PERSON": ActorKind.PERSON,
    "ORG": ActorKind.ORGANIZATION,
    "NORP": ActorKind.OTHER,
    "GPE": ActorKind.OTHER,
    "FAC": ActorKind.OTHER,
}
#: NER labels that confirm a place/group reading of an ambiguous state name ("Turkey").
PLACE_LABELS = frozenset({"GPE", "NORP", "ORG", "LOC", "FAC"})
#: Words allowed between a state and a title, or a title and a name ("Taiwan's Vice Foreign
#: Minister", "then-President"); any of them except the possessive blocks office resolution.
TITLE_MODIFIERS = frozenset(
    {
        "'s",
        "former",
        "Former",
        "then",
        "late",
        "new",
        "Vice",
        "vice",
        "Deputy",
        "deputy",
        "acting",
        "Acting",
        "incoming",
        "outgoing",
        "-",
        "interim",
        "Interim",
    }
)
POSSESSIVE = frozenset({"'s", "’s"})
#: Sector of a person reached through a title (all titles in the table are offices of state).
TITLE_SECTOR = "GOV"
#: Dependency relations by which a state word modifies the noun that gives its sector.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: A sentence counts as written in capitals above this share of upper-case letters (headline
#: style, where "US" may be the pronoun): 0.8 keeps mixed-case sentences with acronyms out.
CAPS_SHARE = 0.8
#: Nouns by which a leader's name stands for the state's government ("the Assad regime").
REGIME_NOUNS = frozenset({"regime", "dictatorship", "government", "administration", "junta"})
#: First-person pronouns that stand for an institutional publisher (press releases).
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
#: Actor kinds whose publications speak in their own voice ("we condemn", "our partners").
PUBLISHER_KINDS = frozenset({ActorKind.STATE, ActorKind.IGO, ActorKind.ARMED_GROUP})
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


def slugify(text: str) -> str:
    """Stable id for an ad-hoc actor: ``"Nikolai Tanaev"`` -> ``"nikolai-tanaev"``."""
    return _SLUG_RE.sub("-", normalize(_LEADING_THE.sub("", text)).lower()).strip("-")


@dataclass(slots=True)
class _Item:
    """A table match or an NER span in token space, before composition."""

    start_i: int
    end_i: int
    kind: str  # "state", "org", "person", "title", "ner"
    entries: list[Entry]
    label: str = ""  # NER label for kind "ner"


@dataclass(slots=True)
class _Built:
    start_i: int
    end_i: int
    actor: Actor
    via: str
    plural: bool = False


class ActorResolver:
    """Resolve actor mentions over a spaCy ``Doc`` and free actor phrases (see module doc)."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._index = build_index(tables)
        self._prefixes = build_prefixes(self._index)
        self._surface: dict[str, list[str]] = {}
        for key, entries in self._index.items():
            for entry in entries:
                if entry.target != "title":
                    self._surface.setdefault(entry.id, []).append(key)
        self._offices_by_person: dict[str, list[tuple[str, str, dt.date, dt.date | None]]] = {}
        for term in tables.offices:
            self._offices_by_person.setdefault(term.person_id, []).append(
                (term.office, term.polity, term.start, term.end)
            )

    # ---------------------------------------------------------------------------- public API

    def find_mentions(
        self,
        doc: Doc,
        *,
        published: dt.date | None = None,
        outlet: str | None = None,
        author: str | None = None,
    ) -> list[Mention]:
        """All actor mentions in ``doc``, sorted, non-overlapping, with coreference.

        ``outlet`` and ``author`` name who published the article; when one of them resolves
        to an institution (see ``publisher``), first-person pronouns resolve to it.
        """
        tokens = _doc_tokens(doc)
        matches = find_matches(
            doc_text(doc),
            tokens,
            self._index,
            prefixes=self._prefixes,
            accept=lambda e, i, j: self._accept(e, tokens, i, j),
        )
        items = [_Item(m.start_i, m.end_i, m.entries[0].target, m.entries) for m in matches]
        covered = {i for item in items for i in range(item.start_i, item.end_i)}
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS or any(i in covered for i in range(ent.start, ent.end)):
                continue
            if not any(char.isupper() for char in ent.text):
                continue
            items.append(_Item(ent.start, ent.end, "ner", [], ent.label_))
        items.sort(key=lambda item: item.start_i)
        built = self._compose(doc_text(doc), tokens, items, published=published, parsed=True)
        mentions = [
            Mention(
                start=tokens[b.start_i].start,
                end=tokens[b.end_i - 1].end,
                text=doc_text(doc)[tokens[b.start_i].start : tokens[b.end_i - 1].end],
                actor=b.actor,
                via=b.via,
            )
            for b in built
        ]
        plural = [b.plural for b in built]
        mentions = self._regimes(doc, mentions)
        resolved = resolve_coreference(
            doc, mentions, plural, descriptions=self._tables.descriptions, states=self._states
        )
        speaker = self.publisher(outlet, author, published=published)
        if speaker is None:
            return resolved
        return _first_person(doc, resolved, speaker, titles=self._tables.titles)

    def publisher(
        self, outlet: str | None, author: str | None = None, *, published: dt.date | None = None
    ) -> Actor | None:
        """The institution that publishes in its own voice, from the outlet or author name.

        "UK Government" -> GBR (GOV), "US State Department" -> USA (GOV), "CENTCOM" -> USA
        (MIL). ``None`` for news outlets, persons and names the tables do not know.
        """
        for name in (outlet, author):
            if not name:
                continue
            actor = self.lookup(name, published=published)
            if actor is None or actor.kind not in PUBLISHER_KINDS:
                continue
            if actor.kind is ActorKind.STATE and actor.sector is None:
                actor = _with_sector(actor, TITLE_SECTOR)
            return actor
        return None

    def _regimes(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A leader's name before a regime noun stands for the state's government."""
        out: list[Mention] = []
        for mention in mentions:
            actor = mention.actor
            if actor.kind is not ActorKind.PERSON or actor.country not in self._tables.states:
                out.append(mention)
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            end_i = span.end if span is not None else len(doc)
            if end_i < len(doc) and doc[end_i].text in POSSESSIVE:
                end_i += 1
            if end_i >= len(doc) or doc[end_i].lower_ not in REGIME_NOUNS:
                out.append(mention)
                continue
            noun = doc[end_i]
            end = noun.idx + len(noun.text)
            government = _with_sector(self._states(actor.country), TITLE_SECTOR)
            out.append(
                Mention(
                    mention.start, end, doc_text(doc)[mention.start : end], government, "metonym"
                )
            )
        return out

    def lookup(self, text: str, *, published: dt.date | None = None) -> Actor | None:
        """Resolve a free actor phrase ("Israeli police", "the Kremlin", "Lavrov")."""
        tokens = tokenize(text)
        if not tokens:
            return None
        matches = find_matches(
            text,
            tokens,
            self._index,
            prefixes=self._prefixes,
            accept=lambda e, i, j: self._accept(e, tokens, i, j),
        )
        items = [_Item(m.start_i, m.end_i, m.entries[0].target, m.entries) for m in matches]
        items.extend(self._capitalized_runs(tokens, items))
        items.sort(key=lambda item: item.start_i)
        built = self._compose(text, tokens, items, published=published, parsed=False)
        if not built:
            return None
        persons = [b for b in built if b.actor.kind is ActorKind.PERSON and b.via != "ner"]
        known = [b for b in built if b.via != "ner"]
        head = (persons or known or built)[0]
        actor = head.actor
        if actor.kind is ActorKind.STATE and actor.sector is None:
            sector = self._phrase_sector(tokens, head)
            if sector is not None:
                actor = _with_sector(actor, sector)
        return actor

    def get(self, actor_id: str) -> Actor | None:
        """The canonical actor for an id (ISO3 or slug), or None when unknown."""
        if actor_id in self._tables.states:
            return self._states(actor_id)
        org = self._tables.organizations.get(actor_id)
        if org is not None:
            return Actor(ActorId(org.id), org.name, org.kind, org.country, org.sector)
        person = self._tables.persons.get(actor_id)
        if person is not None:
            return Actor(
                ActorId(person.id), person.name, ActorKind.PERSON, person.country, person.sector
            )
        return None

    def search(self, query: str, *, limit: int = 20) -> list[Actor]:
        """Actors whose name or an alias starts with ``query`` (case-insensitive)."""
        needle = normalize(query).lower()
        if not needle:
            return []
        found: list[Actor] = []
        seen: set[str] = set()
        for actor_id in sorted(self._surface, key=lambda key: (len(key) > 3, key)):
            if actor_id in seen:
                continue
            forms = [form.lower() for form in self._surface[actor_id]]
            if any(form.startswith(needle) or form.startswith("the " + needle) for form in forms):
                actor = self.get(actor_id)
                if actor is not None:
                    found.append(actor)
                    seen.add(actor_id)
        found.sort(key=lambda actor: (not actor.name.lower().startswith(needle), actor.name))
        return found[:limit]

    def aliases(self, actor_id: str) -> list[str]:
        """Every surface form that resolves to ``actor_id`` (sorted, without case variants)."""
        forms = self._surface.get(actor_id, [])
        return sorted(set(forms), key=lambda form: (form.lower(), form))

    # ------------------------------------------------------------------------- context checks

    def _accept(self, entry: Entry, tokens: Sequence[TokenView], i: int, j: int) -> bool:
        first, last = tokens[i], tokens[j - 1]
        span_text = " ".join(token.text for token in tokens[i:j])
        if first.sent_caps and span_text.isupper() and len(span_text) <= 3:
            return False  # "US" in a headline written in capitals may be the pronoun
        in_longer_person = (
            first.ent == "PERSON"
            and first.ent_span == last.ent_span
            and (first.ent_span[0] < i or first.ent_span[1] > j)
        )
        if entry.check == "person" or entry.surname:
            if in_longer_person and not self._name_fits(entry, tokens, first.ent_span):
                return False
            if not first.ent and _next_is_capitalized_name(tokens, i, j):
                return entry.target == "person" and not entry.surname
            if _after_honorific(tokens, i) and entry.target == "state":
                return False
        if entry.target == "state" and entry.sector is None and self._ends_org_name(tokens, i, j):
            return False  # "Air France", "Ford Australia": the state names a company
        if entry.check == "common" and first.lemma:  # parsed text: ask NER and the parse
            if first.ent not in PLACE_LABELS and (first.sent_start or first.pos != "PROPN"):
                return False
            head = tokens[last.head]
            if (
                last.dep == "compound"
                and head.pos == "NOUN"
                and head.lemma.lower() not in self._tables.sector_nouns
            ):
                return False  # "Turkey sandwiches", "Guinea pigs": a modifier of a thing
        return True

    def _ends_org_name(self, tokens: Sequence[TokenView], i: int, j: int) -> bool:
        """The state name ``tokens[i:j]`` ends an organization entity whose other words are
        capitalized names no table knows ("Air France", "Ford Australia", "Team Estonia"),
        not "the Government of France" or "the US State Department"."""
        first = tokens[i]
        start, end = first.ent_span
        if first.ent != "ORG" or end != j or start >= i:
            return False
        words = [token.text for token in tokens[start:i]]
        if words[0].lower() == "the":
            words = words[1:]
        return bool(words) and all(
            word[:1].isupper() and word.isalpha() and normalize(word) not in self._index
            for word in words
        )

    def _name_fits(self, entry: Entry, tokens: Sequence[TokenView], span: tuple[int, int]) -> bool:
        """A surname inside a longer PERSON entity is fine when the entity is that person."""
        if entry.target != "person":
            return False
        person = self._tables.persons[entry.id]
        names = {
            normalize(word) for form in (person.name, *person.aliases) for word in form.split()
        }
        return all(
            normalize(token.text) in names or len(token.text) <= 2 or token.text.endswith(".")
            for token in tokens[span[0] : span[1]]
        )

    # ---------------------------------------------------------------------------- composition

    def _compose(
        self,
        text: str,
        tokens: Sequence[TokenView],
        items: list[_Item],
        *,
        published: dt.date | None,
        parsed: bool,
    ) -> list[_Built]:
        built: list[_Built] = []
        k = 0
        while k < len(items):
            item = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            after = items[k + 2] if k + 2 < len(items) else None
            if item.kind == "state" and nxt is not None and nxt.kind == "title":
                gap = _gap(tokens, item.end_i, nxt.start_i)
                if gap is not None:
                    office = nxt.entries[0].id
                    iso3 = item.entries[0].id
                    person = self._name_after(tokens, nxt, after)
                    if person is not None:
                        built.append(
                            self._person(
                                item.start_i,
                                person,
                                office=office,
                                iso3=iso3,
                                published=published,
                                text=text,
                                tokens=tokens,
                            )
                        )
                        k += 3
                        continue
                    modified = any(tokens[i].text not in POSSESSIVE for i in range(*gap))
                    built.append(
                        self._office(item, nxt, office, iso3, published, exact=not modified)
                    )
                    k += 2
                    continue
            if item.kind == "title":
                person = self._name_after(tokens, item, nxt)
                if person is not None:
                    office = item.entries[0].id
                    built.append(
                        self._person(
                            item.start_i,
                            person,
                            office=office,
                            iso3=None,
                            published=published,
                            text=text,
                            tokens=tokens,
                        )
                    )
                    k += 2
                    continue
                k += 1
                continue
            one = self._single(item, text, tokens, published=published, parsed=parsed)
            if one is not None:
                built.append(one)
            k += 1
        return built

    def _name_after(
        self, tokens: Sequence[TokenView], title: _Item, nxt: _Item | None
    ) -> _Item | None:
        if nxt is None or _gap(tokens, title.end_i, nxt.start_i) is None:
            return None
        if nxt.kind == "person" or (nxt.kind == "ner" and nxt.label == "PERSON"):
            return nxt
        return None

    def _person(
        self,
        start_i: int,
        item: _Item,
        *,
        office: str | None,
        iso3: str | None,
        published: dt.date | None,
        text: str,
        tokens: Sequence[TokenView],
    ) -> _Built:
        if item.kind == "person":
            person_id = self._pick_person(item.entries, office=office, polity=iso3, day=published)
            actor = self.get(person_id)
            if actor is not None:
                return _Built(start_i, item.end_i, actor, "name")
        name = text[tokens[item.start_i].start : tokens[item.end_i - 1].end]
        actor = Actor(ActorId(slugify(name)), name, ActorKind.PERSON, iso3, TITLE_SECTOR)
        return _Built(start_i, item.end_i, actor, "ner")

    def _pick_person(
        self,
        entries: list[Entry],
        *,
        office: str | None,
        polity: str | None,
        day: dt.date | None,
    ) -> str:
        candidates = [entry.id for entry in entries if entry.target == "person"]
        if len(candidates) == 1:
            return candidates[0]

        def score(person_id: str) -> tuple[int, int, int]:
            terms = self._offices_by_person.get(person_id, [])
            fitting = [
                t for t in terms if (office is None or t[0] == office) and polity in (None, t[1])
            ]
            if not fitting:
                return (1, 0, candidates.index(person_id))
            if day is None:
                return (0, 0, candidates.index(person_id))
            distance = min(_term_distance(t[2], t[3], day) for t in fitting)
            return (0, distance, candidates.index(person_id))

        return min(candidates, key=score)

    def _office(
        self,
        state: _Item,
        title: _Item,
        office: str,
        iso3: str,
        published: dt.date | None,
        *,
        exact: bool,
    ) -> _Built:
        if exact and published is not None:
            holders = [
                term.person_id
                for term in self._tables.offices
                if term.polity == iso3 and term.office == office and term.holds_on(published)
            ]
            if len(holders) == 1:
                holder = self.get(holders[0])
                if holder is not None:
                    return _Built(state.start_i, title.end_i, holder, "office")
        government = _with_sector(self._states(iso3), TITLE_SECTOR)
        return _Built(state.start_i, title.end_i, government, "office")

    def _single(
        self,
        item: _Item,
        text: str,
        tokens: Sequence[TokenView],
        *,
        published: dt.date | None,
        parsed: bool,
    ) -> _Built | None:
        if item.kind == "ner":
            name = _LEADING_THE.sub(
                "", text[tokens[item.start_i].start : tokens[item.end_i - 1].end]
            )
            slug = slugify(name)
            if not slug:
                return None
            actor = Actor(ActorId(slug), name, NER_LABELS[item.label])
            return _Built(item.start_i, item.end_i, actor, "ner")
        entry = item.entries[0]
        if item.kind == "person":
            person_id = self._pick_person(item.entries, office=None, polity=None, day=published)
            person = self.get(person_id)
            return None if person is None else _Built(item.start_i, item.end_i, person, "name")
        if item.kind == "org":
            org = self.get(entry.id)
            return None if org is None else _Built(item.start_i, item.end_i, org, entry.via)
        actor = self._states(entry.id)
        plural = entry.via == "demonym" and tokens[item.end_i - 1].text.endswith("s")
        if entry.sector is not None:
            actor = _with_sector(actor, entry.sector)
        elif parsed:
            sector, noun_plural = self._modified_sector(tokens, item)
            if (
                sector is None
                and entry.via == "capital"
                and tokens[item.end_i - 1].dep in SUBJECT_DEPS
            ):
                sector = TITLE_SECTOR  # "Moscow said": the capital stands for the government
            if sector is not None:
                actor = _with_sector(actor, sector)
                plural = noun_plural
        return _Built(item.start_i, item.end_i, actor, entry.via, plural)

    # --------------------------------------------------------------------------------- sectors

    def _modified_sector(self, tokens: Sequence[TokenView], item: _Item) -> tuple[str | None, bool]:
        """Sector of the noun a state word modifies, from the parse ("Russian troops")."""
        last = tokens[item.end_i - 1]
        if last.dep not in MODIFIER_DEPS or last.head < item.end_i:
            return None, False
        head = tokens[last.head]
        modifiers = [
            tokens[t.i].lemma.lower()
            for t in tokens[item.end_i : head.i]
            if t.head == head.i and t.dep in ("amod", "compound")
        ]
        candidates = [
            " ".join([*modifiers[-1:], head.lemma.lower()]),
            head.lemma.lower(),
            head.text.lower(),
        ]
        for candidate in candidates:
            sector = self._tables.sector_nouns.get(candidate)
            if sector is not None:
                return sector, head.tag in ("NNS", "NNPS")
        return None, False

    def _phrase_sector(self, tokens: Sequence[TokenView], head: _Built) -> str | None:
        """Sector from the nouns of a free phrase outside the head mention ("Afghan civilians")."""
        order = [*range(head.end_i, len(tokens)), *range(head.start_i - 1, -1, -1)]
        nouns = self._tables.sector_nouns
        for i in order:
            word = tokens[i].text
            if not word[:1].isalpha() or word in POSSESSIVE:
                continue
            if i + 1 < len(tokens):
                pair = f"{word.lower()} {tokens[i + 1].text.lower()}"
                for form in _singulars(pair):
                    if form in nouns:
                        return nouns[form]
            for form in _singulars(word.lower()):
                if form in nouns:
                    return nouns[form]
            if self._tables.titles.get(word) is not None:
                return TITLE_SECTOR
        return None

    def _capitalized_runs(self, tokens: Sequence[TokenView], items: list[_Item]) -> list[_Item]:
        """Pseudo-NER for a free phrase: runs of capitalized words no table form covers."""
        covered = {i for item in items for i in range(item.start_i, item.end_i)}
        runs: list[_Item] = []
        i = 0
        while i < len(tokens):
            if i in covered or not _is_name_word(tokens[i].text):
                i += 1
                continue
            j = i
            while j < len(tokens) and j not in covered and _is_name_word(tokens[j].text):
                j += 1
            after_title = any(
                item.kind == "title" and _gap(tokens, item.end_i, i) is not None for item in items
            )
            runs.append(_Item(i, j, "ner", [], "PERSON" if after_title else "ORG"))
            i = j
        return runs

    def _states(self, iso3: str) -> Actor:
        return _state_actor(self._tables, iso3)


@lru_cache(maxsize=512)
def _state_actor_cached(iso3: str, name: str) -> Actor:
    return Actor(ActorId(iso3), name, ActorKind.STATE, iso3, None)


def _state_actor(tables: Tables, iso3: str) -> Actor:
    return _state_actor_cached(iso3, tables.states[iso3].name)


def _with_sector(actor: Actor, sector: str) -> Actor:
    return Actor(actor.id, actor.name, actor.kind, actor.country, sector)


def _term_distance(start: dt.date, end: dt.date | None, day: dt.date) -> int:
    if day < start:
        return (start - day).days
    if end is not None and day >= end:
        return (day - end).days
    return 0


def _gap(tokens: Sequence[TokenView], end_i: int, start_i: int) -> tuple[int, int] | None:
    """The token range between two items when only title modifiers separate them."""
    if start_i < end_i:
        return None
    if all(normalize(tokens[i].text) in TITLE_MODIFIERS for i in range(end_i, start_i)):
        return (end_i, start_i)
    return None


def _next_is_capitalized_name(tokens: Sequence[TokenView], i: int, j: int) -> bool:
    """ "Jordan Peterson", "Chad Smith": a capitalized non-title word follows a name."""
    if j >= len(tokens):
        return False
    word = tokens[j].text
    return _is_name_word(word) and not tokens[j].sent_start


def _after_honorific(tokens: Sequence[TokenView], i: int) -> bool:
    return i > 0 and tokens[i - 1].text in {"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr"}


#: Capitalized words that never start a name in a free phrase.
_NOT_NAME = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "Of",
        "And",
        "For",
        "On",
        "At",
        "By",
        "To",
        "With",
        "Senior",
        "Former",
        "Ethnic",
        "Official",
        "Rebels",
        "Security",
        "Militants",
        "Prisoners",
        "Doctors",
        "Judge",
        "General",
        "Gen",
        "Lt",
        "Col",
        "Vice",
        "Deputy",
        "Planning",
        "Minister",
    }
)


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word[1:2].islower() and word not in _NOT_NAME


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _first_person(
    doc: Doc, mentions: list[Mention], speaker: Actor, *, titles: Mapping[str, object]
) -> list[Mention]:
    """Add a mention of ``speaker`` for every first-person pronoun no mention covers, and
    for a bare title no antecedent resolved ("The Prime Minister met ..." in a government's
    own release is its prime minister)."""
    taken = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []
    for token in doc:
        if any(start <= token.idx < end for start, end in taken):
            continue
        if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
            end = token.idx + len(token.text)
            added.append(Mention(token.idx, end, token.text, speaker, "publisher"))
            continue
        if token.lower_ != "the" or speaker.kind is not ActorKind.STATE:
            continue
        for width in (2, 1):
            end_i = token.i + 1 + width
            if end_i > len(doc) or doc[token.i + 1 : end_i].text not in titles:
                continue
            if end_i < len(doc) and (doc[end_i].lower_ == "of" or doc[end_i].pos_ == "PROPN"):
                break  # "the President of France", "the Prime Minister Theresa May"
            start, end = token.idx, doc[end_i - 1].idx + len(doc[end_i - 1].text)
            added.append(Mention(start, end, doc_text(doc)[start:end], speaker, "publisher"))
            break
    return sorted([*mentions, *added], key=lambda m: m.start)


def _doc_tokens(doc: Doc) -> list[TokenView]:
    ent_of: dict[int, tuple[str, tuple[int, int]]] = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = (ent.label_, (ent.start, ent.end))
    caps: dict[int, bool] = {}
    for sent in doc.sents:
        letters = [char for char in sent.text if char.isalpha()]
        upper = sum(char.isupper() for char in letters)
        caps[sent.start] = bool(letters) and upper / len(letters) > CAPS_SHARE
    views: list[TokenView] = []
    sent_caps = False
    for token in doc:
        if token.is_sent_start:
            sent_caps = caps.get(token.i, False)
        label, span = ent_of.get(token.i, ("", (-1, -1)))
        views.append(
            TokenView(
                i=token.i,
                start=token.idx,
                end=token.idx + len(token.text),
                text=token.text,
                lemma=token.lemma_,
                tag=token.tag_,
                pos=token.pos_,
                dep=token.dep_,
                head=token.head.i,
                ent=label,
                ent_span=span,
                sent_start=bool(token.is_sent_start),
                sent_caps=sent_caps,
            )
        )
    return views


@lru_cache(maxsize=1)
def load_resolver() -> ActorResolver:
    """The resolver over the packaged tables (built once per process)."""
    return ActorResolver(load_tables())


__all__ = ["ActorResolver", "Match", "load_resolver", "slugify"]
