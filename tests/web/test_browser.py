"""The web app in a real headless Chromium (Debian's package, driven by Playwright) against `synthdb serve`:
a new user's whole journey, the viewer's read-only pages, CSRF, axe-core on every page, phone width.

Screenshots of each page are written to docs/web/ (1280 px wide, each under 150 KB) for docs/web.md.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.apiserver import ApiServer

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SHOTS = Path(__file__).parents[2] / "docs" / "web"
MAX_SHOT_BYTES = 150_000

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing and CI is set: .ci/run installs Debian's chromium package")
    pytest.skip(f"SKIPPING THE BROWSER TESTS: {CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("SKIPPING THE BROWSER TESTS: playwright is not installed (pip install -e '.[test]')",
                allow_module_level=True)

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    data: Path = tmp_path_factory.mktemp("browser") / "data"
    data.mkdir()
    started = ApiServer(data).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _page(browser: Browser, server: ApiServer, width: int = 1280, height: int = 800) -> Page:
    context = browser.new_context(base_url=server.base, viewport={"width": width, "height": height},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def _sign_in(page: Page, key: str) -> None:
    page.goto("/signin")
    page.get_by_label("API key", exact=True).fill(key)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workspace")


def _axe(page: Page) -> None:
    """axe-core on the page as it is: no serious or critical violations."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core on {page.url}:\n" + "\n".join(bad)


