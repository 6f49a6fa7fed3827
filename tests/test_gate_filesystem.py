"""A hostile repository against the gate (SPEC 11): links, odd files, loading
under limits, workers that outlive their parent, the pytest plugin at a
repository's root. Every attack is mounted for real: real links, FIFOs and
subprocess runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import proofcheck.gate.collect as collect
from proofcheck.api import check_paths, discover, load_files
from proofcheck.gate.runner import Limits, default_memory, machine_memory

ROOT = Path(__file__).resolve().parent.parent
TRUE = 'title: squares are nonnegative\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
SECRET_KEYS = "victim_secret_key: hunter2\n"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": "/nonexistent-proofcheck-test-cache"}


def run(*args, cwd, timeout=120):
    return subprocess.run([sys.executable, "-m", "proofcheck", *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def repo(tmp_path):
    """A checkout with one valid claim and, outside it, a victim's file."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET_KEYS)
    checkout = tmp_path / "repo"
    (checkout / "claims").mkdir(parents=True)
    (checkout / "claims" / "good.yaml").write_text(TRUE)
    return checkout


def _statuses(done) -> dict:
    return {c["id"]: c for c in json.loads(done.stdout)["claims"]}


def test_links_and_odd_files_are_errors_and_nothing_is_read_through_them(repo):
    claims = repo / "claims"
    (claims / "passwd.yaml").symlink_to("/etc/passwd")
    (claims / "secret.yaml").symlink_to(repo.parent / "outside" / "secret.yaml")
    (claims / "zero.yaml").symlink_to("/dev/zero")
    (claims / "dangling.yaml").symlink_to(repo / "nowhere.yaml")
    os.mkfifo(claims / "fifo.yaml")
    done = run("verify", "claims", "--format", "json", "--no-cache", "--engine", "symbolic", cwd=repo, timeout=60)
    assert done.returncode == 1, done.stderr
    by_id = _statuses(done)
    assert by_id["good"]["status"] == "proved"
    for name in ("passwd", "secret", "zero", "dangling"):
        assert by_id[name]["status"] == "error"
        assert "symbolic link" in by_id[name]["message"]
    assert by_id["fifo"]["status"] == "error" and "FIFO" in by_id["fifo"]["message"]
    everything = done.stdout + done.stderr
    assert "hunter2" not in everything and "victim_secret_key" not in everything and "root:" not in everything


def test_a_linked_claims_folder_and_linked_subfolders_are_not_followed(repo):
    (repo / "claims" / "more").symlink_to(repo.parent / "outside", target_is_directory=True)
    (repo / "claims" / "loop").symlink_to(repo / "claims", target_is_directory=True)
    found = discover([str(repo / "claims")])
    assert [Path(f).name for f in found.files] == ["good.yaml"]
    assert {Path(d.path).name for d in found.notes} == {"more", "loop"}
    # the folder named on the command line is itself a link committed by the pull request
    linked = repo.parent / "linked"
    linked.mkdir()
    (linked / "claims").symlink_to(repo.parent / "outside", target_is_directory=True)
    done = run("verify", "claims", "--format", "json", "--no-cache", cwd=linked, timeout=60)
    assert done.returncode == 1
    [entry] = json.loads(done.stdout)["claims"]
    assert entry["status"] == "error" and "symbolic link" in entry["message"]
    assert "hunter2" not in done.stdout + done.stderr
    # a link above the named folder, inside the working directory
    (linked / "course").symlink_to(repo, target_is_directory=True)
    done = run("check", "course/claims", cwd=linked, timeout=60)
    assert done.returncode == 2 and "not followed" in done.stdout + done.stderr


def test_loading_runs_in_a_worker_under_the_limits(tmp_path, monkeypatch):
    for name in ("good", "hang", "hog", "also_good"):
        (tmp_path / f"{name}.yaml").write_text(TRUE)
    real = collect.load_claims

    def hostile(path):
        if "hang" in path:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            time.sleep(1000)
        if "hog" in path:
            blocks = []
            while True:
                blocks.append(bytearray(64 * 1024**2))
        return real(path)

    monkeypatch.setattr(collect, "load_claims", hostile)
    files = discover([str(tmp_path)]).files
    start = time.monotonic()
    loaded = load_files(files, Limits(timeout=1.0, memory=256 * 1024**2, jobs=2))
    assert time.monotonic() - start < 20
    by_name = {Path(f).stem: result for f, [result] in zip(files, loaded)}
    assert by_name["good"].claim is not None and by_name["also_good"].claim is not None
    claim, [diag], name, path = by_name["hang"]
    assert claim is None and "timeout" in diag.message and diag.path.endswith("hang.yaml") and name == "hang"
    claim, [diag], _, _ = by_name["hog"]
    assert claim is None and ("memory" in diag.message or "crashed" in diag.message)


