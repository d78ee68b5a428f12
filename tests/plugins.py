"""Install a plugin for a test without pip: a `.dist-info` with `entry_points.txt` on a sys.path entry."""

from __future__ import annotations

from pathlib import Path


def write_dist_info(site: Path, name: str, groups: dict[str, dict[str, str]]) -> Path:
    """Declare distribution `name` with entry points `{group: {name: value}}` in directory `site`;
    importlib.metadata finds it once `site` is on sys.path (or PYTHONPATH)."""
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = []
    for group, points in groups.items():
        lines.append(f"[{group}]")
        lines.extend(f"{key} = {value}" for key, value in points.items())
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines))
    return info