def _shot(page: Page, name: str, start: str = "") -> None:
    """A 1280-px-wide PNG of the page (from the element `start`, else the top) for docs/web.md, under 150 KB."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    top = 0.0
    if start:
        box = page.locator(start).bounding_box()
        assert box is not None
        top = max(0.0, box["y"] + page.evaluate("window.scrollY") - 8)
    tall = page.evaluate("document.documentElement.scrollHeight") - top
    for height in (1100, 900, 760, 600):
        clip = {"x": 0, "y": top, "width": 1280, "height": min(height, max(200, tall))}
        data = page.screenshot(full_page=True, clip=clip)
        if len(data) < MAX_SHOT_BYTES:
            break
    assert len(data) < MAX_SHOT_BYTES, f"{name}.png is {len(data):,} bytes"
    tmp = target.with_suffix(".png.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def _preview_text(page: Page) -> str:
    """The preview once it is loaded (after a swap it first says it is generating)."""
    expect(page.locator("#preview-table")).to_be_visible()
    return page.locator("#preview-rows").inner_text()


def _preview_changes(page: Page, before: str, column: str) -> list[str]:
    """Wait until the preview was made again (new text, with `column`): the values of that column."""
    page.wait_for_function(
        "([before, column]) => { const p = document.querySelector('#preview-table');"
        " return p && p.closest('#preview-rows').innerText !== before &&"
        " [...p.querySelectorAll('th')].some(th => th.textContent === column); }",
        arg=[before, column])
    headers = page.locator("#preview-table th").all_inner_texts()
    index = headers.index(column)
    cells = page.locator(f"#preview-table tbody tr td:nth-child({index + 1})").all_inner_texts()
    assert len(cells) == 20
    return cells


def _add_column(page: Page, name: str, generator: str, data_type: str = "") -> None:
    page.get_by_label("Column name", exact=True).fill(name)
    page.get_by_label("Data type", exact=True).fill(data_type)
    page.get_by_label("Generator (you can change it after)", exact=True).fill(generator)
    page.get_by_role("button", name="Add column", exact=True).click()


def _run(page: Page, fmt: str, counts: dict[str, str]) -> tuple[list[float], bytes]:
    """Start a run from the generate page; the progress values seen while it ran, and the download."""
    page.get_by_label("Format", exact=True).select_option(fmt)
    for table, count in counts.items():
        page.locator(f"#count-{table}").fill(count)
    earlier = page.locator("#tasks tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    page.get_by_role("button", name="Generate", exact=True).click()
    # The new run is the first row of the history that was not there before the click.
    task = page.wait_for_function(
        "earlier => { const r = document.querySelector('#tasks tbody tr');"
        " return r && !earlier.includes(r.id) && r.id; }", arg=earlier).json_value()
    seen: list[float] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        # Both attributes of the same row (htmx replaces the row as it polls).
        progress, status = page.evaluate(
            "id => { const r = document.getElementById(id); return [r.dataset.progress, r.dataset.status]; }", task)
        seen.append(float(progress))
        if status not in ("pending", "running"):
            break
        page.wait_for_timeout(100)
    current = page.locator(f"#{task}")
    assert current.get_attribute("data-status") == "completed", current.inner_text()
    assert current.locator("progress").get_attribute("value") == "100"
    link = current.get_by_role("link", name=f"Download {fmt}", exact=True)
    with page.expect_download() as download:
        link.click()
    body = Path(download.value.path()).read_bytes()
    return seen, body


def _sqlite_of(body: bytes, folder: Path) -> sqlite3.Connection:
    if body[:4] == b"PK\x03\x04":  # a whole database's SQLite comes zipped
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            name = next(n for n in archive.namelist() if n.endswith((".sqlite", ".db", ".sqlite3")))
            body = archive.read(name)
    path = folder / "shop.sqlite"
    path.write_bytes(body)
    return sqlite3.connect(path)


def test_new_user_builds_the_shop_generates_imports_and_signs_out(
        server: ApiServer, browser: Browser, tmp_path: Path) -> None:
    page = _page(browser, server)
    page.goto("/signin")
    _axe(page)
    _shot(page, "signin")
    _sign_in(page, server.key("newuser", "editor"))

    # Workspace home: create the database.
    page.get_by_label("Name", exact=True).fill("shop")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("shop · table_1")
    expect(page.locator("#preview-table")).to_be_visible()

    # customers: rename the starter table, then add columns; the preview follows each change.
    before = _preview_text(page)
    page.get_by_label("Table name", exact=True).fill("customers")
    page.get_by_label("Record count (a number or an expression over variables)", exact=True).fill("50")
    page.get_by_role("button", name="Save settings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("shop · customers")
    assert _preview_changes(page, before, "id") == [str(i) for i in range(1, 21)]
    assert "of 50 rows of customers" in _preview_text(page)

    before = _preview_text(page)
    _add_column(page, "email", "Email Address", "varchar(120)")
    assert all("@" in v for v in _preview_changes(page, before, "email"))

    before = _preview_text(page)
    _add_column(page, "tier", "Number")
    _preview_changes(page, before, "tier")
    # The picker: found by a word of its description/synonyms, then its parameters filled in.
    page.get_by_label("Search generators by name, synonym or category", exact=True).fill("custom list")
    page.get_by_role("link", name="Use Custom List", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Custom List"))).to_be_visible()
    page.get_by_label("values", exact=True).fill("bronze, silver, gold")
    before = _preview_text(page)
    page.get_by_role("button", name="Save tier", exact=True).click()
    assert set(_preview_changes(page, before, "tier")) <= {"bronze", "silver", "gold"}

    # The grid: email gets nulls and is unique.
    before = _preview_text(page)
    page.get_by_label("Null percent of email", exact=True).fill("40")
    page.get_by_label("Unique: email", exact=True).check()
    page.get_by_role("button", name="Save columns", exact=True).click()
    assert "null" in _preview_changes(page, before, "email")
    expect(page.get_by_label("Unique: email", exact=True)).to_be_checked()

    # orders, with a foreign key chosen from the existing tables and columns.
    page.get_by_label("New table name", exact=True).fill("orders")
    page.get_by_role("button", name="Add table", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("shop · orders")
    expect(page.locator("#preview-table")).to_be_visible()
    _add_column(page, "customer_id", "Foreign Key")
    # Without its table the key is refused; the form names and marks the parameter.
    expect(page.locator("#p_primary_key_entity")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#designer-error")).to_contain_text("primary_key_entity")
    page.locator("#p_primary_key_entity").select_option("customers")
    page.locator("#p_primary_key_field").select_option(label="customers.id")
    before = _preview_text(page)
    page.get_by_role("button", name="Save customer_id", exact=True).click()
    keys = _preview_changes(page, before, "customer_id")
    assert all(1 <= int(v) <= 50 for v in keys)
    # The customers the previewed orders reference are shown under them.
    parents = page.locator('#preview-rows table[data-table="customers"] tbody tr td:nth-child(1)').all_inner_texts()
    assert sorted(parents, key=int) == sorted(set(keys), key=int)

    # A validation error shown in the form, then fixed.
    before = _preview_text(page)
    _add_column(page, "quantity", "Number", "integer")
    _preview_changes(page, before, "quantity")
    page.locator("#p_min").fill("10")
    page.locator("#p_max").fill("1")
    page.get_by_role("button", name="Save quantity", exact=True).click()
    expect(page.locator("#p_min")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-p_min")).to_contain_text("min (10.0) is greater than max (1.0)")
    expect(page.locator("#p_min")).to_be_focused()  # the keyboard lands on the field to fix
    _axe(page)
    _shot(page, "designer-error", "#editor")
    page.locator("#p_min").fill("1")
    page.locator("#p_max").fill("5")
    before = _preview_text(page)
    page.get_by_role("button", name="Save quantity", exact=True).click()
    assert set(_preview_changes(page, before, "quantity")) <= {"1", "2", "3", "4", "5"}
    expect(page.locator("#p_min")).not_to_have_attribute("aria-invalid", "true")

    # Reseed: other values, the same column.
    before = _preview_text(page)
    page.get_by_role("button", name="Reseed", exact=True).click()
    _preview_changes(page, before, "quantity")
    page.get_by_role("link", name="customers", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("shop · customers")
    expect(page.locator("#preview-table")).to_be_visible()
    _axe(page)
    _shot(page, "designer")

    page.get_by_role("link", name="Generator of email: Email Address (edit)", exact=True).click()
    expect(page.locator("#editor")).to_be_visible()
    page.get_by_label("Search generators by name, synonym or category", exact=True).fill("e-mail")
    expect(page.get_by_role("link", name="Use Email Address", exact=True)).to_be_visible()
    _axe(page)
    _shot(page, "column-editor", "#editor")

    page.get_by_role("link", name="YAML source", exact=True).click()
    expect(page.get_by_label(re.compile("^The definition"))).to_contain_text("primary_key_entity: customers")
    _axe(page)
    _shot(page, "source")
    page.goto("/databases/shop/diagram")
    expect(page.locator(".diagram svg")).to_contain_text("orders")
    _axe(page)
    _shot(page, "diagram")

    # Generate csv and sqlite; the progress bar moves; the files open.
    page.goto("/databases/shop/generate")
    _axe(page)
    seen, body = _run(page, "csv", {"customers": "400000", "orders": "400000"})
    assert any(0 < p < 1 for p in seen) and seen[-1] == 1.0, seen
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        customers = archive.read("customers.csv").decode().splitlines()
        orders = archive.read("orders.csv").decode().splitlines()
    assert customers[0] == "id,email,tier" and len(customers) == 400_001 and len(orders) == 400_001
    seen, body = _run(page, "sqlite", {"customers": "100000", "orders": "100000"})
    assert any(0 < p < 1 for p in seen) and seen[-1] == 1.0, seen
    with _sqlite_of(body, tmp_path) as db:
        assert db.execute("SELECT count(*) FROM customers").fetchone() == (100_000,)
        assert db.execute("SELECT count(*) FROM orders WHERE customer_id NOT IN (SELECT id FROM customers)"
                          ).fetchone() == (0,)
        assert db.execute("SELECT min(quantity), max(quantity) FROM orders").fetchone() == (1, 5)
    _axe(page)
    _shot(page, "generate")

    # A snapshot, then a mock API route tried in the page.
    page.get_by_role("link", name="Snapshots & mock API", exact=True).click()
    _axe(page)
    page.get_by_role("button", name="Create snapshot", exact=True).click()
    expect(page.locator('#snapshots tr[data-status="ready"]')).to_have_count(1, timeout=120_000)
    page.get_by_label("GET path", exact=True).fill("orders/1")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#mock-status")).to_have_text("200")
    expect(page.locator("#mock-body")).to_contain_text('"customer_id"')
    _axe(page)
    _shot(page, "snapshots")

    # Import a DDL file from the workspace home.
    page.get_by_role("link", name="Workspace", exact=True).click()
    ddl = tmp_path / "library.sql"
    ddl.write_text("CREATE TABLE authors (id integer PRIMARY KEY, name varchar(80) NOT NULL);\n"
                   "CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors(id), "
                   "title text);\n")
    page.get_by_label(re.compile("^File")).set_input_files(str(ddl))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("library · authors")
    expect(page.locator("#table-list")).to_contain_text("books")
    page.get_by_role("link", name="Workspace", exact=True).click()
    expect(page.locator("table")).to_contain_text("library")
    _axe(page)
    _shot(page, "home")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/databases/shop/generate")
    expect(page).to_have_url(re.compile("/signin$"))
    page.context.close()


def _editor_made(server: ApiServer, name: str) -> None:
    client = httpx.Client(base_url=server.base, timeout=60, follow_redirects=True)
    client.post("/signin", data={"api_key": server.key("shared", "editor")})
    token = _CSRF.search(client.get("/").text)
    assert token is not None
    client.post("/databases", data={"name": name, "csrf_token": token.group(1)})


def _forged_post(page: Page, path: str, with_token: bool) -> dict[str, Any]:
    """A POST the page's own script could send (same origin, the session cookie), with or without the token."""
    return page.evaluate(
        """async ([path, withToken]) => {
             const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
             const body = new URLSearchParams({name: 'forged'});
             if (withToken) body.set('csrf_token', token);
             const answer = await fetch(path, {method: 'POST', body});
             return {status: answer.status, body: await answer.text()};
           }""", [path, with_token])


