"""``/documents``: list, read (text + metadata), a document's claims, and ingest (POST)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import UploadFile

from claimgraph.api.deps import ApiState, StateDep, StoreDep, require_write
from claimgraph.api.errors import ApiError
from claimgraph.api.routes._params import Limit, Offset, next_offset
from claimgraph.api.schemas import ClaimOut, DocumentOut, IngestOut, Page, RejectOut
from claimgraph.errors import TooLargeError
from claimgraph.ingest import ReaderOptions, ReadStats, read_stream
from claimgraph.records import ArticleResult, RawDocument, Rejected

logger = logging.getLogger(__name__)

router = APIRouter(tags=["documents"])

# Claims returned with ``/documents/{doc_id}/claims``: an article rarely has more than a few
# dozen; the cap bounds a pathological one.
DOCUMENT_CLAIMS = 500

_SUFFIX_OF_TYPE = {
    "text/html": "upload.html",
    "application/xhtml+xml": "upload.html",
    "application/json": "upload.jsonl",
    "application/x-ndjson": "upload.jsonl",
    "text/csv": "upload.csv",
}


@router.get("/documents", response_model=Page[DocumentOut])
def list_documents(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> Page[DocumentOut]:
    """Documents, newest publication first (metadata only; read one for its text)."""
    documents, total = store.list_documents(limit=limit, offset=offset)
    return Page[DocumentOut](
        items=[DocumentOut.of(document, with_text=False) for document in documents],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, total, len(documents)),
    )


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(store: StoreDep, doc_id: str) -> DocumentOut:
    """One document with its cleaned text (the text every claim offset points into)."""
    return DocumentOut.of(store.get_document(doc_id), with_text=True)


@router.get("/documents/{doc_id}/claims", response_model=list[ClaimOut])
def document_claims(store: StoreDep, doc_id: str) -> list[ClaimOut]:
    """The claims found in one document, in text order."""
    with store.reading():  # one session for the request's reads
        document = store.get_document(doc_id)
        claims = store.query_claims(doc_id=document.doc_id, limit=DOCUMENT_CLAIMS)
    return [ClaimOut.of(claim) for claim in claims]


async def _read_upload(request: Request, max_bytes: int) -> tuple[bytes, str | None]:
    """The uploaded bytes (multipart field ``file`` or the raw body) and the file name."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_bytes:
        raise TooLargeError(source="upload", detail=f"{length} bytes", limit=max_bytes)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=20, max_part_size=max_bytes)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "multipart upload without a 'file' field")
        data = await upload.read(max_bytes + 1)
        name = upload.filename
    else:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise TooLargeError(
                    source="upload", detail=f"over {max_bytes} bytes", limit=max_bytes
                )
            chunks.append(chunk)
        data = b"".join(chunks)
        name = _SUFFIX_OF_TYPE.get(content_type.split(";")[0].strip().lower())
    if len(data) > max_bytes:
        raise TooLargeError(source="upload", detail=f"over {max_bytes} bytes", limit=max_bytes)
    if not data:
        raise ApiError(422, "the upload is empty: send the article as the body or a 'file' field")
    return data, name


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=201,
    dependencies=[Depends(require_write)],
)
async def ingest_document(
    *,
    request: Request,
    state: StateDep,
    title: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    author: Annotated[str | None, Query(max_length=200)] = None,
    published: Annotated[dt.date | None, Query()] = None,
    url: Annotated[str | None, Query(max_length=2000)] = None,
    name: Annotated[str | None, Query(max_length=200, description="file name (format)")] = None,
) -> IngestOut:
    """Run the pipeline on one uploaded document (text, HTML, JSONL, ...) and store it.

    Send the file as multipart field ``file`` or as the raw body. Metadata given as query
    parameters take precedence over what cleaning finds.
    """
    max_bytes = state.settings.max_upload_bytes
    data, upload_name = await _read_upload(request, max_bytes)
    file_name = name or upload_name or "upload.txt"
    meta = {
        key: value
        for key, value in {
            "title": title,
            "outlet": outlet,
            "author": author,
            "published": published,
            "url": url,
        }.items()
        if value is not None
    }
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest, state, data, file_name, meta)


def _ingest(state: ApiState, data: bytes, name: str, meta: Mapping[str, object]) -> IngestOut:
    options = ReaderOptions(max_bytes=state.settings.max_upload_bytes)
    items: list[RawDocument | Rejected] = []
    for item in read_stream(
        io.BytesIO(data), name=name, source=f"upload:{name}", options=options, stats=ReadStats()
    ):
        if isinstance(item, RawDocument) and meta:
            items.append(dataclasses.replace(item, **meta))  # type: ignore[arg-type]  # RawDocument fields by name
        else:
            items.append(item)
    with state.ingest_lock:
        outcomes = list(state.pipeline().run(items))
        results = [outcome for outcome in outcomes if isinstance(outcome, ArticleResult)]
        rejects = [outcome for outcome in outcomes if isinstance(outcome, Rejected)]
        stats = state.writer().write(results, rejects)
    logger.info("ingested %d documents (%d claims) from an upload", stats.documents, stats.claims)
    return IngestOut(
        doc_ids=[result.article.doc_id for result in results],
        documents=stats.documents,
        skipped=stats.skipped,
        claims=stats.claims,
        rejects=[
            RejectOut(source=r.source, stage=r.stage, code=r.code, detail=r.detail) for r in rejects
        ],
    )
