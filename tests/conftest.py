"""End-to-end checks of the `aktenscan` command on the bundled samples: what a clerk or an
archivist would check by hand (text, PDF/A validity, ALTO validity, failures, resumption)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCHEMAS = ROOT / "tests" / "schemas"


def binary() -> Path:
    path = Path(os.environ.get("AKTENSCAN_BIN", ROOT / "target" / "debug" / "aktenscan"))
    if not path.exists():
        pytest.fail(f"{path} is missing: build first (make build)")
    return path


def run(library, *args, check=True, timeout=600, **kw):
    """Runs aktenscan on a library; returns the CompletedProcess."""
    cmd = [str(binary()), "--library", str(library), *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def run_json(library, *args, **kw):
    return json.loads(run(library, *args, "--json", **kw).stdout)


def manifest():
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory):
    """A library with every sample record ingested once, and the ingest reports."""
    lib = tmp_path_factory.mktemp("bibliothek")
    reports = {}
    for record in manifest()["records"]:
        directory = SAMPLES / record["directory"]
        reports[record["directory"]] = run_json(
            lib, "ingest", directory, "--title", record["title"], "--aktenzeichen", record["aktenzeichen"], "--jobs", "2"
        )
    return lib, reports


def require_tool(name, package):
    if shutil.which(name) is None:
        pytest.fail(f"{name} is missing: install the Debian package {package} (make test does)")
