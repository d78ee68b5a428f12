"""pydantic's look for plugins, skipped in the command line's process when a remembered look found none."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib

from synthdb.user_cache import cache_dir, write_whole

# pydantic's documented switch: "__all__" turns every plugin off.
SWITCH = "PYDANTIC_DISABLE_PLUGINS"


def skip_pydantic_plugin_scan() -> None:
    """When no installed distribution declares a pydantic plugin, tell pydantic so before it looks.

    pydantic reads the entry points of every installed distribution the first time it builds a model
    (40 ms of a 0.9 s `validate` here, with 200 distributions installed); synthdb's definition models
    are built on every start. Whether any distribution declares a `pydantic` entry point is remembered
    in the user's cache, keyed by the distributions each sys.path folder holds (their folders' names and
    times), so a later start lists a few folders instead (3 ms). With a plugin installed, or the switch
    already set by the user, nothing changes; with none, switching them off changes nothing either, in
    this process or in the children that inherit its environment.
    Called before the command line imports pydantic's models (cli/__init__.py).
    """
    if SWITCH in os.environ:
        return
    if not declared_plugins():
        os.environ[SWITCH] = "__all__"


def declared_plugins() -> list[str]:
    """The `pydantic` entry points installed distributions declare (as `module:object` values)."""
    state = _path_state()
    entry = cache_dir() / f"pydantic-plugins-{zlib.crc32(json.dumps(state).encode()):08x}.json"
    try:
        stored = json.loads(entry.read_bytes())
        if stored["path_state"] == state:  # the name is only a checksum: the state itself must match
            return list(stored["plugins"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    plugins = _scan()
    text = json.dumps({"path_state": state, "plugins": plugins}).encode()
    with contextlib.suppress(OSError):  # the cache only saves time: a read-only home costs the scan
        write_whole(entry, lambda handle: handle.write(text))
    return plugins


def _path_state() -> list[str]:
    """What the entry points that can be found depend on: each sys.path entry's distributions (the
    names and modification times of its .dist-info and .egg-info folders; a zip's own time). Installing,
    upgrading or removing a distribution changes it; writing other files into a folder does not."""
    state = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                found = sorted(f"{item.name}:{item.stat().st_mtime_ns}" for item in listing
                               if item.name.endswith((".dist-info", ".egg-info")))
        except NotADirectoryError:
            found = [str(os.stat(entry).st_mtime_ns)]
        except OSError:
            found = []
        state.append("\0".join([entry, *found]))
    return state


def _scan() -> list[str]:
    from importlib.metadata import entry_points

    return sorted({point.value for point in entry_points(group="pydantic")})
