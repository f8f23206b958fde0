"""Apache Tika server 3.x from Maven Central, run with its forked-child watchdog.

In fork mode (Tika's default) the server process only supervises a child JVM that does the
parsing: a parser crash, an OOM or a task over `taskTimeoutMillis` kills that child and the
watchdog starts a new one, so one bad file cannot take the service down.
"""

from __future__ import annotations

import subprocess
from xml.sax.saxutils import escape

import httpx

from pops.config import Settings
from stack import artifacts
from stack.errors import StackError
from stack.java import JavaRuntime
from stack.processes import ensure_dir, port_in_use, read_pid, stop_service, wait_until


class TikaServer:
    def __init__(self, settings: Settings, java: JavaRuntime | None = None, log=print) -> None:
        self.settings = settings
        self.java = java
        self.log = log
        self.artifact = artifacts.pinned()["tika-server"]
        self.version = self.artifact.version
        self.base = settings.state_dir / "tika"
        self.config_file = self.base / "tika-config.xml"
        self.log_dir = settings.logs_dir / "tika"
        self.console_log = self.log_dir / "console.log"
        self.pid_file = settings.state_dir / "run" / "tika.pid"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.tika_port}"

    def config_xml(self) -> str:
        timeout_ms = self.settings.tika_timeout_s * 1000
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<properties>
  <server>
    <params>
      <host>127.0.0.1</host>
      <port>{self.settings.tika_port}</port>
      <taskTimeoutMillis>{timeout_ms}</taskTimeoutMillis>
      <taskPulseMillis>1000</taskPulseMillis>
      <maxFiles>20000</maxFiles>
      <forkedJvmArgs>
        <arg>-Xmx{escape(self.settings.tika_heap)}</arg>
        <arg>-Djava.awt.headless=true</arg>
      </forkedJvmArgs>
    </params>
  </server>
</properties>
"""

    def pid(self) -> int | None:
        return read_pid(self.pid_file)

    def healthy(self) -> bool:
        return self.running_version() is not None

    def running_version(self) -> str | None:
        try:
            response = httpx.get(f"{self.url}/version", timeout=5)
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        return response.text.strip().removeprefix("Apache Tika ").strip()

    def start(self) -> None:
        if self.pid() and self.healthy():
            self.log(f"Tika already running at {self.url} (pid {self.pid()})")
            return
        if port_in_use(self.settings.tika_port):
            raise StackError(
                f"port {self.settings.tika_port} is in use by another program, so Tika cannot start. "
                "Stop that program or choose another port with POPS_TIKA_PORT."
            )
        if self.java is None:
            raise StackError("no Java runtime given to start Tika")
        jar = artifacts.fetch(self.artifact, self.settings.cache_dir, self.log)
        for path in (self.base, self.log_dir, self.pid_file.parent):
            ensure_dir(path)
        self.config_file.write_text(self.config_xml())
        # The watchdog launches the forked parser with the `java` found on PATH.
        env = {"PATH": f"{self.java.home / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "HOME": str(self.base), "JAVA_HOME": str(self.java.home)}
        self.log(f"starting Tika {self.version} on {self.url}")
        with self.console_log.open("ab") as console:
            process = subprocess.Popen(
                [str(self.java.executable), "-Xmx256m", "-Djava.awt.headless=true", "-jar", str(jar),
                 "-c", str(self.config_file)],
                cwd=self.base, env=env, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        wait_until(self.healthy, self.settings.start_timeout_s, lambda: process.poll() is None, "Tika", self.console_log)

    def stop(self) -> bool:
        return stop_service(self.pid_file, "Tika", self.log)

