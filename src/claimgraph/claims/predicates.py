"""Event predicates over a parsed ``Doc``: triggers, PLOVER type and mode, agent and patient.

Triggers are verbs (``verb_classes.tsv``) and nominalizations (``nominalizations.tsv``).
Arguments come from the dependency parse:

- active verbs: ``nsubj`` -> agent; ``dobj``, then ``dative``, then the object of
  to/against/on/with/at/into -> patient. Recipient verbs (supply, deliver, sell, give, send,
  provide) take the ``dative`` or the object of "to" as patient, the direct object only when
  neither is present.
- passives: ``nsubjpass`` -> patient, the ``agent`` "by" object -> agent; participles
  ("fighters trained by Wagner") take the modified noun as patient.
- a missing subject is inherited through ``conj`` (shared subject), ``xcomp`` (control:
  "agreed to supply"; object control for "urge/ask/help X to"), ``relcl``/``acl`` (the
  modified noun: "Hamas, which attacked Israel"; "a deal to sell": the subject of the verb
  governing "deal"), and a relative pronoun subject resolves to the modified noun.
- nominalizations: ``poss``, a left ``compound`` name or a nationality adjective, or a
  by/from object -> agent; the object of the noun's patient prepositions -> patient
  ("Russia's invasion of Ukraine", "the Hamas attack on Israel", "support for Hamas").
  "between X and Y" gives agent X and patient Y.
- light verbs ("give support", "launch an attack", "hold talks", "impose sanctions on")
  yield the noun's predicate with the verb's subject as agent and the verb's dative or
  prepositional object as patient when the noun has none.
- coordinated (``conj``) agents and patients give one predicate per pair.

Reporting verbs (say, report, tell) are not in the verb table: attribution handles them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from claimgraph.claims.tables import (
    PhrasalVerb,
    load_light_verbs,
    load_mode_cues,
    load_noun_classes,
    load_phrasal_verbs,
    load_stance_verbs,
    load_verb_classes,
)
from claimgraph.records import Predicate
from claimgraph.vocab import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

#: Prepositions whose object is the patient of a (non-recipient) event verb.
VERB_PATIENT_PREPS = frozenset({"to", "against", "on", "with", "at", "into", "upon", "toward"})
#: Prepositions whose object is the patient of a recipient verb (supply X to Y).
RECIPIENT_PREPS = frozenset({"to"})
#: Prepositions whose object is the agent of a nominalization ("support from Iran").
NOUN_AGENT_PREPS = frozenset({"by", "from"})
#: Children left out of an argument phrase (they start other clauses or other arguments).
PHRASE_EXCLUDED_DEPS = frozenset(
    {"relcl", "acl", "punct", "cc", "conj", "advcl", "parataxis", "prep", "appos", "dep"}
)
#: Prepositional modifiers kept inside an argument phrase ("the leader of Hamas").
PHRASE_KEPT_PREPS = frozenset({"of"})
#: Relative pronouns that stand for the noun a relative clause modifies.
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
#: Verbs whose object controls an xcomp subject ("urged Iran to stop", "helped Hamas plan").
OBJECT_CONTROL = frozenset({"urge", "ask", "help", "assist", "force", "press", "call", "persuade"})
#: Clause children whose subtrees are other predicates' context, not this one's.
CONTEXT_EXCLUDED_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "ccomp", "advcl", "relcl", "conj", "parataxis", "cc"}
)

#: Left children of a participle adjective that name its agent in a compound modifier
#: ("Iranian-sponsored group", "Iran-backed militias").
COMPOUND_AGENT_DEPS = frozenset({"npadvmod", "compound", "nmod", "advmod", "amod", "nsubj"})
#: Verbs whose "in" object is an event the subject takes part in ("participated in the
#: training of", "was involved in the attack", "engaged in talks with").
PARTICIPATION_VERBS = frozenset(
    {"participate", "engage", "involve", "join", "take", "assist", "be", "remain", "stay"}
)
#: Verbs whose subject undergoes the event noun they take, done by the noun's (or the verb's)
#: "from"/"by" object: "came to receive fire from rebels", "received support from Japan".
RECEIVING_VERBS = frozenset({"receive", "suffer", "face", "endure", "sustain"})

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Children of a verb that can carry the particle of a phrasal verb ("call for", "open fire").
PARTICLE_DEPS = frozenset({"prt", "prep", "dobj", "advmod", "agent"})
#: Entity labels of words that are never an actor argument ("called on Friday for ...").
NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORDINAL"})
#: Entity labels that mark an actor ("provided funding to Lebanon": Lebanon, not funding).
ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Prepositions inside an object phrase whose actor object is the event's patient.
EMBEDDED_PATIENT_PREPS = frozenset({"of", "to", "with", "on", "against", "for"})
#: Prepositions that give the destination of a recipient verb ("sent troops into Syria").
DESTINATION_PREPS = frozenset({"in", "into"})
#: Pronouns that stand for the subject of the reporting clause above them ("Slovakia says
#: it will not accept ..." -> Slovakia).
REPORTED_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
#: Verbs whose infinitive complement did not happen: "failed to co-operate with" is a refusal.
FAILURE_VERBS = frozenset({"fail", "neglect"})
#: Cooperative types that a failure verb turns into REJECT.
FAILED_TYPES = frozenset(
    {PloverType.COOPERATE, PloverType.AGREE, PloverType.SUPPORT, PloverType.AID, PloverType.CONSULT}
)
#: Phrasal verbs whose agent and patient act on each other ("exchanged fire with"): one
#: predicate each way.
RECIPROCAL_PHRASALS = frozenset({("exchange", "fire")})
#: Prepositions whose object is the cause of a stance verb ("alarmed at", "concerned by").
STANCE_CAUSE_PREPS = frozenset({"by", "at", "about", "over", "with"})
#: Agent nouns naming who supports whom ("Russia, the regime's main backer"): the named
#: backer SUPPORTs the possessor or "of" object.
BACKER_NOUNS = frozenset({"backer", "supporter", "sponsor", "patron", "financier", "protector"})
#: Prepositions (and participles) that name members of a plural agent noun ("backers,
#: including Russia", "sponsors such as Iran").
MEMBER_PREPS = frozenset({"including", "like", "as", "notably", "especially"})
#: Nouns that count events without changing them ("a round of talks", "a series of
#: airstrikes"): a light verb governing them governs the event noun.
CONTAINER_NOUNS = frozenset({"round", "series", "wave", "spate", "string", "barrage", "volley"})
#: Verbs of taking whose "from" object is the one acted on ("seized the airport from the
#: rebels", "retook the town from ISIL").
TAKING_VERBS = frozenset({"seize", "capture", "retake", "recapture", "liberate", "wrest"})
#: Prepositions whose actor object stands for a group noun ("officials from Japan").
ORIGIN_PREPS = frozenset({"from"})


def classify_trigger(
    lemma: str, *, context: Iterable[str] = (), nominal: bool = False
) -> tuple[PloverType, str | None] | None:
    """The PLOVER type and mode of a trigger lemma, or ``None`` if it is not an event word.

    ``context`` holds the lower-cased lemmas around the trigger (its objects, adverbs,
    modifiers): a cue from ``modes.tsv`` can change the type ("supply drones" -> AID/military,
    "support X diplomatically" -> SUPPORT/diplomatic). ``nominal`` looks the lemma up in the
    nominalization table first (then the verb table), else the verb table first.
    """
    key = lemma.lower()
    verbs = load_verb_classes()
    nouns = load_noun_classes()
    found: tuple[PloverType, str | None] | None = None
    order = (nouns, verbs) if nominal else (verbs, nouns)
    for table in order:
        row = table.get(key)
        if row is not None:
            found = (row.type, row.mode)
            break
    if found is None:
        return None
    words = {word.lower() for word in context}
    for cue in load_mode_cues():
        if cue.cue in words and found[0] in cue.applies_to:
            return cue.type, cue.mode
    return found


def phrase_span(token: Token) -> tuple[int, int]:
    """Character span of the head-based phrase of ``token`` (no clauses, conjuncts, PPs)."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in PHRASE_EXCLUDED_DEPS and not (
            child.dep_ == "prep" and child.lower_ in PHRASE_KEPT_PREPS
        ):
            continue
        if child.dep_ == "punct":
            continue
        tokens.extend(child.subtree)
    start_i = min(t.i for t in tokens)
    end_i = max(t.i for t in tokens)
    doc = token.doc
    # Trim punctuation at the edges ("Hamas ," or quotes).
    while start_i < end_i and doc[start_i].is_punct:
        start_i += 1
    while end_i > start_i and doc[end_i].is_punct:
        end_i -= 1
    return doc[start_i].idx, doc[end_i].idx + len(doc[end_i].text)


