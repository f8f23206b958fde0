"""Finding the files to index under the paths given on the command line, lazily.

The walk is a generator in a stable (sorted) order, so memory does not grow with the size of the
tree. Hidden and temporary files are noise that office tools and file managers leave behind;
metadata sidecars (`manifest.json`, `<file>.json`) describe other files and are reported as
skipped rather than indexed. Symbolic links are only followed to files inside the tree.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"
SIDECAR_SUFFIX = ".json"
_TEMPORARY_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class FoundFile:
    """A file to index: `shown` is the path as given on the command line joined with the walk."""

    shown: str
    absolute: str
    root: str
    size: int
    mtime: float

    @property
    def name(self) -> str:
        return os.path.basename(self.absolute)


@dataclass(frozen=True)
class SkippedFile:
    shown: str
    absolute: str
    reason: str


def is_hidden_or_temporary(name: str) -> bool:
    return (name.startswith(".") or name.startswith("~$") or name.endswith(".tmp") or name.endswith("~")
            or name in _TEMPORARY_NAMES)


def split_globs(value: str | Iterable[str] | None) -> list[str]:
    """Globs from a comma-separated setting or a list of CLI options."""
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else [part for item in value for part in item.split(",")]
    return [item.strip() for item in items if item.strip()]


def absolute_path(path: str | Path) -> str:
    """Absolute and normalised, but not resolved: a symlinked root keeps the name the user gave it."""
    return os.path.normpath(os.path.abspath(os.fspath(path)))


class _Filter:
    def __init__(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        self.include = list(include)
        self.exclude = list(exclude)

    @staticmethod
    def _matches(globs: Sequence[str], name: str, relative: str) -> bool:
        return any(fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob) for glob in globs)

    def excluded_dir(self, name: str, relative: str) -> bool:
        return is_hidden_or_temporary(name) or self._matches(self.exclude, name, relative)

    def wanted_file(self, name: str, relative: str) -> bool:
        if is_hidden_or_temporary(name) or self._matches(self.exclude, name, relative):
            return False
        return not self.include or self._matches(self.include, name, relative)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def walk(paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
         ) -> Iterator[FoundFile | SkippedFile]:
    """Every file under `paths`, depth first in name order; a file given explicitly is always taken."""
    wanted = _Filter(include, exclude)
    for given in paths:
        given_text = os.fspath(given)
        absolute = absolute_path(given_text)
        if os.path.isfile(absolute):
            stat = os.stat(absolute)
            yield FoundFile(given_text, absolute, os.path.dirname(absolute), stat.st_size, stat.st_mtime)
        elif os.path.isdir(absolute):
            yield from _walk_dir(given_text, absolute, wanted)


def _walk_dir(given: str, root: str, wanted: _Filter) -> Iterator[FoundFile | SkippedFile]:
    real_root = os.path.realpath(root)
    stack: list[tuple[str, str]] = [(root, given)]
    while stack:
        directory, shown_dir = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            shown = os.path.join(shown_dir, entry.name)
            relative = os.path.relpath(entry.path, root)
            if entry.is_dir(follow_symlinks=False):
                if not wanted.excluded_dir(entry.name, relative):
                    subdirs.append((entry.path, shown))
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _inside(target, real_root) or not os.path.isfile(target):
                    continue
            elif not entry.is_file(follow_symlinks=False):
                continue
            if not wanted.wanted_file(entry.name, relative):
                continue
            sidecar_of = _sidecar_target(entry.name, names)
            if sidecar_of is not None:
                yield SkippedFile(shown, absolute_path(entry.path), sidecar_of)
                continue
            try:
                stat = entry.stat(follow_symlinks=True)
            except OSError:
                continue
            yield FoundFile(shown, absolute_path(entry.path), root, stat.st_size, stat.st_mtime)
        stack.extend(reversed(subdirs))


def _sidecar_target(name: str, names_in_dir: set[str]) -> str | None:
    """Why a file is metadata about other files, or None when it is a document itself."""
    if name == MANIFEST_NAME:
        return "metadata: the folder's manifest of document metadata"
    if name.endswith(SIDECAR_SUFFIX) and name[: -len(SIDECAR_SUFFIX)] in names_in_dir:
        return f"metadata: sidecar of {name[: -len(SIDECAR_SUFFIX)]}"
    return None
