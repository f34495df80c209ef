"""Clean: raw documents to articles (body text, title, author, date, outlet, language)."""

from claimgraph.clean.document import clean_document
from claimgraph.clean.language import detect_language
from claimgraph.clean.lines import CleanedText, LineCleaner
from claimgraph.clean.normalize import make_doc_id, normalize_text

__all__ = [
    "CleanedText",
    "LineCleaner",
    "clean_document",
    "detect_language",
    "make_doc_id",
    "normalize_text",
]