def _is_actor_like(token: Token) -> bool:
    """A named actor, a personal pronoun, or a noun modified by a nationality or name."""
    if token.ent_type_ in ACTOR_ENTS or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ not in ("it", "this", "that", "what", "which")
    return any(
        child.dep_ in ("amod", "compound", "poss") and child.ent_type_ in ACTOR_ENTS
        for child in token.children
    )


def _is_amount(token: Token) -> bool:
    """A date, number or amount that is not an actor ("on Friday", "$90 million"), unless
    it quantifies an "of" phrase ("hundreds of banks")."""
    if token.ent_type_ not in NON_ACTOR_ENTS and token.pos_ != "NUM":
        return False
    return not any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children)


def _embedded_actor(token: Token, preps: frozenset[str]) -> Token | None:
    """An actor-like object of one of ``preps`` inside the phrase of a non-actor object:
    "lifted the blockade of Qatar" -> Qatar, "shared evidence with Chinese counterparts"."""
    for sub in token.subtree:
        if (
            sub.dep_ == "pobj"
            and sub.head.lower_ in preps
            and sub.head.head.pos_ in ("NOUN", "NUM", "PROPN")
            and _is_actor_like(sub)
        ):
            return sub
    return None


def _appositive(token: Token) -> Token:
    """A common noun with a named apposition stands for the name: "the Kremlin's mercenary
    outfit, the Africa Corps" -> the Africa Corps; "the group, Hamas" -> Hamas."""
    if token.pos_ != "NOUN" or token.ent_type_:
        return token
    for child in token.children:
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ in ACTOR_ENTS):
            return child
    return token


