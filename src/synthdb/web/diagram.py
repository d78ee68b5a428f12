"""The relations diagram: tables as boxes (key columns marked) in a grid, foreign keys as arrows, as SVG text."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

BOX_W = 220
LINE_H = 18
HEAD_H = 24
GAP_X = 90
GAP_Y = 50
PER_ROW = 3
MAX_LINES = 14  # a long table shows its first columns and "… n more"


def _lines(entity: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for fld in entity.get("fields", []):
        mark = "PK" if fld.get("primary_key") else ("FK" if fld.get("primary_key_entity") else "")
        out.append((mark, str(fld.get("name", ""))))
    if len(out) > MAX_LINES:
        out = [*out[:MAX_LINES - 1], ("", f"… {len(out) - MAX_LINES + 1} more")]
    return out


def _key(entity: dict[str, Any]) -> str:
    """The table's key: `schema.name` when it has a schema (two `person` tables get two boxes)."""
    return f"{entity['schema']}.{entity['name']}" if entity.get("schema") else str(entity["name"])


def _parent_box(boxes: dict[str, Any], parent: Any) -> str | None:
    """The box a reference points at: its key, else the one table of that plain name."""
    if parent in boxes:
        return str(parent)
    named = [k for k in boxes if k.rsplit(".", 1)[-1] == parent]
    return named[0] if len(named) == 1 else None


def relations_svg(data: dict[str, Any]) -> str:
    """The SVG document (escaped; embedded in the page as markup)."""
    entities = data.get("entities", [])
    boxes: dict[str, tuple[int, int, int, int]] = {}
    rows_h: dict[int, int] = {}
    for i, entity in enumerate(entities):
        rows_h[i // PER_ROW] = max(rows_h.get(i // PER_ROW, 0), HEAD_H + LINE_H * len(_lines(entity)) + 8)
    y_of = [0]
    for r in range(len(rows_h)):
        y_of.append(y_of[-1] + rows_h[r] + GAP_Y)
    parts = []
    for i, entity in enumerate(entities):
        x = 20 + (i % PER_ROW) * (BOX_W + GAP_X)
        y = 20 + y_of[i // PER_ROW]
        lines = _lines(entity)
        h = HEAD_H + LINE_H * len(lines) + 8
        boxes[_key(entity)] = (x, y, BOX_W, h)
        name = escape(_key(entity))
        parts.append(f'<g class="table"><rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="4" fill="#fff" '
                     f'stroke="#4a5563"/><rect x="{x}" y="{y}" width="{BOX_W}" height="{HEAD_H}" rx="4" '
                     f'fill="#dde7f7" stroke="#4a5563"/><text x="{x + 8}" y="{y + 17}" font-weight="700">{name}</text>')
        for n, (mark, column) in enumerate(lines):
            ty = y + HEAD_H + 14 + n * LINE_H
            parts.append(f'<text x="{x + 8}" y="{ty}" font-size="11" fill="#4a5563">{mark}</text>'
                         f'<text x="{x + 34}" y="{ty}">{escape(column)}</text>')
        parts.append("</g>")
    for entity in entities:
        fields = entity.get("fields", [])
        for n, fld in enumerate(fields[: MAX_LINES - 1]):
            parent = _parent_box(boxes, fld.get("primary_key_entity"))
            if parent is None or _key(entity) not in boxes:
                continue
            cx, cy, cw, _ = boxes[_key(entity)]
            px, py, pw, _ = boxes[parent]
            y1 = cy + HEAD_H + 10 + n * LINE_H
            x1, x2 = (cx, px + pw) if px < cx else (cx + cw, px)
            if px == cx:
                x1, x2 = cx, px
            y2 = py + HEAD_H // 2
            label = escape(f"{_key(entity)}.{fld.get('name')} references {parent}")
            parts.append(f'<path d="M{x1},{y1} C{(x1 + x2) / 2 - (40 if px == cx else 0)},{y1} '
                         f'{(x1 + x2) / 2 - (40 if px == cx else 0)},{y2} {x2},{y2}" fill="none" stroke="#0b57d0" '
                         f'stroke-width="1.6" marker-end="url(#arrow)"><title>{label}</title></path>')
    width = 40 + max(1, min(len(entities), PER_ROW)) * (BOX_W + GAP_X) - GAP_X
    height = 40 + max(0, y_of[-1] - GAP_Y)
    names = ", ".join(escape(_key(e)) for e in entities) or "no tables"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="diagram-title" font-family="system-ui, sans-serif" '
            f'font-size="13"><title id="diagram-title">Tables ({names}) and their foreign keys</title>'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0b57d0"/></marker></defs>'
            + "".join(parts) + "</svg>")
