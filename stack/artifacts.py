"""Pinned Maven Central artifacts: fetched once into the cache, verified by SHA-256.

The Maven client is used where it is installed (it carries the machine's repository and proxy
configuration); otherwise the files come straight from Maven Central over HTTPS.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from stack.errors import StackError

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
PINS_FILE = Path(__file__).with_name("artifacts.json")


@dataclass(frozen=True)
class Artifact:
    name: str
    group: str
    artifact: str
    version: str
    ext: str
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.artifact}-{self.version}.{self.ext}"

    @property
    def coordinates(self) -> str:
        return f"{self.group}:{self.artifact}:{self.version}:{self.ext}"

    @property
    def url(self) -> str:
        return f"{MAVEN_CENTRAL}/{self.group.replace('.', '/')}/{self.artifact}/{self.version}/{self.filename}"


def pinned() -> dict[str, Artifact]:
    data = json.loads(PINS_FILE.read_text())
    return {name: Artifact(name=name, **fields) for name, fields in data.items()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(artifact: Artifact, path: Path) -> None:
    actual = sha256_of(path)
    if actual != artifact.sha256:
        path.unlink(missing_ok=True)
        raise StackError(
            f"checksum mismatch for {artifact.coordinates}: expected sha256 {artifact.sha256}, got {actual}. "
            "The download was removed; run the command again, and if it fails again the repository "
            "serves a different file than the one pinned in stack/artifacts.json."
        )


def _fetch_with_maven(artifact: Artifact, target_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            "mvn", "-q", "-B", "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
            f"-Dartifact={artifact.coordinates}", f"-DoutputDirectory={tmp}", "-Dmdep.useBaseVersion=true",
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        produced = Path(tmp) / artifact.filename
        if result.returncode != 0 or not produced.exists():
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
            raise StackError(f"mvn could not fetch {artifact.coordinates}:\n{tail}")
        target = target_dir / artifact.filename
        shutil.move(str(produced), target)
        return target


def _fetch_over_https(artifact: Artifact, target_dir: Path) -> Path:
    target = target_dir / artifact.filename
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with httpx.stream("GET", artifact.url, follow_redirects=True, timeout=120) as response:
            if response.status_code != 200:
                raise StackError(f"{artifact.url} answered HTTP {response.status_code}")
            with partial.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 20):
                    handle.write(chunk)
    except httpx.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise StackError(f"could not download {artifact.url}: {exc}") from exc
    partial.rename(target)
    return target


def fetch(artifact: Artifact, cache_dir: Path, log=print) -> Path:
    """Return the verified local copy of `artifact`, downloading it on first use."""
    target_dir = cache_dir / "artifacts"
    target_dir.mkdir(parents=True, exist_ok=True)
    cached = target_dir / artifact.filename
    if cached.exists():
        _verify(artifact, cached)
        return cached
    errors: list[str] = []
    fetchers = [_fetch_with_maven, _fetch_over_https] if shutil.which("mvn") else [_fetch_over_https]
    for fetcher in fetchers:
        log(f"fetching {artifact.coordinates} ({'mvn' if fetcher is _fetch_with_maven else 'https'})")
        try:
            path = fetcher(artifact, target_dir)
        except StackError as exc:
            errors.append(str(exc))
            continue
        _verify(artifact, path)
        return path
    raise StackError(f"could not fetch {artifact.coordinates}:\n" + "\n".join(errors))
