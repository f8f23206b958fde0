"""Background services: pid files, port checks, health polling and clean shutdown."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from stack.errors import StackError


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def read_pid(pid_file: Path) -> int | None:
    """The pid recorded in `pid_file` if that process is still alive."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE else None


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def wait_until(check: Callable[[], bool], timeout_s: float, alive: Callable[[], bool], what: str, log: Path) -> None:
    """Poll `check` until it passes; fail early, with the log's tail, if the process dies."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        if not alive():
            raise StackError(f"{what} exited during start-up. Last lines of {log}:\n{tail(log)}")
        time.sleep(1)
    raise StackError(f"{what} did not become healthy within {timeout_s:.0f}s. Last lines of {log}:\n{tail(log)}")


def stop_tree(pid: int, timeout_s: float = 30) -> None:
    """Stop a process and every child it started (Tika forks a parser JVM), leaving none behind."""
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for proc in family:
        try:
            proc.send_signal(signal.SIGTERM)
        except psutil.NoSuchProcess:
            pass
    _, survivors = psutil.wait_procs(family, timeout=timeout_s)
    for proc in survivors:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(survivors, timeout=5)


def stop_service(pid_file: Path, name: str, log) -> bool:
    """Stop the service whose pid `pid_file` records; False when it was not running."""
    pid = read_pid(pid_file)
    if pid is None:
        return False
    log(f"stopping {name} (pid {pid})")
    stop_tree(pid)
    pid_file.unlink(missing_ok=True)
    return True


def ensure_dir(path: Path, mode: int = 0o755) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, mode)
    return path
