"""Exceptions and the message catalogue.

Hierarchy::

    ClaimgraphError
    ├─ ConfigError ─ UnknownComponentError, ModelNotInstalledError, ModelArtifactError
    ├─ InputError ─ UnsupportedFormatError, DecodeError, TruncatedInputError, EmptyDocumentError,
    │               TooLargeError
    ├─ DataTableError
    ├─ StoreError ─ SchemaOutdatedError, StoreUnavailableError
    └─ EvalDataMissingError

Every class carries a stable ``code`` and a message template in ``CATALOGUE``. A message says
what went wrong, where, and what to do. One bad document is data, not an exception: at the
engine's per-document boundary an ``InputError`` becomes a ``records.Rejected`` with its code.
"""

from __future__ import annotations

from typing import ClassVar

CATALOGUE: dict[str, str] = {
    # configuration
    "CG001": "unknown {kind} '{name}'; available: {choices}",
    "CG002": (
        "the spaCy model '{model}' is not installed; install it with "
        "`pip install -r requirements/model.txt` (or run `make run`, which does)"
    ),
    "CG003": "bad configuration: {detail}",
    "CG004": (
        "the trained model '{name}' at {path} cannot be used ({detail}); rebuild it with "
        "`make train`"
    ),
    # input (one document)
    "CG101": "{source}: unsupported input format ({detail}); supported: {choices}",
    "CG102": "{source}: cannot decode text ({detail})",
    "CG103": "{source}: input is truncated ({detail})",
    "CG104": "{source}: document is empty after cleaning ({detail})",
    "CG105": "{source}: document too large ({detail}); the limit is {limit}",
    "CG106": "{source}: binary data, not text ({detail})",
    "CG107": "{source}: cannot read ({detail})",
    "CG108": "{source}: malformed record ({detail})",
    # data tables
    "CG201": "data table {table}, row {row}: {detail}",
    # store
    "CG301": "store schema is at {have}, code needs {need}: run `claimgraph db upgrade --db {url}`",
    "CG302": "cannot open the store {url}: {detail}",
    "CG303": "no {kind} '{key}' in the store {url}",
    # evaluation
    "CG401": "evaluation data for task '{task}' not found under {path}: {detail}",
    # unexpected (a bug): the per-document boundary turns it into a reject
    "CG900": "{source}: unexpected error in stage {stage}: {detail}",
}


class ClaimgraphError(Exception):
    """Base of every error claimgraph raises on purpose."""

    code: ClassVar[str] = "CG000"

    def __init__(self, message: str | None = None, /, **fields: object) -> None:
        self.fields = fields
        if message is None:
            message = CATALOGUE.get(self.code, "{detail}").format_map(_Missing(fields))
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class ConfigError(ClaimgraphError):
    code = "CG003"


class UnknownComponentError(ConfigError):
    code = "CG001"


class ModelNotInstalledError(ConfigError):
    code = "CG002"


class ModelArtifactError(ConfigError):
    """A shipped model file is missing, corrupt, or was built for other features."""

    code = "CG004"


class InputError(ClaimgraphError):
    """A document cannot be processed; the run goes on without it."""

    code = "CG107"


class UnsupportedFormatError(InputError):
    code = "CG101"


class DecodeError(InputError):
    code = "CG102"


class TruncatedInputError(InputError):
    code = "CG103"


class EmptyDocumentError(InputError):
    code = "CG104"


class TooLargeError(InputError):
    code = "CG105"


class BinaryInputError(InputError):
    code = "CG106"


class MalformedRecordError(InputError):
    code = "CG108"


class DataTableError(ClaimgraphError):
    code = "CG201"


class StoreError(ClaimgraphError):
    code = "CG302"


class SchemaOutdatedError(StoreError):
    code = "CG301"


class StoreUnavailableError(StoreError):
    code = "CG302"


class NotFoundError(StoreError):
    code = "CG303"


class EvalDataMissingError(ClaimgraphError):
    code = "CG401"


UNEXPECTED_CODE = "CG900"