def _pick_patient(candidates: Sequence[Token]) -> list[Token]:
    """The patient among candidate objects, in order of preference: the first actor-like one,
    then an actor inside the first object's phrase, else the first that is not a date,
    number or amount; empty when none is left."""
    candidates = [_appositive(t) for t in candidates]
    usable = [t for t in candidates if not _is_amount(t)]
    for token in usable:
        if _is_actor_like(token):
            return [token]
    for token in usable:
        # "support their efforts", "condemned the junta's crackdown": the possessor
        owners = [c for c in token.children if c.dep_ == "poss" and _is_actor_like(c)]
        if owners and token.pos_ == "NOUN":
            return owners[:1]
    for token in candidates:
        embedded = _embedded_actor(token, EMBEDDED_PATIENT_PREPS)
        if embedded is not None:
            return [embedded]
    return usable[:1]


def _reporting_subject(verb: Token, agent: Token) -> Token:
    """A pronoun subject of a reported clause stands for the reporter ("X says it will")."""
    if agent.pos_ != "PRON" or agent.lower_ not in REPORTED_PRONOUNS:
        return agent
    head = verb
    while head.dep_ in ("conj", "xcomp") and head.head != head:
        head = head.head
    if head.dep_ != "ccomp" or head.head.pos_ not in ("VERB", "AUX"):
        return agent
    subjects = [c for c in head.head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")]
    return subjects[0] if subjects else agent


def _phrasal(verb: Token) -> PhrasalVerb | None:
    """The phrasal-verb row of ``verb`` whose particle is one of its children, if any."""
    table = load_phrasal_verbs()
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in PARTICLE_DEPS:
            row = table.get((lemma, child.lower_))
            if row is not None:
                return row
    return None


def _conjuncts(token: Token) -> list[Token]:
    """The token and its coordinated siblings ("Russia and Iran")."""
    out = [token]
    for conj in token.conjuncts:
        if conj not in out and conj.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            out.append(_appositive(conj))
    return sorted(out, key=lambda t: t.i)


def _resolve_relative(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


def _children(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [child for child in token.children if child.dep_ in wanted]


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out.extend(_children(child, ("pobj",)))
    return out


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


def _governing_clause(verb: Token) -> Token | None:
    """The verb whose subject an infinitive shares: a purpose clause ("the UK is working
    with partners to defeat ISIL") or the complement of an adjective ("remains committed to
    working with", "is ready to supply")."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "advcl" and infinitive and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head
    adjective = verb.head
    if verb.dep_ == "pcomp" and adjective.pos_ == "ADP" and adjective.head.pos_ == "ADJ":
        adjective = adjective.head  # "was instrumental in training", "is keen on selling"
    if verb.dep_ in ("xcomp", "pcomp") and adjective.pos_ == "ADJ":
        head = adjective
        while head.dep_ in ("prep", "acomp", "pcomp") and head.head != head:
            head = head.head
        if head.pos_ in ("VERB", "AUX") and head != verb:
            return head
    return None


def _passive_controller(verb: Token) -> Token | None:
    """The complement of a passive verb is done by the passive subject: "the frigate is
    committed to working with ...", "Kyiv was asked to withdraw" -> the frigate, Kyiv."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head
    elif verb.dep_ != "xcomp":
        return None
    if head.pos_ != "VERB" or head.tag_ != "VBN" or head == verb:
        return None
    subjects = _children(head, ("nsubjpass",))
    return _appositive(_resolve_relative(subjects[0])) if subjects else None


def _conjunct_subject(head: Token, *, depth: int) -> Token | None:
    """The subject a coordinated verb shares with ``head``; the subject of a passive head
    without a by-agent ("the instructors were transferred to Gaza and trained fighters")."""
    shared = _children(head, ("nsubjpass",))
    if shared and not _prep_objects(head, frozenset({"by"})):
        return _resolve_relative(shared[0])
    return _clause_subject(head, depth=depth + 1)


def _clause_subject(verb: Token, *, depth: int = 0) -> Token | None:
    """The agent-side subject of a verb, inherited through conj/xcomp/relcl/acl links."""
    if depth > 4:
        return None
    if _is_passive(verb):
        agents = _prep_objects(verb, frozenset({"by"}))
        if agents:
            return agents[0]
    else:
        subjects = _children(verb, SUBJECT_DEPS)
        if subjects:
            return _appositive(_resolve_relative(subjects[0]))
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _conjunct_subject(verb.head, depth=depth)
    passive_subject = _passive_controller(verb)
    if passive_subject is not None:
        return passive_subject
    governing = _governing_clause(verb)
    if governing is not None:
        return _clause_subject(governing, depth=depth + 1)
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            objects = _children(head, ("dobj",))
            if objects:
                return objects[0]
        if verb.dep_ == "xcomp":
            return _clause_subject(head, depth=depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.dep_ in ("dobj", "pobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            # "is considering a deal to sell": the subject of the verb governing "deal".
            governing = noun.head if noun.dep_ != "pobj" else noun.head.head
            if governing.pos_ in ("VERB", "AUX"):
                return _clause_subject(governing, depth=depth + 1)
        if verb.dep_ == "relcl":
            return noun
    if verb.pos_ == "VERB":
        possessors = _children(verb, ("poss",))  # gerund: "Iran's providing arms"
        if possessors:
            return possessors[0]
    return None


def _context_lemmas(token: Token, extra: Sequence[Token] = ()) -> list[str]:
    words: list[str] = []
    for child in list(token.children) + list(extra):
        if child.dep_ in CONTEXT_EXCLUDED_DEPS:
            continue
        words.extend(t.lemma_.lower() for t in child.subtree)
        words.extend(t.lower_ for t in child.subtree)
    return words


def _light_verb_noun(verb: Token) -> Token | None:
    """The event noun a light verb governs ("launch an attack"), if the table allows it."""
    allowed = load_light_verbs().get(verb.lemma_.lower())
    if allowed is None:
        return None
    nouns = load_noun_classes()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.pos_ == "NOUN":
            row = nouns.get(child.lower_) or nouns.get(child.lemma_.lower())
            if row is not None and row.type in allowed:
                return child
    return None


def _container_light_verb(noun: Token) -> Token | None:
    """The light verb above a counting noun: "held a round of talks" -> held."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of":
        return None
    container = prep.head
    if container.lemma_.lower() not in CONTAINER_NOUNS or container.dep_ not in (
        "dobj",
        "nsubjpass",
    ):
        return None
    verb = container.head
    allowed = load_light_verbs().get(verb.lemma_.lower())
    nouns = load_noun_classes()
    row = nouns.get(noun.lower_) or nouns.get(noun.lemma_.lower())
    if verb.pos_ != "VERB" or allowed is None or row is None or row.type not in allowed:
        return None
    return verb


def _governing_light_verb(noun: Token) -> Token | None:
    container = _container_light_verb(noun)
    if container is not None:
        return container
    head = noun.head
    if (
        noun.dep_ in ("dobj", "nsubjpass")
        and head.pos_ == "VERB"
        and head != noun
        and _light_verb_noun(head) == noun
    ):
        return head
    return None


def _make(
    doc: Doc,
    trigger: Token,
    *,
    lemma: str,
    typed: tuple[PloverType, str | None],
    agents: Sequence[Token],
    patients: Sequence[Token],
    nominal: bool,
    passive: bool,
) -> list[Predicate]:
    sent = trigger.sent
    agent_spans: list[tuple[int, int] | None] = [phrase_span(t) for t in agents] or [None]
    patient_spans: list[tuple[int, int] | None] = [phrase_span(t) for t in patients] or [None]
    # Coordinated agents and no patient act on each other ("Russia and Iran agreed to
    # cooperate"): reciprocal pairs.
    reciprocal = not patients and len(agents) >= 2
    if reciprocal:
        patient_spans = list(agent_spans)
    out: list[Predicate] = []
    for agent in agent_spans:
        for patient in patient_spans:
            if agent is not None and patient is not None and agent == patient:
                continue
            out.append(
                Predicate(
                    trigger_i=trigger.i,
                    trigger_start=trigger.idx,
                    trigger_end=trigger.idx + len(trigger.text),
                    trigger=trigger.text,
                    lemma=lemma,
                    type=typed[0],
                    mode=typed[1],
                    agent=agent,
                    patient=patient,
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                    nominal=nominal,
                    passive=passive,
                )
            )
    return out


def _origin(token: Token) -> list[Token]:
    """A plain group noun stands for the actors it comes from: "officials from Japan, South
    Korea and China" -> Japan, South Korea, China; otherwise the token itself."""
    if token.pos_ != "NOUN" or token.ent_type_ or any(c.dep_ == "poss" for c in token.children):
        return [token]
    for origin in _prep_objects(token, ORIGIN_PREPS):
        if origin.ent_type_ in ACTOR_ENTS:
            return _conjuncts(origin)
    return [token]


def _expand(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for token in [o for t in tokens for o in _origin(t)]:
        for conj in _conjuncts(token):
            if conj not in out:
                out.append(conj)
    return out


def _backer_predicates(doc: Doc, noun: Token) -> list[Predicate]:
    """ "X, the main backer of Y", "Y and its backers, notably X", "the backers of Y,
    including X": X SUPPORT Y. Needs both a named backer and a supported side."""
    if noun.lemma_.lower() not in BACKER_NOUNS:
        return []
    supported = [c for c in noun.children if c.dep_ == "poss"]
    supported = supported or _prep_objects(noun, frozenset({"of"}))
    backers = [
        c for c in noun.children if c.dep_ == "appos" and _is_actor_like(c) and c.pos_ != "PRON"
    ]
    backers = backers or [
        t for t in _prep_objects(noun, MEMBER_PREPS) if _is_actor_like(t) and t.pos_ != "PRON"
    ]
    if not backers and noun.dep_ == "appos" and _is_actor_like(noun.head):
        backers = [noun.head]
    if not supported or not backers:
        return []
    return _make(
        doc,
        noun,
        lemma=noun.lemma_.lower(),
        typed=(PloverType.SUPPORT, None),
        agents=_expand(backers),
        patients=_expand(supported[:1]),
        nominal=True,
        passive=False,
    )


def _fixed_object_partner(verb: Token, particle: str) -> list[Token]:
    """The "with" partner hanging off a phrasal verb's fixed object ("exchanged fire with
    X" -> X)."""
    fixed = [c for c in verb.children if c.lower_ == particle]
    return _pick_patient([t for c in fixed for t in _prep_objects(c, frozenset({"with"}))])


def _verb_lemma(verb: Token) -> str:
    """The verb's lemma, joining a hyphenated prefix split off by the tokenizer
    ("co-operate" -> "cooperate")."""
    lemma = verb.lemma_.lower()
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co":
        return "co" + lemma
    return lemma


def _failed(verb: Token, typed: tuple[PloverType, str | None]) -> tuple[PloverType, str | None]:
    """A cooperative event under a failure verb is a refusal ("failed to cooperate")."""
    if (
        verb.dep_ == "xcomp"
        and verb.head.lemma_.lower() in FAILURE_VERBS
        and typed[0] in FAILED_TYPES
    ):
        return PloverType.REJECT, None
    return typed


def _stance_predicates(doc: Doc, verb: Token) -> list[Predicate]:
    """A participle of feeling: its experiencer (the passive or copular subject) takes a
    stance toward the cause ("Norway was alarmed by the arrests" -> Norway ACCUSE)."""
    table = load_stance_verbs()
    row = table.get(verb.lemma_.lower()) or table.get(verb.lower_)
    participle = verb.tag_ == "VBN" or (verb.pos_ == "ADJ" and verb.dep_ == "acomp")
    if row is None or not participle:
        return []
    subjects = _children(verb, ("nsubjpass",))
    if not subjects and verb.dep_ == "acomp" and verb.head.pos_ == "AUX":
        subjects = _children(verb.head, ("nsubj",))
    if not subjects:
        return []
    agent = _reporting_subject(verb, _appositive(_resolve_relative(subjects[0])))
    causes = _pick_patient(_prep_objects(verb, STANCE_CAUSE_PREPS))
    if not causes:
        return []
    if causes[0].pos_ == "NOUN" and not causes[0].ent_type_:
        # "appalled by the attack by the regime", "alarmed at Pyongyang's launches": the
        # doer of the cause is the target.
        doer = _noun_agent(causes[0])
        causes = [doer] if doer is not None else causes
    return _make(
        doc,
        verb,
        lemma=row.lemma,
        typed=(row.type, None),
        agents=_expand([agent]),
        patients=_expand(causes),
        nominal=False,
        passive=False,
    )


def _verb_predicates(doc: Doc, verb: Token) -> list[Predicate]:
    lemma = _verb_lemma(verb)
    phrasal = _phrasal(verb)
    row = phrasal or load_verb_classes().get(lemma)
    if row is None:
        return _stance_predicates(doc, verb)
    if phrasal is None and _light_verb_noun(verb) is not None:
        return []  # the noun carries the event ("give support", "strike a deal")
    passive = _is_passive(verb)
    agent = _clause_subject(verb)
    if agent is not None:
        agent = _reporting_subject(verb, agent)
    patients: list[Token] = []
    if passive:
        patients = [_resolve_relative(t) for t in _children(verb, ("nsubjpass",))]
    elif (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and not _children(verb, ("nsubj", "aux"))  # "reports that ISIL has killed ..."
    ):
        patients = [_appositive(verb.head)]  # "Hamas fighters trained by Wagner"
        agent = next(iter(_prep_objects(verb, frozenset({"by"}))), None)
    elif verb.dep_ == "amod" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "the Iranian-sponsored group Hamas", "Iran-backed militias": the modifier before
        # the hyphen is the agent, the modified noun (or its apposition) the patient.
        agent = _compound_agent(verb)
        modified = verb.head
        if modified.dep_ == "compound" and modified.head.pos_ == "PROPN":
            modified = modified.head  # "Iranian-sponsored terrorist group Hamas"
        patients = [_appositive(modified)] if agent is not None else []
    else:
        datives = _children(verb, ("dative",))
        datives = [t for t in datives if t.pos_ != "ADP"] + _prep_objects(verb, RECIPIENT_PREPS)
        direct = _children(verb, ("dobj",))
        if phrasal is not None:
            direct = [t for t in direct if t.lower_ != phrasal.particle]
        if row.recipient:
            # "provided funding to Lebanon": the recipient may hang off the object.
            for obj in direct:
                datives.extend(
                    t
                    for t in obj.subtree
                    if t.dep_ == "pobj" and t.head.lower_ in RECIPIENT_PREPS and _is_actor_like(t)
                )
            places = [t for t in _prep_objects(verb, DESTINATION_PREPS) if t.ent_type_ == "GPE"]
            patients = _pick_patient(datives) or _pick_patient([*direct, *places])
        else:
            candidates = [*direct, *datives, *_prep_objects(verb, VERB_PATIENT_PREPS)]
            if lemma in TAKING_VERBS:
                holders = _prep_objects(verb, frozenset({"from"}))
                candidates = [t for t in holders if _is_actor_like(t)] + candidates
            if phrasal is not None:
                candidates += _prep_objects(verb, frozenset({phrasal.particle}))
            patients = _pick_patient(candidates)
    if phrasal is not None:
        typed: tuple[PloverType, str | None] | None = (phrasal.type, phrasal.mode)
        lemma = f"{lemma} {phrasal.particle}"
    else:
        typed = classify_trigger(lemma, context=_context_lemmas(verb))
    if typed is None:
        return []
    typed = _failed(verb, typed)
    agents = _expand([agent] if agent is not None else [])
    reciprocal = phrasal is not None and (phrasal.lemma, phrasal.particle) in RECIPROCAL_PHRASALS
    if reciprocal and phrasal is not None:
        patients = patients or _fixed_object_partner(verb, phrasal.particle)
    out = _make(
        doc,
        verb,
        lemma=lemma,
        typed=typed,
        agents=agents,
        patients=_expand(patients),
        nominal=False,
        passive=passive,
    )
    if reciprocal and agents and patients:
        out += _make(
            doc,
            verb,
            lemma=lemma,
            typed=typed,
            agents=_expand(patients),
            patients=agents,
            nominal=False,
            passive=passive,
        )
    return out


def _compound_agent(verb: Token) -> Token | None:
    """The actor before the hyphen of a compound participle ("Iranian-sponsored")."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in ("-", "\u2010", "\u2011"):
        return None
    for child in verb.children:
        if (
            child.i < verb.i
            and child.dep_ in COMPOUND_AGENT_DEPS
            and (child.ent_type_ in ACTOR_ENTS or child.pos_ == "PROPN")
        ):
            return child
    before = doc[verb.i - 2] if verb.i >= 2 else None
    if before is not None and (before.ent_type_ in ACTOR_ENTS or before.pos_ == "PROPN"):
        return before
    return None


def _event_frame_agent(noun: Token) -> tuple[Token | None, Token | None]:
    """Agent and patient an event noun takes from the clause it sits in.

    - "participated in the training of X", "was involved in the attack": the subject of the
      participation verb is the agent;
    - "in support of X, the coalition struck": the clause subject is the agent;
    - "with the support of X, the SDF retook": X (the noun's "of" object) is the agent and
      the clause subject the patient.
    Returns ``(agent, patient)``, either ``None`` when the frame does not apply.
    """
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ not in ("prep", "agent"):
        return None, None
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None, None
    word = prep.lower_
    if word == "in" and verb.lemma_.lower() in PARTICIPATION_VERBS:
        return _clause_subject(verb), None
    if word == "in" and noun.lemma_.lower() in ("support", "backing", "defence", "defense"):
        return _clause_subject(verb), None
    if word == "with" and not any(c.dep_ == "poss" for c in noun.children):
        helpers = _prep_objects(noun, frozenset({"of", "from"}))
        subject = _clause_subject(verb)
        if helpers and subject is not None:
            return helpers[0], subject
    return None, None


def _receiving_frame(noun: Token) -> tuple[Token, Token] | None:
    """``(agent, patient)`` of an event noun that its clause's subject receives: "units
    received heavy fire from rebel fighters" -> the fighters fire on the units."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in RECEIVING_VERBS:
        return None
    if any(child.dep_ == "poss" for child in noun.children):
        return None  # "faced Russia's anger": the possessor is the agent
    sources = _prep_objects(noun, NOUN_AGENT_PREPS) or _prep_objects(verb, NOUN_AGENT_PREPS)
    subject = _clause_subject(verb)
    if not sources or subject is None:
        return None
    return sources[0], subject


def _noun_agent(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.i < noun.i and child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
    for child in noun.children:
        if child.i < noun.i and child.dep_ == "amod" and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return child
    agents = _prep_objects(noun, NOUN_AGENT_PREPS)
    return agents[0] if agents else None


def _noun_predicates(doc: Doc, noun: Token) -> list[Predicate]:
    nouns = load_noun_classes()
    key = noun.lower_ if noun.lower_ in nouns else noun.lemma_.lower()
    row = nouns.get(key)
    if row is None or noun.dep_ == "compound":
        return []
    received = _receiving_frame(noun)
    if received is not None:
        typed = classify_trigger(key, context=_context_lemmas(noun), nominal=True)
        if typed is None:
            return []
        agent_token, patient_token = received
        return _make(
            doc,
            noun,
            lemma=key,
            typed=typed,
            agents=_expand([agent_token]),
            patients=_expand([patient_token]),
            nominal=True,
            passive=False,
        )
    light = _governing_light_verb(noun)
    agent = _noun_agent(noun)
    patients = _prep_objects(noun, row.patient_preps)
    frame_agent, frame_patient = _event_frame_agent(noun)
    if frame_patient is not None and frame_agent is not None:
        agent, patients = frame_agent, [frame_patient]
    elif frame_agent is not None and agent is None:
        agent = frame_agent
    between = _prep_objects(noun, frozenset({"between"}))
    if between and agent is None:
        pair = _conjuncts(between[0])
        if len(pair) >= 2:
            # "talks between X and Y": reciprocal, one predicate each way.
            typed = classify_trigger(key, context=_context_lemmas(noun), nominal=True)
            if typed is None:
                return []
            first, second = pair[0], pair[1]
            return [
                *_make(
                    doc,
                    noun,
                    lemma=key,
                    typed=typed,
                    agents=[first],
                    patients=[second],
                    nominal=True,
                    passive=False,
                ),
                *_make(
                    doc,
                    noun,
                    lemma=key,
                    typed=typed,
                    agents=[second],
                    patients=[first],
                    nominal=True,
                    passive=False,
                ),
            ]
    extra: list[Token] = []
    if light is not None:
        subject = _clause_subject(light)
        if subject is not None and (agent is None or agent.pos_ == "PRON"):
            agent = subject
        if not patients:
            patients = [t for t in _children(light, ("dative",)) if t.pos_ != "ADP"]
            patients = patients or _prep_objects(light, VERB_PATIENT_PREPS | row.patient_preps)
        if not patients:  # a mis-attached dative: "gave Hezbollah financial support"
            patients = [
                c for c in noun.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < noun.i
            ]
        extra = [c for c in light.children if c != noun]
    if agent is not None and patients and agent in patients:
        patients = [t for t in patients if t is not agent]
    typed = classify_trigger(key, context=_context_lemmas(noun, extra), nominal=True)
    if typed is None:
        return []
    return _make(
        doc,
        noun,
        lemma=key,
        typed=typed,
        agents=_expand([agent] if agent is not None else []),
        patients=_expand(patients[:1]),
        nominal=True,
        passive=False,
    )


def _inherit_patients(doc: Doc, predicates: list[Predicate]) -> list[Predicate]:
    """A verb without a patient takes the patient of the event verb it controls: "Ankara
    refused to lift the ban on Cypriot ships" -> REJECT with patient "Cypriot ships"'s phrase,
    "Russia agreed to supply Iran with jets" -> AGREE with patient Iran."""
    by_trigger: dict[int, list[Predicate]] = {}
    for predicate in predicates:
        by_trigger.setdefault(predicate.trigger_i, []).append(predicate)
    out: list[Predicate] = []
    for predicate in predicates:
        if predicate.patient is not None or predicate.nominal:
            out.append(predicate)
            continue
        lower = [
            p
            for child in doc[predicate.trigger_i].children
            if child.dep_ == "xcomp"
            for p in by_trigger.get(child.i, [])
            if p.patient is not None and p.patient != predicate.agent
        ]
        if not lower:
            out.append(predicate)
            continue
        patients = list(dict.fromkeys(p.patient for p in lower))
        out.extend(replace(predicate, patient=patient) for patient in patients)
    return out


def find_predicates(doc: Doc) -> list[Predicate]:
    """Every event predicate in ``doc`` (verbs and nominalizations) with its arguments.

    One predicate per (agent, patient) pair when arguments are coordinated; ``agent`` and
    ``patient`` are ``None`` when the parse gives none. Ordered by trigger position.
    """
    out: list[Predicate] = []
    for token in doc:
        if token.pos_ == "VERB":
            out.extend(_verb_predicates(doc, token))
        elif token.pos_ == "NOUN":
            out.extend(_noun_predicates(doc, token))
            out.extend(_backer_predicates(doc, token))
        elif token.pos_ == "ADJ":
            out.extend(_stance_predicates(doc, token))  # "is alarmed at X"
    out = _inherit_patients(doc, out)
    logger.debug("found %d predicates in %d tokens", len(out), len(doc))
    return out
