"""The local stack: a real OpenSearch with the modules our index needs, and a real Tika."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import psutil
import pytest

from made_files import make_docx, make_pdf
from pops.config import Settings
from stack import artifacts
from stack.errors import StackError
from stack.java import find_java
from stack.opensearch_node import REQUIRED_MODULES
from stack.tika_server import TikaServer

pytestmark = pytest.mark.services
POPS = Path(sys.executable).with_name("pops")


def test_node_reports_pinned_version_and_modules(os_client) -> None:
    info = os_client.info()
    if not os.environ.get("POPS_OPENSEARCH_URL"):
        assert info["version"]["number"] == artifacts.pinned()["opensearch"].version
    nodes = os_client.nodes.info(metric="plugins")["nodes"]
    node = next(iter(nodes.values()))
    modules = {m["name"] for m in node["modules"]}
    plugins = {p["name"] for p in node["plugins"]}
    assert set(REQUIRED_MODULES) <= modules
    assert {"analysis-icu", "analysis-smartcn"} <= plugins


def test_one_search_may_use_every_core(os_client) -> None:
    if os.environ.get("POPS_OPENSEARCH_URL"):
        pytest.skip("external OpenSearch: its node settings are not ours")
    node = next(iter(os_client.nodes.info(metric="settings")["nodes"].values()))
    expected = Settings().opensearch_search_slices or os.cpu_count()
    assert node["settings"]["search"]["concurrent"]["max_slice_count"] == str(expected)


def test_french_analyzer_and_synonym_graph_work(os_client) -> None:
    french = os_client.indices.analyze(body={"analyzer": "french", "text": "l'environnement"})
    assert [t["token"] for t in french["tokens"]] == ["environ"]
    graph = os_client.indices.analyze(body={
        "tokenizer": "standard",
        "filter": ["lowercase", {"type": "synonym_graph", "synonyms": ["pfos, perfluorooctane sulfonic acid"]}],
        "text": "PFOS",
    })
    tokens = {t["token"] for t in graph["tokens"]}
    assert {"pfos", "perfluorooctane", "sulfonic", "acid"} <= tokens


def test_icu_and_smartcn_segment_chinese(os_client) -> None:
    icu = os_client.indices.analyze(body={"tokenizer": "icu_tokenizer", "text": "多氯联苯的替代品"})
    assert "多氯联苯" in [t["token"] for t in icu["tokens"]]
    smartcn = os_client.indices.analyze(body={"tokenizer": "smartcn_tokenizer", "text": "滴滴涕的替代品"})
    assert "滴滴涕" in [t["token"] for t in smartcn["tokens"]]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_tika_extracts_text(tika, kind) -> None:
    sentence = "Polychlorinated biphenyls must be eliminated by 2025"
    body = make_pdf(sentence) if kind == "pdf" else make_docx([sentence], title="PCB elimination")
    response = httpx.put(f"{tika}/tika", content=body, headers={"Accept": "text/plain"}, timeout=60)
    assert response.status_code == 200
    assert sentence in response.text


def test_status_json_has_the_contract_shape() -> None:
    result = subprocess.run([str(POPS), "stack", "status", "--json"], capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    for service in ("opensearch", "tika"):
        assert {"url", "version", "running"} <= set(data[service])
        assert data[service]["running"] is True


def _free_port(*, also_free_at: int = 0, start: int = 19200) -> int:
    """A free port below the ephemeral range (so no outgoing connection takes it meanwhile), with
    `port + also_free_at` free too (OpenSearch's transport port is its HTTP port + 100)."""
    for port in range(start, start + 600):
        wanted = [port, port + also_free_at] if also_free_at else [port]
        if all(_bindable(p) for p in wanted):
            return port
    raise RuntimeError("no free port found")


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.slow
def test_second_up_reuses_the_stack_and_down_leaves_no_process(services, tmp_path) -> None:
    """A separate stack (own state dir and ports, shared download cache) so the session's stack stays up."""
    if services.opensearch_url or services.tika_url:
        pytest.skip("external services are configured; the local stack is not used")
    state = tmp_path / "state"
    env = {**os.environ, "POPS_STATE_DIR": str(state), "POPS_CACHE_DIR": str(services.cache_dir),
           "POPS_OPENSEARCH_PORT": str(_free_port(also_free_at=100)), "POPS_TIKA_PORT": str(_free_port(start=19900)),
           "POPS_OPENSEARCH_HEAP": "512m", "POPS_TIKA_HEAP": "512m", "POPS_START_TIMEOUT_S": "300"}
    os.chmod(tmp_path, 0o755)

    def pops(*args: str) -> dict:
        result = subprocess.run([str(POPS), "stack", *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        status = subprocess.run([str(POPS), "stack", "status", "--json"], env=env, check=True,
                                capture_output=True, text=True)
        return json.loads(status.stdout)

    try:
        first = pops("up")
        assert first["opensearch"]["running"] and first["tika"]["running"]
        pids = {first["opensearch"]["pid"], first["tika"]["pid"]}
        family = {p.pid for pid in pids for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]}
        second = pops("up")
        assert {second["opensearch"]["pid"], second["tika"]["pid"]} == pids
        stopped = pops("down")
        assert not stopped["opensearch"]["running"] and not stopped["tika"]["running"]
        assert not [pid for pid in family if psutil.pid_exists(pid) and
                    psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    finally:
        subprocess.run([str(POPS), "stack", "down"], env=env, capture_output=True)


def test_port_in_use_is_a_clear_error(tmp_path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        settings = Settings(state_dir=tmp_path, tika_port=port)
        with pytest.raises(StackError, match=f"port {port} is in use.*POPS_TIKA_PORT"):
            TikaServer(settings, java=find_java(), log=lambda _: None).start()


def test_checksum_mismatch_is_a_clear_error(tmp_path) -> None:
    pin = artifacts.pinned()["lucene-analysis-smartcn"]
    cached = tmp_path / "artifacts" / pin.filename
    cached.parent.mkdir()
    cached.write_bytes(b"not the jar")
    with pytest.raises(StackError, match="checksum mismatch.*lucene-analysis-smartcn"):
        artifacts.fetch(pin, tmp_path, log=lambda _: None)
    assert not cached.exists()


def test_unsuitable_java_names_the_versions_that_work(tmp_path) -> None:
    fake_home = tmp_path / "jdk"
    (fake_home / "bin").mkdir(parents=True)
    with pytest.raises(StackError, match=r"(?s)Java 21 or later.*POPS_JAVA_HOME"):
        find_java(fake_home)


def test_indices_can_be_created_and_thai_is_segmented(os_client, index_name) -> None:
    """Every index builds the prebuilt `thai` analyzer, which needs a dictionary Thai BreakIterator."""
    os_client.indices.create(index=index_name, body={"settings": {"number_of_replicas": 0}})
    thai = os_client.indices.analyze(index=index_name, body={"analyzer": "thai", "text": "ภาษาไทย"})
    assert [t["token"] for t in thai["tokens"]] == ["ภาษา", "ไทย"]
