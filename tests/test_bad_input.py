"""Bad input in a batch: each bad file gets one clear line naming it and the reason, the good
files are stored, and the exit code says that something failed."""

import os
import struct
import zlib

import pikepdf

from conftest import SAMPLES, manifest, run


def png_header_only(path, width, height):
    """A real PNG of width × height, 1 bit, all white: tiny on disk, huge in memory."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def good_sample():
    record = manifest()["records"][0]
    for f in record["files"]:
        if f["name"].endswith((".png", ".jpg")) and f["pages"] == 1:
            return SAMPLES / record["directory"] / f["name"]
    raise AssertionError("no single-page image among the samples")


def test_each_bad_file_is_named_with_its_reason_and_the_rest_is_stored(tmp_path):
    batch = tmp_path / "stapel"
    batch.mkdir()
    good = good_sample()
    (batch / ("01-gut" + good.suffix)).write_bytes(good.read_bytes())
    (batch / "02-leer.tif").write_bytes(b"")
    tif = next(p for p in SAMPLES.rglob("*.tif") if "ground-truth" not in p.parts)
    (batch / "03-abgeschnitten.tif").write_bytes(tif.read_bytes()[: tif.stat().st_size // 3])
    jpg = next(p for p in SAMPLES.rglob("*.jpg"))
    (batch / "03b-abgeschnitten.jpg").write_bytes(jpg.read_bytes()[: jpg.stat().st_size // 2])
    (batch / "04-kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    (batch / "05-nur-text.pdf").write_text("Dies ist kein PDF, nur ein Text mit falscher Endung.\n")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(batch / "06-verschluesselt.pdf", encryption=pikepdf.Encryption(user="geheim", owner="geheim"))
    png_header_only(batch / "07-riesig.png", 30_000, 30_000)
    loop = batch / "08-schleife"
    loop.mkdir()
    os.symlink(loop, loop / "zurueck")

    lib = tmp_path / "bibliothek"
    proc = run(lib, "ingest", batch, "--title", "Gemischter Stapel", check=False, timeout=300)
    assert proc.returncode == 1, proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.startswith("aktenscan: ") and "/" in l]
    expectations = {
        "02-leer.tif": "empty file",
        "03-abgeschnitten.tif": "truncated",
        "03b-abgeschnitten.jpg": "truncated",
        "04-kaputt.pdf": "not a readable PDF",
        "05-nur-text.pdf": "not a PDF",
        "06-verschluesselt.pdf": "encrypt",
        "07-riesig.png": "30000 × 30000",
        "zurueck": "loop",
    }
    for name, reason in expectations.items():
        matching = [l for l in lines if name in l]
        assert len(matching) == 1, f"{name}: expected one line, got {matching}\n{proc.stderr}"
        assert reason.lower() in matching[0].lower(), matching[0]
    assert "01-gut" not in proc.stderr

    listed = run(lib, "list", "--json").stdout
    assert "01-gut" in listed
    import json

    records = json.loads(listed)
    docs = records[0]["documents"]
    assert [d["title"] for d in docs] == ["01-gut"]
    assert docs[0]["status"] == "complete"
