"""Reader options and the counters a read run keeps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Default cap on one document's size in bytes (20 MB): far above any news article (the 181
#: AEB pages average 174 KB of HTML), low enough that one bad file cannot exhaust memory.
DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ReaderOptions:
    """How readers treat their inputs.

    ``max_bytes`` caps one document (a file, a JSONL line, a WARC record, an archive member):
    larger ones are rejected with CG105 without being read whole. The ``*_field`` options
    override the automatic JSONL/CSV field mapping.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    text_field: str | None = None
    url_field: str | None = None
    date_field: str | None = None
    title_field: str | None = None


@dataclass(slots=True)
class ReadStats:
    """Counters of one read run: what was read, yielded, rejected and skipped (with reasons).

    Skipped items are not errors (a WARC request record, a 404 response, an image): they are
    counted here by reason and yield nothing.
    """

    files: int = 0
    documents: int = 0
    rejected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1
