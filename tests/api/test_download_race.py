"""A download opened just before the retention sweep deletes its file is served whole; one opened after is a 410."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthdb.api.errors import ApiError
from synthdb.api.routes.downloads import CHUNK, artifact_response


async def _body(response: object) -> bytes:
    parts = [part async for part in response.body_iterator]  # type: ignore[attr-defined]
    return b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)


def test_a_file_deleted_after_the_response_is_made_is_still_sent_whole(tmp_path: Path) -> None:
    data = bytes(range(256)) * (CHUNK // 256 * 2 + 7)  # more than two chunks
    path = tmp_path / "shop.zip"
    path.write_bytes(data)
    response = artifact_response(path, "application/zip", "shop.zip")
    path.unlink()  # the sweep runs between the answer's start and its body
    assert asyncio.run(_body(response)) == data
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["content-disposition"] == 'attachment; filename="shop.zip"'
    assert response.media_type == "application/zip"


def test_a_file_already_deleted_is_gone_and_odd_names_are_quoted(tmp_path: Path) -> None:
    with pytest.raises(ApiError) as raised:
        artifact_response(tmp_path / "missing.zip", "application/zip", "missing.zip")
    assert raised.value.status == 410 and "retention period" in raised.value.message
    path = tmp_path / "données.csv"
    path.write_bytes(b"a\n")
    response = artifact_response(path, "text/csv", path.name)
    assert response.headers["content-disposition"] == "attachment; filename*=utf-8''donn%C3%A9es.csv"
    assert asyncio.run(_body(response)) == b"a\n"
