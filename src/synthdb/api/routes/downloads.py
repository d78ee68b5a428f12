"""Downloads of generated data through signed, expiring links (no Authorization header needed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Annotated, BinaryIO
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, StreamingResponse

from synthdb.api.auth import authenticate
from synthdb.api.errors import ApiError, error_responses, not_found
from synthdb.api.signing import verify
from synthdb.api.state import state_of
from synthdb.store.models import COMPLETED, TaskRecord

router = APIRouter(tags=["downloads"], responses=error_responses(400, 401, 403, 404, 410))

GONE = "the data was deleted after the retention period; generate it again"
CHUNK = 1024 * 1024


@router.get(
    "/downloads/{task_id}/{filename}",
    response_class=FileResponse,  # for the schema: a file; streamed from an open handle (artifact_response)
    # The media type is the task's content_type (application/zip, text/csv, application/vnd.sqlite3, ...).
    responses={200: {"description": "the generated data", "content": {"*/*": {}}}},
)
def download(
    task_id: str,
    filename: str,
    request: Request,
    expires: Annotated[int, Query(description="Expiry, seconds since the epoch (signed).")],
    signature: Annotated[str, Query(description="HMAC-SHA256 of the task id and expiry.")],
) -> StreamingResponse:
    """A task's data. The link authorises itself; a key sent anyway must belong to the task's workspace."""
    state = state_of(request)
    verify(state.signing_key, task_id, expires, signature)
    with state.store.session() as session:
        task = session.get(TaskRecord, task_id)
    if task is None or task.status != COMPLETED:
        raise not_found("task", task_id)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    sent_key = bool(header) and scheme.lower() == "bearer" and bool(token.strip())
    if sent_key and authenticate(request, token.strip()).workspace_id != task.workspace_id:
        raise not_found("task", task_id)
    if not task.artifact:
        raise ApiError(410, GONE)
    path = state.settings.artifacts_dir / task.artifact
    if PurePosixPath(task.artifact).name != filename:
        raise not_found("file", filename)
    return artifact_response(path, task.content_type or "application/octet-stream", filename)


def artifact_response(path: Path, media_type: str, filename: str) -> StreamingResponse:
    """The file streamed from a handle opened now: the retention sweep may delete it at any moment, and an
    open file stays readable to its end (a response that reopened the path could fail after its headers)."""
    try:
        handle = path.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise ApiError(410, GONE) from None
    size = os.fstat(handle.fileno()).st_size
    disposition = (f'attachment; filename="{filename}"' if filename.isascii() and '"' not in filename
                   else f"attachment; filename*=utf-8''{quote(filename)}")
    return StreamingResponse(_chunks(handle), media_type=media_type,
                             headers={"Content-Length": str(size), "Content-Disposition": disposition})


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk
