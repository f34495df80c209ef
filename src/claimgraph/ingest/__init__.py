"""Ingest: files, directories, globs, stdin, archives, WARC and feeds to ``RawDocument`` records.

Readers (one module per format) never raise for one bad document: they yield ``Rejected``
with stage "ingest" and go on.
"""

from claimgraph.ingest.options import ReaderOptions, ReadStats
from claimgraph.ingest.sources import iter_documents, read_stream

__all__ = ["ReadStats", "ReaderOptions", "iter_documents", "read_stream"]
