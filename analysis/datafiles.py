"""The package's own data files (``analysis/data/``), and users' files that replace them.

Reading a user's file never fails with a bare ``UnicodeDecodeError`` or ``OSError``: every
failure is a :class:`DataFileError` naming the file and the reason.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import PathError


class DataFileError(PathError):
    """A data or registry file could not be read: not UTF-8, unreadable, or invalid YAML.

    Attributes:
        path: the file.
        reason: a short human-readable reason.
    """


def data_text(name: str) -> str:
    """The text of ``analysis/data/<name>`` (read through importlib, so it works from a wheel too)."""
    return resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")


#: PyYAML's safe loader on libyaml's C parser where PyYAML has it (same values, ~10x faster).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML ``text`` as ``yaml.safe_load`` does (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def read_text_file(path: str | Path) -> str:
    """The UTF-8 text of a user's file (a UTF-8 byte-order mark is dropped).

    Raises:
        DataFileError: the file cannot be read, or is not UTF-8 (the reason gives the byte offset).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DataFileError(path, f"cannot read file: {e.strerror or e}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        offset = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise DataFileError(
            path, f"not UTF-8: invalid byte 0x{data[offset]:02x} at byte offset {offset} (save it as UTF-8)"
        ) from None


def read_yaml_file(path: str | Path) -> Any:
    """Parse a user's YAML file.

    Raises:
        DataFileError: the file cannot be read, is not UTF-8, or is not valid YAML (tags such as
            ``!!python/object`` included: the loader is a safe one).
    """
    text = read_text_file(path)
    try:
        return load_yaml(text)
    except (yaml.YAMLError, RecursionError) as e:
        raise DataFileError(path, f"invalid YAML: {yaml_error_text(e)}") from None


def yaml_error_text(error: BaseException) -> str:
    """One line for a YAML parse error: its first line, with the line and column where known."""
    first = (str(error).splitlines() or [type(error).__name__])[0]
    mark = getattr(error, "problem_mark", None)
    return f"{first} (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else first


def read_yaml(name: str, path: str | Path | None = None) -> Any:
    """Parse the user's YAML file at ``path``, or the packaged ``analysis/data/<name>`` when None.

    Raises:
        DataFileError: the user's file cannot be read, is not UTF-8, or is not valid YAML.
    """
    return load_yaml(data_text(name)) if path is None else read_yaml_file(path)


def file_stamp(path: str | Path) -> tuple[str, int, int]:
    """(resolved path, modification time in ns, size) of a user's file: the key under which
    something loaded from it may be cached, so that editing the file is seen on the next load
    (the size catches most edits within the file system's timestamp resolution)."""
    resolved = Path(path).resolve()
    st = resolved.stat()
    return str(resolved), st.st_mtime_ns, st.st_size
