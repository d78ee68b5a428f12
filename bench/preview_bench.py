"""Benchmark of the web designer's live preview: from an edit's POST to the preview's rendered rows, over HTTP.

Starts `synthdb serve` on a free port with a temporary data directory, signs in with an editor key, imports
examples/shop.yaml through the workspace page, then for each table of the shop repeats an edit as the
browser sends it (the grid's form: one column's null % toggled) followed by the preview fragment the page
then loads, and times the pair until the 20 rows are in hand. Median and p95 per table, after warm-up.

    python bench/preview_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from synthdb.store.db import open_store, sqlite_url
from synthdb.store.keys import create_api_key

SHOP = Path(__file__).parents[1] / "examples" / "shop.yaml"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
_ROW = re.compile(r"<tr>(?:<td[^>]*>.*?</td>)+</tr>")


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "synthdb", "serve", "--port", str(port),
                                "--data-dir", str(data_dir), "--log-level", "warning"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def grid_form(entity: dict[str, Any], token: str, percent: int) -> dict[str, str]:
    """The grid's form as the page posts it, with the last column's null % set to `percent`."""
    form = {"csrf_token": token}
    fields = entity["fields"]
    for i, fld in enumerate(fields):
        form[f"c{i}_name"] = fld["name"]
        form[f"c{i}_data_type"] = fld.get("data_type") or ""
        form[f"c{i}_percent_null"] = str(percent if i == len(fields) - 1 else fld.get("percent_null", 0))
        for flag in ("primary_key", "unique", "virtual"):
            if fld.get(flag):
                form[f"c{i}_{flag}"] = "1"
    return form


def edit_to_rows(client: httpx.Client, table: str, form: dict[str, str]) -> tuple[float, float]:
    """(seconds from the POST to the rows, of which the saved edit's page took this many)."""
    started = time.perf_counter()
    page = client.post(f"/databases/shop/tables/{table}/columns", data=form)
    assert page.status_code == 200, page.text[:500]
    saved = time.perf_counter()
    preview = client.get(f"/databases/shop/tables/{table}/preview").text
    elapsed = time.perf_counter() - started
    rows = _ROW.findall(preview.split("</table>")[0])  # the table's own rows (its parents' rows follow)
    assert len(rows) == 20, preview[:500]
    return elapsed, saved - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        process, base = start_server(data_dir)
        try:
            store = open_store(sqlite_url(data_dir))
            key = create_api_key(store, "bench", "editor").key
            store.dispose()
            client = httpx.Client(base_url=base, timeout=120, follow_redirects=True)
            client.post("/signin", data={"api_key": key})
            match = _CSRF.search(client.get("/").text)
            assert match is not None
            token = match.group(1)
            imported = client.post("/import", data={"csrf_token": token, "kind": "yaml"},
                                   files={"file": ("shop.yaml", SHOP.read_bytes(), "application/yaml")})
            assert imported.status_code == 200, imported.text[:500]
            definition = client.get("/databases/shop/export.json").json()
            print(f"shop example ({sum(1 for _ in definition['entities'])} tables), {args.runs} edits per table "
                  "after 3 warm-up edits; time from the grid's POST to the preview's 20 rows")
            print(f"{'table':<12} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}   (median of the edit's save alone)")
            for entity in definition["entities"]:
                times, saves = [], []
                for run in range(args.runs + 3):
                    form = grid_form(entity, token, 10 + run % 2)
                    elapsed, save = edit_to_rows(client, entity["name"], form)
                    if run >= 3:
                        times.append(elapsed * 1000)
                        saves.append(save * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                print(f"{entity['name']:<12} {statistics.median(times):>10.1f} {p95:>8.1f} {times[-1]:>8.1f}"
                      f"   ({statistics.median(saves):.1f} ms)")
        finally:
            process.terminate()
            process.wait(15)


if __name__ == "__main__":
    main()
