"""A grey scan whose paper darkens towards one edge (a book's gutter, browned paper): the words on
the dark side are read and found as well as those on the light side."""

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import require_tool, run, run_json
from textnorm import normalise

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
LINES = [
    "Die Gemeinde Schkopau erteilt hiermit die Baugenehmigung",
    "für das Wohnhaus auf dem Grundstück an der Lindenstraße",
    "unter der Bedingung dass die Abstandsflächen eingehalten",
    "werden und der Bauherr die Nachbarn rechtzeitig benachrichtigt",
    "Gegen diesen Bescheid kann innerhalb eines Monats Widerspruch",
    "erhoben werden beim Landkreis Saalekreis in Merseburg",
]


def shaded_page(path):
    """300 dpi, 2000 × 1000 px: even paper (235) on the left half, darkening to 95 at the right
    edge; the text is everywhere 100 levels darker than the paper under it, so it is legible
    throughout, but the ink on the left is lighter than the paper on the right."""
    w, h = 2000, 1000
    row = bytes(235 - int(140 * max(0.0, x - w * 0.45) / (w * 0.55)) for x in range(w))
    paper = Image.frombytes("L", (w, 1), row).resize((w, h))
    ink = paper.point(lambda v: max(0, v - 100))
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    font = ImageFont.truetype(str(FONT), 44)
    for i, line in enumerate(LINES):
        draw.text((60, 80 + i * 140), line, font=font, fill=255)
    Image.composite(ink, paper, mask).save(path, dpi=(300, 300))
    return path


def last_words():
    return [normalise(line.split()[-1]) for line in LINES]


def test_words_on_the_shaded_side_of_the_page_are_read(tmp_path):
    if not FONT.exists():
        pytest.fail(f"{FONT} is missing: install the Debian package fonts-dejavu-core (make test does)")
    require_tool("tesseract", "tesseract-ocr")
    folder = tmp_path / "scan"
    folder.mkdir()
    page = shaded_page(folder / "bescheid.png")

    # The page is hard for a single global threshold: plain Tesseract on the same file loses
    # most of the words at the dark end of the lines.
    plain = normalise(
        subprocess.run(["tesseract", str(page), "-", "-l", "deu"], capture_output=True, text=True, check=True).stdout
    )
    lost_by_plain = [w for w in last_words() if w not in plain]
    assert len(lost_by_plain) >= 3, f"plain Tesseract read the shaded side too: {plain!r}"

    library = tmp_path / "bibliothek"
    report = run_json(library, "ingest", folder, "--title", "Bescheid", "--jobs", "1")
    assert report["failed"] == []
    doc = report["documents"][0]["id"]
    text = normalise(run(library, "text", doc, "--page", "1").stdout)
    missing = [w for w in last_words() if w not in text]
    assert missing == [], f"not read on the shaded side: {missing}\n{text}"
    for word in lost_by_plain:
        assert run_json(library, "search", word)["total"] >= 1, f"search for {word!r} found nothing"
