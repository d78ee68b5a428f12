"""Downloads of generated data through signed, expiring links (no Authorization header needed)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse

from synthdb.api.auth import authenticate
from synthdb.api.errors import ApiError, error_responses, not_found
from synthdb.api.signing import verify
from synthdb.api.state import state_of
from synthdb.store.models import COMPLETED, TaskRecord

router = APIRouter(tags=["downloads"], responses=error_responses(400, 401, 403, 404, 410))


@router.get(
    "/downloads/{task_id}/{filename}",
    response_class=FileResponse,
    # The media type is the task's content_type (application/zip, text/csv, application/vnd.sqlite3, ...).
    responses={200: {"description": "the generated data", "content": {"*/*": {}}}},
)
def download(
    task_id: str,
    filename: str,
    request: Request,
    expires: Annotated[int, Query(description="Expiry, seconds since the epoch (signed).")],
    signature: Annotated[str, Query(description="HMAC-SHA256 of the task id and expiry.")],
) -> FileResponse:
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
        raise ApiError(410, "the data was deleted after the retention period; generate it again")
    path = state.settings.artifacts_dir / task.artifact
    if PurePosixPath(task.artifact).name != filename:
        raise not_found("file", filename)
    if not path.is_file():
        raise ApiError(410, "the data was deleted after the retention period; generate it again")
    return FileResponse(path, media_type=task.content_type or "application/octet-stream", filename=filename)
