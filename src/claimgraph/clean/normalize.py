"""Text normalization shared by every cleaner, and the document id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from claimgraph.records import DocId

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalize_text(text: str) -> str:
    """NFC, no control characters, one space between words, paragraphs joined by ``"\\n\\n"``.

    Every non-empty line is a paragraph: cleaners emit one paragraph per line.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def make_doc_id(text: str) -> DocId:
    """The stable document id: sha1 of the normalized body text."""
    return DocId(hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest())


def sha1_bytes(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