def test_check_and_verify_load_in_workers(tmp_path):
    """Run for real: a file whose loading is killed leaves the other claims checked."""
    (tmp_path / "good.yaml").write_text(TRUE)
    report = check_paths([str(tmp_path)], Limits(timeout=5, jobs=1))
    assert [c.id for c in report.claims] == ["good"]


def _children(pid: int) -> list:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_workers_die_with_a_killed_parent(tmp_path):
    slow = ('title: slow\nsymbols: {a: scalar, b: scalar, c: scalar, d: scalar, e: scalar}\n'
            'claim: "((a + b) * (c + d) + e)**40 == (a*c + a*d + b*c + b*d + e)**40"\n')
    (tmp_path / "slow.yaml").write_text(slow)
    parent = subprocess.Popen([sys.executable, "-m", "proofcheck", "verify", str(tmp_path), "--engine", "symbolic",
                               "--timeout", "120", "--no-cache"], env=ENV, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        workers: list = []
        while not workers and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(parent.pid)
        assert workers, "no worker started"
        time.sleep(0.3)  # the worker is past its start-up
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and _alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(Path(f"/proc/{w}").exists() and _alive(w) for w in workers)
    finally:
        parent.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_default_memory_fits_the_machine():
    total = machine_memory()
    for jobs in (1, 2, 8, 64):
        memory = Limits(jobs=jobs).memory
        assert memory == default_memory(jobs) <= 2 * 1024**3
        if total and jobs >= 2:
            assert memory * jobs <= max(total, 256 * 1024**2 * jobs)


def test_too_much_memory_for_the_jobs_is_warned_about(repo):
    done = run("verify", "claims", "--jobs", "4", "--memory", "100000G", "--engine", "symbolic", "--no-cache",
               cwd=repo, timeout=60)
    assert done.returncode == 0
    assert "exceeds this machine's memory" in done.stderr


# ------------------------------------------------------------------ pytest plugin


def _pytest(*args, cwd):
    env = {**ENV, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def test_pytest_plugin_at_a_repository_root_collects_only_the_claims(repo):
    (repo / "docker-compose.yml").write_text("services:\n  web: {image: nginx}\n")
    (repo / "mkdocs.yaml").write_text("site_name: course\n")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    (repo / "docs").mkdir()
    (repo / "docs" / "config.yaml").write_text("a: 1\n")
    (repo / "claims" / "loop").symlink_to(repo, target_is_directory=True)  # a symlink loop
    (repo / "claims" / "passwd.yaml").symlink_to("/etc/passwd")
    done = _pytest("--proofcheck", "-q", "-rA", cwd=repo)
    lines = done.stdout
    assert "docker-compose" not in lines and "mkdocs" not in lines and "config.yaml" not in lines, lines
    assert "1 failed, 1 passed" in lines, lines  # good passes; the linked passwd is an error, read through nothing
    assert "symbolic link" in lines and "root:" not in lines
    # the configured folder can be changed in the ini file
    (repo / "pytest.ini").write_text("[pytest]\nproofcheck_paths = docs\n")
    (repo / "docs" / "claim.yaml").write_text(TRUE)
    done = _pytest("--proofcheck", "-q", "-rA", cwd=repo)
    assert "1 failed, 1 passed" in done.stdout, done.stdout  # docs/ only: its claim, and config.yaml (malformed)
    assert "FAILED docs/config.yaml" in done.stdout and "PASSED docs/claim.yaml" in done.stdout


def test_pytest_plugin_runs_claims_under_the_memory_limit(repo):
    hog = ('title: a big matrix\ndims: {n: [1000]}\nsymbols: {A: "matrix[n, n]", B: "matrix[n, n]"}\n'
           'claim: "trace(A @ B @ A @ B) == trace(B @ A @ B @ A)"\n')
    (repo / "claims" / "hog.yaml").write_text(hog)
    done = _pytest("--proofcheck", "-q", "--proofcheck-memory", "300M", "--proofcheck-timeout", "20",
                   "--proofcheck-engine", "symbolic", cwd=repo)
    assert "1 failed, 1 passed" in done.stdout, done.stdout[-3000:]
    assert "out of memory" in done.stdout or "memory limit" in done.stdout
