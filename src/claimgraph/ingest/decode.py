"""Bytes to text: BOM, declared charset, UTF-8, then charset detection.

The order follows what is most reliable: a byte-order mark, a UTF-16 byte pattern, the
charset the container or page declares (unless the bytes contradict it, e.g. a Windows-1251
page declared as UTF-8), strict UTF-8, and last ``charset-normalizer``'s guess.
"""

from __future__ import annotations

import codecs
import logging
import re

from claimgraph.errors import BinaryInputError, DecodeError

logger = logging.getLogger(__name__)

#: Bytes examined for binary content and for charset declarations.
HEAD_BYTES = 8192

#: Share of control characters (other than tab, newline, carriage return, form feed) in the
#: head above which a document is binary. Text files in any charset have none; the 5 % margin
#: tolerates stray control bytes in old scrapes.
MAX_CONTROL_SHARE = 0.05

#: Share of NUL bytes on one parity above which BOM-less data is read as UTF-16 (ASCII-range
#: text in UTF-16 has a NUL at every other byte).
UTF16_NUL_SHARE = 0.4

#: Bytes given to charset-normalizer: enough for a confident guess, bounded for speed.
DETECT_BYTES = 200_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# single-byte charsets that decode anything: a declaration of one of them is trusted only
# when the bytes are not valid non-ASCII UTF-8 (a frequent misdeclaration).
_PERMISSIVE = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})


def normalize_encoding(name: str | None) -> str | None:
    """The codec's canonical name, or None for an unknown or empty name."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def sniff_declared_charset(head: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration in ``head`` names, if any."""
    match = _META_CHARSET.search(head[:HEAD_BYTES]) or _XML_ENCODING.search(head[:HEAD_BYTES])
    return normalize_encoding(match.group(1).decode("ascii")) if match else None


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def utf16_pattern(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) / len(odd) > UTF16_NUL_SHARE and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) / len(even) > UTF16_NUL_SHARE and odd.count(0) == 0:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """True when ``head`` (BOM-less, not UTF-16) holds NUL bytes or many control bytes."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    sample = head.decode("latin-1")
    return len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_BYTES]).best()
    return best.encoding if best is not None else None


def decode_bytes(
    data: bytes, *, source: str, declared: str | None = None, sniff_markup: bool = False
) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)``.

    ``declared`` is the charset a container named (HTTP header, feed, caller); with
    ``sniff_markup`` a ``<meta charset>`` or XML declaration in the head is used when nothing
    was declared. Raises ``BinaryInputError`` for binary data and ``DecodeError`` when no
    charset fits.
    """
    bom = _bom_encoding(data)
    if bom is not None:
        bom_encoding, skip = bom
        bom_text = _strict(data[skip:], bom_encoding)
        if bom_text is None:
            raise DecodeError(
                source=source, detail=f"invalid {bom_encoding} after its byte-order mark"
            )
        return bom_text, bom_encoding
    head = data[:HEAD_BYTES]
    utf16 = utf16_pattern(head)
    if utf16 is not None:
        utf16_text = _strict(data[: len(data) - len(data) % 2], utf16)
        if utf16_text is not None:
            return utf16_text, utf16
    if looks_binary(head):
        raise BinaryInputError(
            source=source,
            detail="NUL or control bytes in the first KB; give a text, HTML, JSONL, CSV, WARC "
            "or feed file",
        )
    encoding = normalize_encoding(declared)
    if encoding is None and sniff_markup:
        encoding = sniff_declared_charset(head)
    if encoding is not None:
        text = _strict(data, encoding)
        if text is not None and not (encoding in _PERMISSIVE and _is_non_ascii_utf8(data)):
            return text, encoding
        logger.debug("%s: declared charset %s does not fit the bytes", source, encoding)
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    guess = normalize_encoding(_detect(data))
    if guess is not None:
        guessed = _strict(data, guess)
        if guessed is not None:
            return guessed, guess
    # cp1252 decodes nearly everything; last resort with replacement characters
    try:
        return data.decode("cp1252", errors="replace"), "cp1252"
    except UnicodeDecodeError as err:  # pragma: no cover - replace never raises
        raise DecodeError(source=source, detail=str(err)) from err


def _is_non_ascii_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    return _strict(data, "utf-8") is not None