def test_viewer_cannot_edit(server: ApiServer, browser: Browser) -> None:
    _editor_made(server, "viewed")
    page = _page(browser, server)
    _sign_in(page, server.key("shared", "viewer"))
    expect(page.get_by_role("link", name="viewed", exact=True)).to_be_visible()
    for text in ("New database", "Import", "Duplicate", "Delete viewed"):
        assert page.get_by_text(text, exact=True).count() == 0
    page.get_by_role("link", name="viewed", exact=True).click()
    expect(page.locator("#preview-table")).to_be_visible()
    assert page.locator("#designer input, #designer select, #designer textarea").count() == 0
    assert page.get_by_role("button").all_inner_texts() == ["Sign out"]
    _axe(page)
    forged = _forged_post(page, "/databases/viewed/tables", with_token=True)
    assert forged["status"] == 403 and "viewer" in forged["body"]
    page.goto("/databases/viewed/generate")
    assert page.get_by_role("button", name="Generate", exact=True).count() == 0
    _axe(page)
    page.context.close()


def test_csrf_less_post_refused(server: ApiServer, browser: Browser) -> None:
    _editor_made(server, "guarded")
    page = _page(browser, server)
    _sign_in(page, server.key("shared", "editor"))
    page.goto("/databases/guarded")
    refused = _forged_post(page, "/databases/guarded/tables", with_token=False)
    assert refused["status"] == 403 and "csrf_token" in refused["body"]
    accepted = _forged_post(page, "/databases/guarded/tables", with_token=True)
    assert accepted["status"] == 200
    page.reload()
    expect(page.locator("#table-list")).to_contain_text("forged")
    page.context.close()


def test_keyboard_and_phone_width(server: ApiServer, browser: Browser) -> None:
    _editor_made(server, "small")
    page = _page(browser, server, width=390, height=844)
    _sign_in(page, server.key("shared", "editor"))
    page.goto("/databases/small")
    expect(page.locator("#preview-table")).to_be_visible()
    # Nothing wider than the phone's screen except inside the scrolling grid and preview, on every page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _axe(page)
    for path in ("/", "/databases/small/generate", "/databases/small/snapshots", "/databases/small/source",
                 "/databases/small/diagram", "/databases/small/tables/table_1?column=0"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto("/databases/small")
    # The keyboard alone: the skip link first, then a table added by typing and Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_label("New table name", exact=True).focus()
    page.keyboard.type("typed")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("small · typed")
    # A grid row's Delete (a formaction button, swapped by htmx): the last column cannot go, and says why.
    page.get_by_role("button", name="Delete column id", exact=True).click()
    expect(page.locator("#designer-error")).to_contain_text("entities[1].fields")
    expect(page.get_by_label("Name of column 1", exact=True)).to_have_value("id")
    page.context.close()
