"""Error types that carry the location of the problem (file, definition path, field)."""

from __future__ import annotations


class SynthdbError(Exception):
    """Base class for every error synthdb reports to a user."""

    exit_code = 1


class DefinitionError(SynthdbError):
    """A definition is invalid; `path` locates the offending element (e.g. `entities[2].fields[3].generator`)."""

    exit_code = 2

    def __init__(self, path: str, message: str, source: str | None = None) -> None:
        self.path = path
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        loc = f"{self.path}: " if self.path else ""
        return f"{where}{loc}{self.message}"

    def with_source(self, source: str) -> DefinitionError:
        """Return the same error, naming the file it came from."""
        return DefinitionError(self.path, self.message, source)


class UsageError(SynthdbError):
    """A command-line or API argument is wrong (unknown format, bad --var, ...)."""

    exit_code = 2


class OutputError(SynthdbError):
    """Writing an output failed; nothing was left at the destination."""

    exit_code = 1


class DefinitionWarning(UserWarning):
    """A definition was read leniently and something in it was ignored (an unknown key, ...)."""
