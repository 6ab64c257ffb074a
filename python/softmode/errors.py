"""softmode's exceptions. Each carries ``file`` and ``line`` (None where unknown)."""


class Error(Exception):
    """Base of softmode's errors."""

    file = None
    line = None


class ParseError(Error, ValueError):
    """A file's content is malformed (``file`` and ``line`` say where)."""


class InvalidModeError(Error, ValueError):
    """The data cannot be analysed: wrong shapes, NaN, a zero mode, a degenerate box."""


class SettingError(Error, ValueError):
    """An unknown setting name or a value out of its domain."""


class FileError(Error, OSError):
    """A file could not be opened, read or written."""
