"""The indexer against the real Tika and OpenSearch: extraction, tags, idempotence, failures as data, recovery."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from indexer.ingest_log import log_index_name
from indexer.pipeline import LOOKUP_BATCH, run_index
from indexer.report import FileOutcome, RunReport
from conftest import SHARED_CORPUS
from made_files import make_docx, make_pdf
from pops.config import PROJECT_ROOT, Settings
from stack.java import find_java
from stack.processes import stop_tree
from stack.tika_server import TikaServer

pytestmark = pytest.mark.services

POPS = Path(sys.executable).with_name("pops")
DEMO_FILES = PROJECT_ROOT / "demo_corpus" / "files"
KNOWN_FAILURE_PREFIXES = ("encrypted:", "corrupt:", "empty:", "no text:", "unsupported type", "timed out after",
                          "oversized:")


def _settings(services: Settings, **changes) -> Settings:
    """The session's services with test-friendly budgets: Tika's minimum per-file timeout, English OCR only."""
    return services.model_copy(update={"tika_timeout_s": 30, "ocr_languages": "eng", **changes})


def _index(paths, services: Settings, alias: str, **options) -> RunReport:
    options.setdefault("live_progress", False)
    options.setdefault("tika_recovery_s", 20)
    options.setdefault("opensearch_recovery_s", 10)
    settings = options.pop("settings", None) or _settings(services)
    return run_index(paths, settings=settings, alias=alias, **options)


def _by_path(report: RunReport) -> dict[str, dict]:
    return {entry["path"]: entry for entry in report.entries()}


def _docs(client: OpenSearch, alias: str) -> dict[str, dict]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, body={"size": 1000, "query": {"match_all": {}}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------------------ demo corpus


@pytest.fixture(scope="module")
def demo_run(services: Settings, os_client: OpenSearch) -> Iterator[tuple[str, RunReport, dict]]:
    if not (DEMO_FILES / "manifest.json").is_file():
        pytest.skip(f"the demo corpus is not built at {DEMO_FILES} (run `python -m demo_corpus.build`)")
    alias = f"pops-test-{uuid.uuid4().hex[:10]}"
    manifest = json.loads((DEMO_FILES / "manifest.json").read_text(encoding="utf-8"))
    # The demo corpus is indexed with the configured OCR languages: its scanned PDF is the OCR case.
    report = _index([DEMO_FILES], services, alias, settings=services.model_copy(update={"tika_timeout_s": 60}))
    try:
        yield alias, report, manifest
    finally:
        os_client.indices.delete(index=f"{alias}*", ignore_unavailable=True, expand_wildcards="all")


def _demo_docs(os_client: OpenSearch, alias: str) -> dict[str, dict]:
    return {doc["filename"]: doc for doc in _docs(os_client, alias).values()}


def test_every_demo_format_extracts(demo_run, os_client) -> None:
    alias, report, manifest = demo_run
    entries = _by_path(report)
    not_indexed = {path: entry["reason"] for path, entry in entries.items()
                   if entry["status"] != "indexed" and not path.endswith("manifest.json")}
    assert not_indexed == {}
    assert report.exit_code() == 0
    docs = _demo_docs(os_client, alias)
    assert set(docs) == set(manifest)
    for name, expected in manifest.items():
        doc = docs[name]
        assert doc["text_length"] > 200, name
        assert doc["title"]["std"].startswith(expected["title"][:40]), (name, doc["title"]["std"])
        assert doc["mime_type"] and doc["size"] == (DEMO_FILES / name).stat().st_size
    formats = {expected["format"] for expected in manifest.values()}
    assert {"pdf", "docx", "xlsx", "pptx", "odt", "html", "txt"} <= formats


def test_demo_languages_and_explicit_metadata(demo_run, os_client) -> None:
    alias, _report, manifest = demo_run
    docs = _demo_docs(os_client, alias)
    for name, expected in manifest.items():
        doc = docs[name]
        lang = expected["lang"]
        assert doc["lang"] == lang, name
        assert doc["body"][lang] and doc["body"]["std"] == doc["body"][lang]
        assert set(doc["body"]) == {lang, "std"}
        assert (doc["provider_type"], doc["source"], doc["doc_type"], doc["year"]) == (
            expected["provider_type"], expected["source"], expected["doc_type"], expected["year"]), name
        assert doc["date"] == expected["date"]


def test_demo_chinese_and_arabic_documents_carry_their_chemicals(demo_run, os_client) -> None:
    alias, _report, manifest = demo_run
    docs = _demo_docs(os_client, alias)
    for name in ("zh-ddt-dicofol-phaseout-2009.txt", "ar-egypt-nip-2006.docx", "zh-pfos-chrome-plating-alternatives-2015.pdf"):
        assert docs[name]["chemicals"] == sorted(manifest[name]["chemicals"]), name
    egypt = docs["ar-egypt-nip-2006.docx"]
    assert "DDT" in egypt["chemical_names"] and "滴滴涕" in egypt["chemical_names"]


def test_demo_scanned_pdf_is_read_by_ocr(demo_run, os_client) -> None:
    alias, _report, manifest = demo_run
    scanned = [name for name, expected in manifest.items() if expected["format"] == "scanned-pdf"]
    if not scanned:
        pytest.skip("the demo corpus has no scanned PDF")
    docs = _demo_docs(os_client, alias)
    for name in scanned:
        assert docs[name]["ocr"] is True
        assert set(manifest[name]["chemicals"]) & set(docs[name]["chemicals"]), name
    assert not any(docs[name]["ocr"] for name, e in manifest.items() if e["format"] in ("txt", "html"))


# ------------------------------------------------------------------------------------------ own small files


def test_chinese_arabic_and_cas_numbers(services, os_client, index_name, tmp_path) -> None:
    (tmp_path / "zh.txt").write_text(
        "关于滴滴涕和多氯联苯的国家报告。本报告介绍了我国淘汰滴滴涕的进展，以及含多氯联苯电力设备的清查和无害化处置情况。", encoding="utf-8")
    (tmp_path / "ar.txt").write_text(
        "تقرير وطني عن مادة دي دي تي و ثنائيات الفينيل المتعددة الكلور. يعرض هذا التقرير التقدم المحرز في التخلص من "
        "دي دي تي وجرد المعدات الكهربائية المحتوية على ثنائيات الفينيل المتعددة الكلور.", encoding="utf-8")
    (tmp_path / "cas-valid.txt").write_text(
        "Laboratory note. The sample received on Monday was analysed for the substance with registry number "
        "50-29-3 and the result was below the limit of quantification.", encoding="utf-8")
    (tmp_path / "cas-wrong-check-digit.txt").write_text(
        "Laboratory note. The sample received on Tuesday was analysed for the substance with registry number "
        "50-29-4 and the result was below the limit of quantification.", encoding="utf-8")
    report = _index([tmp_path], services, index_name)
    assert report.exit_code() == 0, list(report.entries())
    docs = {doc["filename"]: doc for doc in _docs(os_client, index_name).values()}
    assert (docs["zh.txt"]["lang"], docs["zh.txt"]["chemicals"]) == ("zh", ["ddt", "pcb"])
    assert "body.zh" not in docs["zh.txt"] and docs["zh.txt"]["body"]["zh"]
    assert (docs["ar.txt"]["lang"], docs["ar.txt"]["chemicals"]) == ("ar", ["ddt", "pcb"])
    assert docs["cas-valid.txt"]["chemicals"] == ["ddt"]
    assert docs["cas-wrong-check-digit.txt"]["chemicals"] == []


def test_sidecar_metadata_wins_but_chemicals_come_from_the_text(services, os_client, index_name, tmp_path) -> None:
    (tmp_path / "report.docx").write_bytes(make_docx(["National report on the phase-out of lindane in agriculture.",
                                                      "Lindane stocks were collected and destroyed."], title="Lindane report"))
    (tmp_path / "report.docx.json").write_text(json.dumps({
        "provider_type": "party", "source": "Ministry of Environment", "date": "2011-05-02", "doc_type": "report",
        "version_group": "lindane-report", "chemicals": ["pfos"]}), encoding="utf-8")
    report = _index([tmp_path], services, index_name)
    entries = {Path(e["path"]).name: e for e in report.entries()}
    assert entries["report.docx.json"]["status"] == "skipped"
    doc = next(iter(_docs(os_client, index_name).values()))
    assert (doc["provider_type"], doc["source"], doc["date"], doc["year"], doc["doc_type"], doc["version_group"]) == (
        "party", "Ministry of Environment", "2011-05-02", 2011, "report", "lindane-report")
    assert doc["chemicals"] == ["lindane"]
    assert doc["title"]["std"] == "Lindane report"


# ------------------------------------------------------------------------------------------ idempotence


def _write_tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("PCB transformers inventory, first edition. Polychlorinated biphenyls in oil.", encoding="utf-8")
    (root / "b.pdf").write_bytes(make_pdf("Report on DDT use for malaria vector control in 2004"))
    (root / "sub" / "c.docx").write_bytes(make_docx(["Guidance on PFOS alternatives in firefighting foams."], "PFOS guidance"))
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / "~$lock.docx").write_text("office lock file", encoding="utf-8")
    (root / "draft.tmp").write_text("temporary", encoding="utf-8")


def test_rerun_indexes_nothing_and_says_so(services, os_client, index_name, tmp_path) -> None:
    _write_tree(tmp_path)
    first = _index([tmp_path], services, index_name)
    assert first.summary()["indexed"] == 3 and first.exit_code() == 0
    assert {Path(p).name for p in _by_path(first)} == {"a.txt", "b.pdf", "c.docx"}
    second = _index([tmp_path], services, index_name)
    summary = second.summary()
    assert (summary["indexed"], summary["unchanged"], summary["failed"]) == (0, 3, 0)
    assert "extract" not in summary["stage_seconds"]
    assert second.sentence().startswith("0 indexed, 3 unchanged")
    assert len(_docs(os_client, index_name)) == 3


def test_changed_moved_and_pruned_files(services, os_client, index_name, tmp_path) -> None:
    _write_tree(tmp_path)
    first = _by_path(_index([tmp_path], services, index_name))
    old_a = first[str(tmp_path / "a.txt")]["id"]
    c_id = first[str(tmp_path / "sub" / "c.docx")]["id"]

    (tmp_path / "a.txt").write_text("PCB transformers inventory, second edition with HCB.", encoding="utf-8")
    (tmp_path / "sub" / "c.docx").rename(tmp_path / "moved.docx")
    report = _index([tmp_path], services, index_name)
    entries = _by_path(report)
    assert entries[str(tmp_path / "a.txt")]["status"] == "indexed"
    assert "changed" in entries[str(tmp_path / "a.txt")]["reason"]
    assert entries[str(tmp_path / "moved.docx")] == {
        "path": str(tmp_path / "moved.docx"), "status": "unchanged", "id": c_id,
        "reason": f"moved from {tmp_path / 'sub' / 'c.docx'}"}
    assert report.summary()["moved"] == 1
    docs = _docs(os_client, index_name)
    assert old_a not in docs
    new_a = entries[str(tmp_path / "a.txt")]["id"]
    assert "second edition" in docs[new_a]["body"]["std"] and docs[new_a]["paths"] == [str(tmp_path / "a.txt")]
    assert docs[c_id]["paths"] == [str(tmp_path / "moved.docx")] and docs[c_id]["path"] == str(tmp_path / "moved.docx")

    (tmp_path / "b.pdf").unlink()
    kept = _index([tmp_path], services, index_name)
    assert kept.summary()["pruned"] == 0 and len(_docs(os_client, index_name)) == 3
    pruned = _index([tmp_path], services, index_name, prune=True)
    assert pruned.summary()["pruned"] == 1
    assert {doc["filename"] for doc in _docs(os_client, index_name).values()} == {"a.txt", "moved.docx"}


def test_same_content_at_several_paths_is_one_document(services, os_client, index_name, tmp_path) -> None:
    data = make_pdf("Stockholm Convention national implementation plan on dioxins")
    (tmp_path / "one.pdf").write_bytes(data)
    (tmp_path / "two.pdf").write_bytes(data)
    (tmp_path / "three.pdf").write_bytes(make_pdf("Toxaphene residues in cotton-growing soils"))
    report = _index([tmp_path], services, index_name)
    assert report.exit_code() == 0
    docs = _docs(os_client, index_name)
    assert len(docs) == 2
    shared = next(doc for doc in docs.values() if len(doc["paths"]) > 1)
    assert sorted(shared["paths"]) == [str(tmp_path / "one.pdf"), str(tmp_path / "two.pdf")]

    (tmp_path / "three.pdf").write_bytes(data)  # now a third copy: its old content has no file left
    again = _by_path(_index([tmp_path], services, index_name))
    assert again[str(tmp_path / "three.pdf")]["reason"] == f"same content as {tmp_path / 'one.pdf'}"
    docs = _docs(os_client, index_name)
    assert list(docs) == [shared["doc_id"]]
    assert sorted(docs[shared["doc_id"]]["paths"]) == sorted(str(tmp_path / name) for name in ("one.pdf", "three.pdf", "two.pdf"))


# ------------------------------------------------------------------------------------------ failures are data


def _encrypted_pdf(target: Path, shared: Path) -> None:
    corpus_file = shared / "A-robustness" / "pdf-encrypted" / "pdfminer__aes-256.pdf"
    if corpus_file.is_file():
        shutil.copyfile(corpus_file, target)
        return
    pypdf = pytest.importorskip("pypdf", reason="an encrypted PDF needs the shared corpus or pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(__import__("io").BytesIO(make_pdf("Secret DDT report"))))
    writer.encrypt(user_password="secret", owner_password="owner")
    with target.open("wb") as out:
        writer.write(out)


def test_broken_inputs_are_reported_and_the_run_goes_on(services, os_client, index_name, tmp_path) -> None:
    good = make_pdf("Inventory of PCB-containing equipment in national power utilities")
    (tmp_path / "good.pdf").write_bytes(good)
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "truncated.pdf").write_bytes(make_pdf("A report that was cut short " * 20)[:150])
    (tmp_path / "pdf-named.docx").write_bytes(make_pdf("Lindane phase-out plan, a PDF with a wrong extension"))
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 8)
    _encrypted_pdf(tmp_path / "locked.pdf", SHARED_CORPUS)
    report = _index([tmp_path], services, index_name, settings=_settings(services, max_file_mb=1))
    (tmp_path / "big.pdf").write_bytes(good + b"%" + b"x" * (1024 * 1024 + 10))
    oversized = _index([tmp_path / "big.pdf"], services, index_name, settings=_settings(services, max_file_mb=1))
    entries = {Path(path).name: entry for path, entry in _by_path(report).items()}

    assert entries["good.pdf"]["status"] == "indexed"
    assert entries["pdf-named.docx"]["status"] == "indexed"
    assert entries["empty.pdf"] == {"path": str(tmp_path / "empty.pdf"), "status": "failed", "reason": "empty: zero bytes",
                                    "id": None, "kind": "empty"}
    assert entries["truncated.pdf"]["status"] == "failed"
    assert entries["truncated.pdf"]["reason"].startswith(("corrupt: Tika could not parse it (", "no text:"))
    assert entries["locked.pdf"]["reason"] == "encrypted: the file is password-protected"
    assert entries["noise.bin"]["reason"] in ("unsupported type application/octet-stream", "no text: nothing could be extracted")
    big = next(oversized.entries())
    assert big["status"] == "failed" and big["reason"] == "oversized: 1 MB > POPS_MAX_FILE_MB=1"
    assert report.exit_code() == 2 and report.summary()["complete"] is True

    docs = {doc["filename"]: doc for doc in _docs(os_client, index_name).values()}
    assert docs["pdf-named.docx"]["mime_type"] == "application/pdf"
    assert set(docs) == {"good.pdf", "pdf-named.docx"}
    log = log_index_name(index_name)
    os_client.indices.refresh(index=log)
    failed = os_client.search(index=log, body={"size": 50, "query": {"term": {"status": "failed"}}})["hits"]["hits"]
    logged = {Path(hit["_source"]["path"]).name: hit["_source"] for hit in failed}
    assert logged["locked.pdf"]["reason"] == "encrypted: the file is password-protected"
    assert logged["empty.pdf"]["run_id"] == report.run_id and logged["big.pdf"]["run_id"] == oversized.run_id
    assert {"empty.pdf", "truncated.pdf", "locked.pdf", "noise.bin", "big.pdf"} <= set(logged)


def test_a_timeout_above_the_servers_own_budget_still_extracts(services, os_client, index_name, tmp_path) -> None:
    """Tika answers `[]` to a per-file budget above its configured one; the client then asks without it."""
    (tmp_path / "plan.pdf").write_bytes(make_pdf("Heptachlor and chlordane stockpiles inventory"))
    report = _index([tmp_path], services, index_name, settings=_settings(services, tika_timeout_s=100_000))
    assert report.exit_code() == 0
    assert next(iter(_docs(os_client, index_name).values()))["chemicals"] == ["chlordane", "heptachlor"]


# ------------------------------------------------------------------------------------------ the command


def test_cli_report_dry_run_and_exit_codes(services, os_client, index_name, tmp_path) -> None:
    tree = tmp_path / "docs"
    tree.mkdir()
    (tree / "plan.docx").write_bytes(make_docx(["Endosulfan phase-out plan for cotton growers."], "Endosulfan plan"))
    (tree / "empty.txt").write_bytes(b"")
    env = {**os.environ, "POPS_INDEX": index_name, "POPS_TIKA_TIMEOUT_S": "30", "POPS_OCR_LANGUAGES": "eng"}

    def pops(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(POPS), "index", *args], env=env, capture_output=True, text=True, timeout=300)

    dry = pops(str(tree), "--dry-run", "--report", str(tmp_path / "dry.json"))
    assert dry.returncode == 2, dry.stderr
    assert json.loads((tmp_path / "dry.json").read_text())["summary"]["would_index"] == 1
    assert not os_client.indices.exists(index=index_name)

    run = pops(str(tree), "--report", str(tmp_path / "run.json"), "--workers", "1")
    assert run.returncode == 2, run.stderr
    report = json.loads((tmp_path / "run.json").read_text())
    assert {"indexed", "unchanged", "moved", "failed", "pruned", "seconds"} <= set(report["summary"])
    assert (report["summary"]["indexed"], report["summary"]["failed"]) == (1, 1)
    files = {entry["path"]: entry for entry in report["files"]}
    assert files[os.path.join(str(tree), "empty.txt")]["reason"] == "empty: zero bytes"
    plan = files[os.path.join(str(tree), "plan.docx")]
    assert plan["status"] == "indexed" and len(plan["id"]) == 64

    (tree / "empty.txt").unlink()
    again = pops(str(tree))
    assert again.returncode == 0, again.stderr
    assert "0 indexed, 1 unchanged" in again.stdout

    missing = pops(str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr


def test_opensearch_unreachable_stops_cleanly(services, tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Mirex and chlordecone in the Caribbean.", encoding="utf-8")
    settings = _settings(services, opensearch_url=f"http://127.0.0.1:{_free_port()}")
    from pops.services import opensearch_client

    report = run_index([tmp_path], settings=settings, alias="pops-test-unreachable", live_progress=False,
                       client=opensearch_client(settings, timeout=2, retries=0), opensearch_recovery_s=2,
                       report_path=tmp_path / "report.json")
    assert report.exit_code() == 1
    written = json.loads((tmp_path / "report.json").read_text())
    assert written["summary"]["complete"] is False and "OpenSearch" in written["summary"]["error"]


# ------------------------------------------------------------------------------------------ Tika goes away


@pytest.fixture
def own_tika(services: Settings, tmp_path: Path) -> Iterator[TikaServer]:
    """A Tika of this test's own (own state dir and port), so killing it leaves the session's alone."""
    if services.tika_url:
        pytest.skip("an external Tika is configured; this test needs to start and kill a local one")
    os.chmod(tmp_path, 0o755)
    settings = Settings(state_dir=tmp_path / "tika-state", tika_port=_free_port(), cache_dir=services.cache_dir,
                        tika_heap="512m")
    server = TikaServer(settings, java=find_java(services.java_home), log=lambda _line: None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_tika_killed_mid_run_then_rerun_completes(services, os_client, index_name, tmp_path, own_tika) -> None:
    """Tika is killed when the walk reaches the sidecar of the last file, which is planned in the second
    lookup batch: by then the first batch has gone to the workers, the last files have not."""
    tree = tmp_path / "docs"
    tree.mkdir()
    count = LOOKUP_BATCH + 3
    for number in range(count):
        (tree / f"doc-{number:02}.pdf").write_bytes(make_pdf(f"Report number {number} on PCB and DDT stockpiles"))
    (tree / f"doc-{count - 1:02}.pdf.json").write_text("{}", encoding="utf-8")
    settings = _settings(services, tika_url=own_tika.url)

    def kill_tika_at_the_sidecar(outcome: FileOutcome) -> None:
        if outcome.status == "skipped":
            stop_tree(own_tika.pid())

    first = run_index([tree], settings=settings, alias=index_name, workers=2, live_progress=False,
                      tika_recovery_s=3, on_file=kill_tika_at_the_sidecar, report_path=tmp_path / "first.json")
    summary = first.summary()
    assert first.exit_code() == 1 and summary["complete"] is False
    assert "Tika" in summary["error"]
    assert LOOKUP_BATCH - 2 * 2 <= summary["indexed"] <= LOOKUP_BATCH
    written = json.loads((tmp_path / "first.json").read_text())
    failed = [entry for entry in written["files"] if entry["status"] == "failed"]
    assert len(failed) >= 3
    assert all("Tika" in entry["reason"] for entry in failed)
    assert len(written["files"]) == count + 1
    assert len(_docs(os_client, index_name)) == summary["indexed"]

    own_tika.start()
    second = run_index([tree], settings=settings, alias=index_name, workers=2, live_progress=False)
    assert second.exit_code() == 0
    assert (second.summary()["unchanged"], second.summary()["indexed"]) == (summary["indexed"], count - summary["indexed"])
    assert len(_docs(os_client, index_name)) == count


# ------------------------------------------------------------------------------------------ shared corpus


@pytest.mark.slow
def test_every_shared_corpus_file_is_indexed_or_explained(services, os_client, index_name, shared_corpus) -> None:
    manifest = {entry["path"]: entry for entry in json.loads((shared_corpus / "manifest.json").read_text())}
    report = _index([shared_corpus], services, index_name, workers=2)
    assert report.summary()["complete"] is True
    entries = {os.path.relpath(path, shared_corpus): entry for path, entry in _by_path(report).items()}
    for relative, entry in entries.items():
        if entry["status"] == "skipped":
            assert relative.endswith(".json"), relative
        elif entry["status"] == "failed":
            assert entry["reason"].startswith(KNOWN_FAILURE_PREFIXES), (relative, entry["reason"])
        else:
            assert entry["status"] in ("indexed", "unchanged"), (relative, entry)
    for relative, described in manifest.items():
        entry = entries[relative]
        if described["status"] == "encrypted":
            assert entry["reason"] == "encrypted: the file is password-protected", relative
        if described["size"] == 0:
            assert entry["reason"] == "empty: zero bytes", relative
        if described["status"] == "valid" and described["set"] == "B":
            assert entry["status"] in ("indexed", "unchanged"), (relative, entry)
    indexed = sum(1 for entry in entries.values() if entry["status"] in ("indexed", "unchanged"))
    assert indexed >= 180
