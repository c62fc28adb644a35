"""What commands share besides their options: messages on stderr, and the checks of what a
user names on the command line (files to read or write, case ids), made before any store opens."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

import typer

from graphmap.errors import ConfigError, one_line, shown_name

__all__ = ["say", "status", "read_text", "query_text", "checked_rubric", "case_id", "writable_file", "write_file",
           "out_folder", "QUERY_FILE_BYTES"]


def say(message: str) -> None:
    typer.echo(message, err=True)


def status(message: str):
    """A transient spinner on a terminal (nothing when output is piped)."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


QUERY_FILE_BYTES = 8 * 1024 * 1024  # an ad-hoc query larger than a case file is a mistake


def read_text(path: Path, option: str) -> str:
    """The text of a file named by ``option``: a regular file, UTF-8, of bounded size; else one line."""
    import stat

    name = f"{option} {shown_name(path)}"
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(mode):  # a pipe would hang, a device never end
            raise ConfigError(f"{name}: is not a regular file (a pipe or a device); give a file")
        with open(path, "rb") as handle:
            data = handle.read(QUERY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{name}: {exc.strerror or exc}") from None
    return _decoded(data, name)


def _decoded(data: bytes, name: str) -> str:
    if len(data) > QUERY_FILE_BYTES:
        raise ConfigError(f"{name}: more than {QUERY_FILE_BYTES} bytes; not a query")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def query_text(value: str, option: str) -> str:
    """An ad-hoc query given as ``option``: ``-`` (standard input), a file, or the query itself
    (a value with a space, a line break or a brace that names no file)."""
    import os

    if value == "-":
        try:
            data = sys.stdin.buffer.read(QUERY_FILE_BYTES + 1)
        except (OSError, AttributeError, ValueError) as exc:
            raise ConfigError(f"{option} -: standard input cannot be read ({one_line(str(exc))[:100]})") from None
        return _decoded(data, f"{option} -")
    if not value.strip():
        raise ConfigError(f"{option}: empty; give a query file, - for standard input, or the query text")
    try:
        exists = os.path.lexists(value)
    except (OSError, ValueError):  # a name too long or with a NUL byte names no file
        exists = False
    if exists:
        return read_text(Path(value), option)
    if re.search(r"[\s{}]", value):
        return value
    raise ConfigError(f"{option} {shown_name(value)}: no such file (give a file, - for standard input, or the query text)")


def checked_rubric(path: Optional[Path], option: str = "--rubric") -> Optional[Path]:
    """Refuse, before it is read, a rubric that is a pipe (would hang) or a device (would never end);
    a missing file, a folder and its content are checked where it is read (vocabulary.rubric_graph)."""
    import stat

    try:
        mode = path.stat().st_mode if path is not None else None
    except OSError:
        return path
    if mode is not None and not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
        raise ConfigError(f"{option} {shown_name(path)}: is not a regular file (a pipe or a device); give a rubric file (Turtle)")
    return path


def case_id(value: Optional[str], option: str) -> Optional[str]:
    """A case id given on the command line, checked by the rule of case files (nothing else can be a case)."""
    from graphmap.model.caseformat import CASE_ID_PATTERN

    if value is not None and not re.fullmatch(CASE_ID_PATTERN.removesuffix("$"), value):
        raise ConfigError(f"{option}: {one_line(repr(value)[:100])} is not a case id (lowercase letters, digits "
                          "and '-', starting with a letter or digit, at most 80)")
    return value


def out_folder(path: Path, option: str, create: bool = False) -> None:
    """Refuse, before any work, a folder to write files into that is a file or whose parent does not
    exist; with ``create``, make it when it is missing."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{option} {shown_name(path)}: is a file; give a folder to write the files into")
    if not path.exists():
        if not path.parent.is_dir():
            raise ConfigError(f"{option} {shown_name(path)}: no folder {shown_name(path.parent)}; create it first")
        if not create:
            return
        try:
            path.mkdir()
        except OSError as exc:
            raise ConfigError(f"{option} {shown_name(path)}: {exc.strerror or exc}") from None


def writable_file(path: Path, option: str) -> None:
    """Refuse, before any work, a file to write that is a folder or whose folder does not exist."""
    if path.is_dir():
        raise ConfigError(f"{option} {shown_name(path)}: is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise ConfigError(f"{option} {shown_name(path)}: no folder {shown_name(parent)}; create it first")


def write_file(path: Path, text: str, option: str) -> None:
    writable_file(path, option)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{option} {shown_name(path)}: {exc.strerror or exc}") from None
