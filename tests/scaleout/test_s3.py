"""Parts written by the cluster's workers to an S3 server started here (moto's, as s3fs tests itself); the
credentials come from the environment of each process and never show in the output; verify reads them back."""

from __future__ import annotations

from pathlib import Path

import fsspec
import pytest

from scaleout.parts import DEFINITION, assert_equal_to_one_process, cli, one_process, part_bytes, read_manifest


@pytest.fixture
def bucket(store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    for name, value in store_env.items():
        monkeypatch.setenv(name, value)
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir("synthdb-scale")
    return "s3://synthdb-scale"


def test_parts_to_s3_equal_one_process_and_verify(scheduler: str, bucket: str, store_env: dict[str, str],
                                                  tmp_path: Path) -> None:
    url = f"{bucket}/runs/shop"
    result = cli("generate", str(DEFINITION), "--format", "parquet", "--output", url, "--cluster", scheduler,
                 "--rows-per-part", "500")
    assert result.exit_code == 0, result.output
    assert f"manifest {url}/manifest.json" in result.output
    manifest = read_manifest(url)
    assert_equal_to_one_process(part_bytes(url, manifest), one_process(DEFINITION, "parquet", tmp_path), "parquet")
    fs = fsspec.filesystem("s3")
    assert not [p for p in fs.find(url) if Path(p).name.endswith(".tmp")]

    checked = cli("verify", f"{url}/manifest.json", "--sample", "0")
    assert checked.exit_code == 0, checked.output

    victim = manifest["tables"][0]["parts"][0]["path"]
    data = bytearray(fs.cat(f"{url}/{victim}"))
    data[len(data) // 3] ^= 0x01
    fs.pipe(f"{url}/{victim}", bytes(data))
    tampered = cli("verify", url, "--sample", "0")
    assert tampered.exit_code == 1 and victim in tampered.output
    for output in (result.output, checked.output, tampered.output):
        assert store_env["AWS_SECRET_ACCESS_KEY"] not in output and store_env["AWS_ACCESS_KEY_ID"] not in output
