"""Annotation helper for claim gold files (docs/annotation.md).

Two commands:

    python scripts/annotate.py show CORPUS ID [--gold-dir DIR]
        print the article as the pipeline reads it, one numbered sentence per line, so that
        evidence snippets are copied from one sentence;
    python scripts/annotate.py check FILE.json [FILE.json ...] [--strict] [--gold-dir DIR]
        validate gold files: the scorer's own format check, then for every claim that its
        evidence sits in one sentence of the article (overlap >= 0.8) and is copied from it
        word for word (case and punctuation aside; "..." may skip words), that the status agrees
        with ``hedged``, that ``subject_text``, ``object_text`` and ``trigger`` occur in that
        sentence, and that no two claims repeat the same actors, type and evidence.

CORPUS is a path relative to the folder above the gold directory (``data/training`` for
``data/training/claims``) or to the shared data folder (``corpus/wikinews/articles.jsonl``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from claimgraph.errors import ClaimgraphError
from claimgraph.eval.claims import (
    ArticleLoader,
    GoldDocument,
    evidence_overlap,
    evidence_words,
    parse_gold,
)

#: Statuses of the design; the first two present a claim as fact.
STATUSES = ("asserted", "reported", "alleged", "hedged", "denied", "predicted")
FACTUAL = frozenset({"asserted", "reported"})
#: Evidence overlap with its own sentence that a checked snippet must reach.
MIN_OWN_OVERLAP = 0.8
_WORD = re.compile(r"\w+")
_ELISION = re.compile(r"\.\.\.|\u2026")


def _sentences(text: str) -> list[tuple[int, int, str]]:
    from claimgraph.nlp.model import load_nlp

    doc = load_nlp()(text)
    return [(s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()]


def cmd_show(corpus: str, doc_id: str, gold_dir: Path) -> int:
    loader = ArticleLoader(data_dir=gold_dir)
    article = loader.load(GoldDocument(id=doc_id, corpus=corpus, claims=()))
    print(f"# {doc_id}  title: {article.title!r}  published: {article.published}")
    for number, (_start, _end, sentence) in enumerate(_sentences(article.text), start=1):
        print(f"[{number}] {' '.join(sentence.split())}")
    return 0


def _contains(sentence: str, needle: str) -> bool:
    return " ".join(needle.split()).casefold() in " ".join(sentence.split()).casefold()


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def copied_from(sentence: str, evidence: str) -> bool:
    """Whether ``evidence`` is the sentence's own words in order, case and punctuation aside,
    each ``...`` standing for words left out."""
    words = _words(sentence)
    at = 0
    for piece in _ELISION.split(evidence):
        needle = _words(piece)
        if not needle:
            continue
        found = next(
            (
                i
                for i in range(at, len(words) - len(needle) + 1)
                if words[i : i + len(needle)] == needle
            ),
            None,
        )
        if found is None:
            return False
        at = found + len(needle)
    return True


def check_document(
    raw: dict[str, object], document: GoldDocument, sentences: list[str]
) -> list[str]:
    """Problems of one annotated document (empty when it is clean)."""
    problems: list[str] = []
    raw_claims = raw.get("claims")
    assert isinstance(raw_claims, list)
    seen: dict[tuple[str, str, str, frozenset[str]], str] = {}
    for claim, gold in zip(raw_claims, document.claims, strict=True):
        where = f"{document.id}/{gold.id}"
        best = max(sentences, key=lambda s: evidence_overlap(gold.evidence, s), default="")
        overlap = evidence_overlap(gold.evidence, best)
        if overlap < MIN_OWN_OVERLAP:
            problems.append(f"{where}: evidence found in no single sentence (best {overlap:.2f})")
        elif not copied_from(best, gold.evidence):
            problems.append(f"{where}: evidence is not copied word for word from its sentence")
        if len(evidence_words(gold.evidence)) < 3:
            problems.append(f"{where}: evidence too short to locate its sentence")
        status = claim.get("status")
        if status is not None:
            if status not in STATUSES:
                problems.append(f"{where}: status {status!r} is not one of {STATUSES}")
            elif (status not in FACTUAL) != gold.hedged and not gold.any_status:
                problems.append(f"{where}: status {status} disagrees with hedged={gold.hedged}")
        for key in ("subject_text", "object_text", "trigger"):
            value = claim.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: {key} must be a non-empty string")
            elif overlap >= MIN_OWN_OVERLAP and not _contains(best, value):
                problems.append(f"{where}: {key} {value!r} is not in the evidence sentence")
        for key, names in (("subject_text", gold.subject), ("object_text", gold.object)):
            value = claim.get(key)
            if isinstance(value, str) and value.strip() and value not in names:
                problems.append(f"{where}: {key} {value!r} is not listed in {key[:-5]}")
        if set(gold.subject) & set(gold.object):
            problems.append(f"{where}: subject and object share a name")
        key4 = (
            "|".join(sorted(gold.subject)),
            "|".join(sorted(gold.object)),
            gold.evidence.casefold(),
            frozenset(t.value for t in gold.types),
        )
        if key4 in seen:
            problems.append(f"{where}: repeats claim {seen[key4]}")
        seen[key4] = gold.id
    return problems


def cmd_check(paths: list[Path], strict: bool, gold_dir: Path | None = None) -> int:
    n_docs = n_claims = 0
    problems: list[str] = []
    for path in paths:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            documents = parse_gold(payload, path=path)
        except (OSError, json.JSONDecodeError, ClaimgraphError) as err:
            problems.append(f"{path}: {err}")
            continue
        loader = ArticleLoader(data_dir=gold_dir if gold_dir is not None else path.parent)
        for raw, document in zip(payload["documents"], documents, strict=True):
            n_docs += 1
            n_claims += len(document.claims)
            try:
                article = loader.load(document)
            except ClaimgraphError as err:
                problems.append(f"{path}: {document.id}: {err}")
                continue
            sentences = [s for _a, _b, s in _sentences(article.text)]
            problems.extend(f"{path.name}: {p}" for p in check_document(raw, document, sentences))
            if strict:
                for claim in raw["claims"]:
                    missing = [
                        k
                        for k in ("status", "trigger", "subject_text", "object_text")
                        if k not in claim
                    ]
                    if missing:
                        problems.append(f"{path.name}: {document.id}/{claim['id']}: no {missing}")
    for problem in problems:
        print(problem)
    print(f"{n_docs} documents, {n_claims} claims, {len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print an article as numbered sentences")
    show.add_argument("corpus")
    show.add_argument("id")
    show.add_argument("--gold-dir", type=Path, default=Path("data/training/claims"))
    check = sub.add_parser("check", help="validate gold files")
    check.add_argument("files", nargs="+", type=Path)
    check.add_argument("--strict", action="store_true", help="require the training fields")
    check.add_argument(
        "--gold-dir",
        type=Path,
        default=None,
        help="read local corpora from beside this folder (default: each file's own folder), "
        "for a draft kept outside data/training/claims",
    )
    args = parser.parse_args()
    if args.command == "show":
        return cmd_show(args.corpus, args.id, args.gold_dir)
    return cmd_check(args.files, args.strict, args.gold_dir)


if __name__ == "__main__":
    sys.exit(main())
