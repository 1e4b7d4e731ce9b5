#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Generate the sample scanner batch samples/stapel-trennblaetter/ (a duplex ADF scan).

Seven sheets, scanned on both sides into one multi-page TIFF (CCITT G4, 300 dpi), the way a
network scanner delivers an unsorted stack:

  sheet 1  cover sheet with a Code 39 barcode "AZ 632.10/2024-031"  | back blank
  sheet 2  document 1, page 1                                        | document 1, page 2
  sheet 3  document 1, page 3                                        | back blank
  sheet 4  blank separator sheet (a few dust specks)                 | back blank
  sheet 5  document 2, page 1                                        | back blank
  sheet 6  separator sheet with a Code 39 barcode "TRENNBLATT"       | back blank
  sheet 7  document 3, page 1                                        | document 3, page 2

`aktenscan ingest --split separators --duplex` must give three documents (3, 1 and 2 pages),
three separator sheets, two dropped blank back sides and the Aktenzeichen 632.10/2024-031.
The barcodes are drawn here from the Code 39 specification (no barcode library). Deterministic.

Usage: python make_batch.py   (needs Pillow and numpy, see requirements.txt; DejaVu Sans from
fonts-dejavu-core or AKTENSCAN_DEJAVU_DIR)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "stapel-trennblaetter"
DPI = 300
A4 = (2480, 3508)
AZ = "632.10/2024-031"

# Code 39: for each character its 9 elements (bar, space, bar, …), 1 = wide, 0 = narrow.
CODE39 = {
    "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000",
    "4": "000110001", "5": "100110000", "6": "001110000", "7": "000100101",
    "8": "100100100", "9": "001100100", "A": "100001001", "B": "001001001",
    "C": "101001000", "D": "000011001", "E": "100011000", "F": "001011000",
    "G": "000001101", "H": "100001100", "I": "001001100", "J": "000011100",
    "K": "100000011", "L": "001000011", "M": "101000010", "N": "000010011",
    "O": "100010010", "P": "001010010", "Q": "000000111", "R": "100000110",
    "S": "001000110", "T": "000010110", "U": "110000001", "V": "011000001",
    "W": "111000000", "X": "010010001", "Y": "110010000", "Z": "011010000",
    "-": "010000101", ".": "110000100", " ": "011000100", "*": "010010100",
    "$": "010101000", "/": "010100010", "+": "010001010", "%": "000101010",
}


def draw_code39(draw: ImageDraw.ImageDraw, text: str, x: int, y: int, narrow: int = 6, height: int = 300):
    """Draws `*text*` as Code 39 with wide = 3 × narrow and a narrow gap between characters."""
    for ch in "*" + text.upper() + "*":
        for i, wide in enumerate(CODE39[ch]):
            w = narrow * (3 if wide == "1" else 1)
            if i % 2 == 0:
                draw.rectangle([x, y, x + w - 1, y + height - 1], fill=0)
            x += w
        x += narrow


def font(size_pt: float) -> ImageFont.FreeTypeFont:
    d = Path(os.environ.get("AKTENSCAN_DEJAVU_DIR", "/usr/share/fonts/truetype/dejavu"))
    return ImageFont.truetype(str(d / "DejaVuSans.ttf"), round(size_pt / 72 * DPI))


def blank(seed: int) -> Image.Image:
    """An empty sheet with a few dust specks (far below the blank threshold)."""
    img = Image.new("L", A4, 255)
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(seed)
    for _ in range(25):
        x, y = int(rng.integers(50, A4[0] - 50)), int(rng.integers(50, A4[1] - 50))
        r = int(rng.integers(1, 3))
        d.ellipse([x - r, y - r, x + r, y + r], fill=0)
    return img


def text_page(title: str, lines: list[str], seed: int) -> Image.Image:
    img = blank(seed)
    d = ImageDraw.Draw(img)
    d.text((250, 250), "Gemeinde Schkopau – Der Bürgermeister", font=font(10), fill=0)
    d.text((250, 500), title, font=font(16), fill=0)
    y = 750
    for line in lines:
        d.text((250, y), line, font=font(12), fill=0)
        y += 90
    return img


def cover(az: str) -> Image.Image:
    img = blank(1)
    d = ImageDraw.Draw(img)
    d.text((250, 300), "Deckblatt", font=font(20), fill=0)
    d.text((250, 500), f"Aktenzeichen {az}", font=font(14), fill=0)
    draw_code39(d, "AZ " + az, 250, 800)
    return img


def separator() -> Image.Image:
    img = blank(2)
    d = ImageDraw.Draw(img)
    d.text((250, 300), "Trennblatt", font=font(20), fill=0)
    draw_code39(d, "TRENNBLATT", 250, 800)
    return img


def main():
    pages = [
        cover(AZ), blank(11),
        text_page("Antrag auf Abbruchgenehmigung", [
            "Antragsteller: Erika Beispiel, Am Anger 7, 06258 Schkopau",
            "Gegenstand: Abbruch einer Scheune auf dem Flurstück 112/4.",
            "Die Scheune ist baufällig und wird nicht mehr genutzt.",
        ], 21),
        text_page("Antrag auf Abbruchgenehmigung, Seite 2", [
            "Anlagen: Lageplan, Fotos, Nachweis der Entsorgung.",
            "Der Abbruch soll im Frühjahr beginnen.",
        ], 22),
        text_page("Antrag auf Abbruchgenehmigung, Seite 3", [
            "Schkopau, den 4. März 2024",
            "Unterschrift der Antragstellerin",
        ], 23), blank(12),
        blank(3), blank(4),
        text_page("Stellungnahme des Bauamts", [
            "Gegen den Abbruch bestehen keine Bedenken.",
            "Der Denkmalschutz ist nicht berührt.",
        ], 31), blank(13),
        separator(), blank(14),
        text_page("Abbruchgenehmigung", [
            "Die Genehmigung zum Abbruch der Scheune wird erteilt.",
            "Die Gebühr beträgt 120 Euro.",
        ], 41),
        text_page("Abbruchgenehmigung, Seite 2", [
            "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann",
            "innerhalb eines Monats Widerspruch erhoben werden.",
        ], 42),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    bilevel = [p.point(lambda v: 255 if v > 128 else 0).convert("1") for p in pages]
    path = OUT / "scan-duplex.tif"
    bilevel[0].save(path, save_all=True, append_images=bilevel[1:], compression="group4", dpi=(DPI, DPI))
    expected = {
        "file": path.name,
        "pages": len(pages),
        "duplex": True,
        "aktenzeichen": AZ,
        "documents": [
            {"title": "Antrag auf Abbruchgenehmigung", "pages": 3, "source_pages": [3, 4, 5]},
            {"title": "Stellungnahme des Bauamts", "pages": 1, "source_pages": [9]},
            {"title": "Abbruchgenehmigung", "pages": 2, "source_pages": [13, 14]},
        ],
        "separators": [
            {"kind": "cover", "source_pages": [1, 2], "barcode": "AZ " + AZ},
            {"kind": "blank", "source_pages": [7, 8]},
            {"kind": "barcode", "source_pages": [11, 12], "barcode": "TRENNBLATT"},
        ],
        "dropped_blank": [6, 10],
    }
    (OUT.parent / "ground-truth" / "stapel-trennblaetter").mkdir(parents=True, exist_ok=True)
    (OUT.parent / "ground-truth" / "stapel-trennblaetter" / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: {path.stat().st_size} bytes, {len(pages)} pages")


if __name__ == "__main__":
    main()
