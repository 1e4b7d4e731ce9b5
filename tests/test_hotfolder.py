"""The hot folder (`aktenscan watch DIR`): a network scanner's file is taken only when it is
complete, stored, and only then moved to verarbeitet/; a bad file goes to fehler/ with a .txt
saying why; a watcher killed in the middle loses nothing and takes nothing twice."""

import signal
import subprocess
import time

from conftest import SAMPLES, binary, run, run_json
from test_resume import PAGES, make_batch, stored_pages


def start_watch(lib, folder, *extra):
    cmd = [str(binary()), "--library", str(lib), "watch", str(folder), "--settle", "1.5", "--rescan", "0.5", "--jobs", "2", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds, proc=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        if proc is not None and proc.poll() is not None:
            return condition()
        time.sleep(0.2)
    return False


def files_in(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.exists() else []


def test_a_file_written_slowly_in_chunks_is_taken_only_when_complete(tmp_path):
    folder, lib = tmp_path / "eingang", tmp_path / "bibliothek"
    folder.mkdir()
    source = SAMPLES / "bauakte-1987" / "01-bauantrag.tif"
    data = source.read_bytes()
    proc = start_watch(lib, folder)
    try:
        time.sleep(1)
        # A slow network scanner: six chunks, 0.5 s apart (each pause shorter than --settle).
        target = folder / "scan-0001.tif"
        step = len(data) // 6 + 1
        with open(target, "wb") as f:
            for i in range(0, len(data), step):
                f.write(data[i : i + step])
                f.flush()
                time.sleep(0.5)
        done = folder / "verarbeitet" / "scan-0001.tif"
        assert wait_for(done.exists, 180, proc), f"not taken; stderr:\n{proc.stderr.read() if proc.poll() is not None else ''}"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert files_in(folder / "fehler") == [], err
    assert done.read_bytes() == data, "the file in verarbeitet/ must be the whole file, unchanged"
    records = run_json(lib, "list")
    assert len(records) == 1
    assert [d["pages"] for d in records[0]["documents"]] == [2]
    assert "scan-0001" in out


def test_a_corrupt_file_goes_to_fehler_with_the_reason(tmp_path):
    folder, lib = tmp_path / "eingang", tmp_path / "bibliothek"
    folder.mkdir()
    tif = (SAMPLES / "bauakte-1987" / "01-bauantrag.tif").read_bytes()
    (folder / "abgeschnitten.tif").write_bytes(tif[: len(tif) // 3])
    (folder / "brief.pdf").write_text("Das ist kein PDF.\n", encoding="utf-8")
    good = SAMPLES / "bauakte-1987" / "02-schreiben.jpg"
    (folder / "gut.jpg").write_bytes(good.read_bytes())
    proc = run(lib, "watch", folder, "--once", "--settle", "0.5", "--rescan", "0.5", "--jobs", "2", check=False)
    assert proc.returncode == 1, proc.stderr
    assert files_in(folder / "verarbeitet") == ["gut.jpg"]
    assert files_in(folder / "fehler") == ["abgeschnitten.tif", "abgeschnitten.tif.txt", "brief.pdf", "brief.pdf.txt"]
    assert "truncated" in (folder / "fehler" / "abgeschnitten.tif.txt").read_text(encoding="utf-8")
    assert "not a PDF" in (folder / "fehler" / "brief.pdf.txt").read_text(encoding="utf-8")
    assert files_in(folder) == [], "nothing may stay behind in the hot folder"
    assert "brief.pdf" in proc.stderr
    assert [r["title"] for r in run_json(lib, "list")] == ["gut"], "a bad file leaves no empty record"


def test_a_restart_in_the_middle_loses_nothing_and_takes_nothing_twice(tmp_path):
    folder, lib = tmp_path / "eingang", tmp_path / "bibliothek"
    batch = make_batch(folder)  # one 50-page TIFF
    proc = start_watch(lib, folder)
    try:
        assert wait_for(lambda: stored_pages(lib) >= 5, 300, proc), "the watcher stored nothing"
        assert proc.poll() is None, "the ingest finished before it could be interrupted"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert stored_pages(lib) < PAGES
    assert not batch.exists(), "a taken file is in in-arbeit/, not in the hot folder"
    assert files_in(folder / "in-arbeit"), "the claimed file must still be there"

    again = run(lib, "watch", folder, "--once", "--settle", "0.5", "--rescan", "0.5", "--jobs", "2")
    assert files_in(folder / "verarbeitet") == [batch.name], again.stderr
    assert files_in(folder / "in-arbeit") == []
    assert files_in(folder / "fehler") == []
    records = run_json(lib, "list")
    assert len(records) == 1, "taken twice: two records"
    assert [d["pages"] for d in records[0]["documents"]] == [PAGES]
    assert stored_pages(lib) == PAGES


def test_a_dropped_batch_is_split_at_its_separator_sheets(tmp_path):
    folder, lib = tmp_path / "eingang", tmp_path / "bibliothek"
    folder.mkdir()
    batch = SAMPLES / "stapel-trennblaetter" / "scan-duplex.tif"
    (folder / "scan-duplex.tif").write_bytes(batch.read_bytes())
    run(lib, "watch", folder, "--once", "--settle", "0.5", "--split", "separators", "--duplex", "--jobs", "2")
    assert files_in(folder / "verarbeitet") == ["scan-duplex.tif"]
    records = run_json(lib, "list")
    assert len(records) == 1
    assert records[0]["aktenzeichen"] == "632.10/2024-031", "from the cover sheet's barcode"
    assert [d["pages"] for d in records[0]["documents"]] == [3, 1, 2]
