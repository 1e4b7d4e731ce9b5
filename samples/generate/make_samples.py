#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Generate the bundled sample records of Aktenscan (samples/).

All texts are invented.  Every page is rendered at 300 dpi on A4, then run
through a small "scanner" model (skew, optical blur, grey paper, sensor noise,
dust speckles) and written in the format the record needs.  The ground truth
(the text exactly as printed, one line per printed line) is written next to
it under samples/ground-truth/.

The output is deterministic: all randomness comes from fixed seeds.  Byte
identical output needs the same versions of Pillow/FreeType/libjpeg/zlib
(see requirements.txt); the *content* is the same everywhere.

Usage:
    python make_samples.py --fraktur-font PATH/TO/unifrakturmaguntia-latin-400-normal.woff2

Fonts:
    DejaVu (Serif, Sans, Sans Mono) is looked up in --dejavu-dir, the env var
    AKTENSCAN_DEJAVU_DIR or /usr/share/fonts/truetype/dejavu (Debian package
    fonts-dejavu-core).  The Fraktur font UnifrakturMaguntia (SIL OFL 1.1) is
    given with --fraktur-font or AKTENSCAN_FRAKTUR_FONT; .ttf, .otf, .woff and
    .woff2 are accepted (woff/woff2 are converted with fontTools).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import math
import os
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
GT_DIR = SAMPLES / "ground-truth"

DPI = 300
A4 = (2480, 3508)  # 210 mm x 297 mm at 300 dpi
FF = "\f"  # page separator line in the ground-truth files


def mm(v: float) -> int:
    return round(v / 25.4 * DPI)


def pt(v: float) -> int:
    """Font size in points -> em size in pixels at 300 dpi."""
    return round(v / 72 * DPI)


LEFT = mm(25)
RIGHT = A4[0] - mm(20)
WIDTH = RIGHT - LEFT


# --------------------------------------------------------------------------
# fonts


class Fonts:
    def __init__(self, dejavu_dir: Path, fraktur: Path):
        self.dejavu_dir = dejavu_dir
        self.fraktur_path = fraktur
        self._cache: dict = {}

    def dejavu_file(self, name: str) -> Path:
        return self.dejavu_dir / f"{name}.ttf"

    def get(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        key = (name, size)
        if key not in self._cache:
            if name == "Fraktur":
                # Raqm (if Pillow has it) applies the font's ligatures (ch, ck,
                # tz, ...), which belong to Fraktur typesetting.
                engine = (
                    ImageFont.Layout.RAQM
                    if ImageFont.core.HAVE_RAQM
                    else ImageFont.Layout.BASIC
                )
                f = ImageFont.truetype(str(self.fraktur_path), size, layout_engine=engine)
            else:
                f = ImageFont.truetype(
                    str(self.dejavu_file(name)), size, layout_engine=ImageFont.Layout.BASIC
                )
            self._cache[key] = f
        return self._cache[key]


def find_dejavu(arg: str | None) -> Path:
    cand = arg or os.environ.get("AKTENSCAN_DEJAVU_DIR") or "/usr/share/fonts/truetype/dejavu"
    d = Path(cand)
    need = ["DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"]
    missing = [n for n in need if not (d / f"{n}.ttf").is_file()]
    if missing:
        sys.exit(
            f"error: DejaVu fonts not found in {d} (missing: {', '.join(missing)}).\n"
            "Install them (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass\n"
            "--dejavu-dir DIR / set AKTENSCAN_DEJAVU_DIR to the folder holding DejaVuSerif.ttf etc."
        )
    return d


def find_fraktur(arg: str | None, tmp: Path) -> Path:
    cand = arg or os.environ.get("AKTENSCAN_FRAKTUR_FONT")
    if not cand or not Path(cand).is_file():
        sys.exit(
            "error: the Fraktur font UnifrakturMaguntia is needed for the 1921 record.\n"
            "Get it (SIL Open Font License 1.1) e.g. with\n"
            "    mkdir /tmp/fraktur && cd /tmp/fraktur && npm install @fontsource/unifrakturmaguntia\n"
            "and pass the font file with\n"
            "    --fraktur-font /tmp/fraktur/node_modules/@fontsource/unifrakturmaguntia/files/"
            "unifrakturmaguntia-latin-400-normal.woff2\n"
            "or set AKTENSCAN_FRAKTUR_FONT to that path (.ttf/.otf/.woff/.woff2)."
            + (f"\n(given path does not exist: {cand})" if cand else "")
        )
    p = Path(cand)
    if p.suffix.lower() in (".woff", ".woff2"):
        from fontTools.ttLib import TTFont  # needs brotli for woff2

        f = TTFont(str(p))
        f.flavor = None
        out = tmp / (p.stem + ".ttf")
        f.save(str(out))
        return out
    return p


# --------------------------------------------------------------------------
# page layout: draws text on a white page and records the ground truth


class Page:
    """A white A4 page (mode L, 255 = paper) plus its ground-truth lines."""

    def __init__(self, fonts: Fonts, seed: int):
        self.fonts = fonts
        self.img = Image.new("L", A4, 255)
        self.draw = ImageDraw.Draw(self.img)
        self.gt: list[str] = []
        self.rng = np.random.default_rng(seed)

    def font(self, name: str, size: int):
        return self.fonts.get(name, size)

    # -- primitives -------------------------------------------------------

    def _draw_seg(self, x, y, text, font, anchor="ls", typed=False, fill=0):
        if typed:
            self._typewrite(x, y, text, font, anchor)
        else:
            self.draw.text((x, y), text, font=font, fill=fill, anchor=anchor)

    def _typewrite(self, x, y, text, font, anchor="ls"):
        """Typewriter: fixed pitch, each type bar hits a bit differently."""
        adv = font.getlength("M")
        if anchor == "rs":
            x -= adv * len(text)
        elif anchor == "ms":
            x -= adv * len(text) / 2
        for i, ch in enumerate(text):
            if ch == " ":
                continue
            dy = float(np.clip(self.rng.normal(0, 0.9), -2, 2))
            shade = int(self.rng.uniform(0, 55))
            self.draw.text((round(x + i * adv), round(y + dy)), ch, font=font, fill=shade, anchor="ls")

    def line(self, y, *segs, gt=True):
        """One printed line made of segments (x, text, font[, anchor[, typed]]).

        The ground-truth line is the segments' texts joined by one space, in
        the order given (left to right)."""
        parts = []
        for seg in segs:
            x, text, font = seg[:3]
            anchor = seg[3] if len(seg) > 3 else "ls"
            typed = seg[4] if len(seg) > 4 else False
            self._draw_seg(x, y, text, font, anchor, typed)
            parts.append(text)
        if gt:
            self.gt.append(" ".join(p for p in parts if p))

    def para(self, x, y, width, text, font, lh, justify=False, typed=False, first_indent=0):
        """Greedy word wrap; returns the y of the next line."""
        words = text.split()
        lines: list[list[str]] = []
        cur: list[str] = []
        for w in words:
            trial = " ".join(cur + [w])
            avail = width - (first_indent if not lines else 0)
            if cur and font.getlength(trial) > avail:
                lines.append(cur)
                cur = [w]
            else:
                cur.append(w)
        if cur:
            lines.append(cur)
        for i, ws in enumerate(lines):
            lx = x + (first_indent if i == 0 else 0)
            avail = width - (first_indent if i == 0 else 0)
            s = " ".join(ws)
            if justify and i < len(lines) - 1 and len(ws) > 1 and not typed:
                total = sum(font.getlength(w) for w in ws)
                gap = (avail - total) / (len(ws) - 1)
                cx = lx
                for w in ws:
                    self.draw.text((round(cx), y), w, font=font, fill=0, anchor="ls")
                    cx += font.getlength(w) + gap
            else:
                self._draw_seg(lx, y, s, font, "ls", typed)
            self.gt.append(s)
            y += lh
        return y

    def rule(self, x0, y, x1, width=3, fill=0):
        self.draw.line([(x0, y), (x1, y)], fill=fill, width=width)

    def box(self, x0, y0, x1, y1, width=3):
        self.draw.rectangle([x0, y0, x1, y1], outline=0, width=width)

    def signature(self, x, y, w, h, width=5, fill=40):
        """A handwritten-looking scribble (not part of the ground truth)."""
        r = self.rng
        n = 220
        t = np.linspace(0, 1, n)
        phase = r.uniform(0, 2 * math.pi, 4)
        xs = x + t * w + 18 * np.sin(t * 19 + phase[0])
        ys = (
            y
            - h * 0.35 * np.sin(t * 23 + phase[1]) * (0.6 + 0.4 * np.sin(t * 3 + phase[2]))
            - h * 0.15 * np.sin(t * 7 + phase[3])
        )
        pts = list(zip(xs.round().tolist(), ys.round().tolist()))
        self.draw.line(pts, fill=fill, width=width, joint="curve")
        # a final flourish underneath
        self.draw.line([(x + w * 0.1, y + h * 0.45), (x + w * 0.95, y + h * 0.3)], fill=fill, width=width - 1)


# --------------------------------------------------------------------------
# the scanner model


@dataclass
class Scan:
    skew: float  # degrees, counter-clockwise
    seed: int
    paper: float = 236.0  # mean paper grey
    paper_var: float = 5.0  # amplitude of slow paper/illumination variation
    ink: float = 28.0  # grey of full ink coverage
    blur: float = 0.8  # optical blur (Gaussian radius, px)
    noise: float = 2.0  # per-pixel sensor noise (sigma)
    speckles: int = 250  # dust specks
    speck_dark: tuple = (70, 210)  # grey range of the specks
    aged: bool = False  # yellowed / foxed paper, fold, uneven letterpress ink
    extra: dict = field(default_factory=dict)


def _smooth_field(rng, shape, cells, amp):
    h, w = shape
    gh, gw = cells
    g = rng.normal(0, 1, (gh, gw)).astype(np.float32)
    im = Image.fromarray(g, mode="F").resize((w, h), Image.BICUBIC)
    a = np.array(im, dtype=np.float32)
    a /= max(1e-6, float(np.abs(a).max()))
    return a * amp


def scan_page(page_img: Image.Image, sc: Scan) -> np.ndarray:
    """Return the scanned page as float32 array (0 = black, 255 = white)."""
    rng = np.random.default_rng(sc.seed)
    img = page_img.rotate(sc.skew, resample=Image.BICUBIC, fillcolor=255, expand=False)
    if sc.aged:
        # letterpress: ink squeezes out a little
        img = img.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(0.6))
        img = img.point(lambda v: 255 if v > 200 else int(v * 0.85))
    img = img.filter(ImageFilter.GaussianBlur(sc.blur))
    cover = 1.0 - np.asarray(img, dtype=np.float32) / 255.0  # 1 = full ink
    h, w = cover.shape

    # paper: slow variation + illumination falloff towards one edge
    paper = np.full((h, w), sc.paper, dtype=np.float32)
    paper += _smooth_field(rng, (h, w), (9, 7), sc.paper_var)
    xs = np.linspace(0, 1, w, dtype=np.float32)
    paper -= (xs ** 3 * sc.paper_var * 0.8)[None, :]
    ink = np.full((h, w), sc.ink, dtype=np.float32)
    ink += _smooth_field(rng, (h, w), (40, 28), 10.0 if sc.aged else 5.0)

    if sc.aged:
        # foxing: a few brownish (here: darker) blotches
        yy, xx = np.mgrid[0:h:4, 0:w:4].astype(np.float32)
        stains = np.zeros_like(yy)
        for _ in range(14):
            cy, cx = rng.uniform(0, h), rng.uniform(0, w)
            r = rng.uniform(15, 90)
            stains += rng.uniform(6, 18) * np.exp(-(((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r)))
        st = Image.fromarray(stains, mode="F").resize((w, h), Image.BICUBIC)
        paper -= np.asarray(st, dtype=np.float32)
        # horizontal fold across the middle
        fy = h * 0.5 + rng.uniform(-30, 30)
        yv = np.arange(h, dtype=np.float32)
        paper -= (10 * np.exp(-((yv - fy) ** 2) / (2 * 6.0 ** 2)))[:, None]
        paper += (4 * np.exp(-((yv - fy - 14) ** 2) / (2 * 10.0 ** 2)))[:, None]
        # darker, browner edges
        dx = np.minimum(xs, 1 - xs)
        ys_ = np.linspace(0, 1, h, dtype=np.float32)
        dy = np.minimum(ys_, 1 - ys_)
        paper -= 14 * np.exp(-dx / 0.025)[None, :]
        paper -= 14 * np.exp(-dy / 0.018)[:, None]

    out = paper * (1 - cover) + ink * cover

    if sc.noise > 0:
        out += rng.normal(0, sc.noise, (h, w)).astype(np.float32)

    # dust and speckle
    n = sc.speckles
    ys_s = rng.integers(0, h, n)
    xs_s = rng.integers(0, w, n)
    rad = rng.choice([1, 1, 1, 1, 2, 2, 3], n)
    dark = rng.uniform(sc.speck_dark[0], sc.speck_dark[1], n)
    for y, x, r, d in zip(ys_s, xs_s, rad, dark):
        y0, y1 = max(0, y - r), min(h, y + r + 1)
        x0, x1 = max(0, x - r), min(w, x + r + 1)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        m = (yy - y) ** 2 + (xx - x) ** 2 <= r * r
        sub = out[y0:y1, x0:x1]
        sub[m] = np.minimum(sub[m], d)
    # a couple of hairs / scratches
    for _ in range(sc.extra.get("hairs", 2)):
        himg = Image.new("L", (w, h), 0)
        hd = ImageDraw.Draw(himg)
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        ang = rng.uniform(0, 2 * math.pi)
        L = rng.uniform(60, 220)
        pts = []
        for i in range(12):
            ang += rng.normal(0, 0.25)
            x0 += math.cos(ang) * L / 12
            y0 += math.sin(ang) * L / 12
            pts.append((x0, y0))
        hd.line(pts, fill=255, width=2)
        ha = np.asarray(himg.filter(ImageFilter.GaussianBlur(0.7)), dtype=np.float32) / 255
        out = out * (1 - 0.55 * ha) + 90 * 0.55 * ha
    return np.clip(out, 0, 255)


def to_grey(a: np.ndarray) -> Image.Image:
    return Image.fromarray(np.round(a).astype(np.uint8), mode="L")


def to_bilevel(a: np.ndarray, seed: int, threshold=150) -> Image.Image:
    rng = np.random.default_rng(seed)
    # the scanner's thresholding sees some extra noise -> ragged edges
    b = a + rng.normal(0, 10, a.shape).astype(np.float32)
    bw = (b > threshold).astype(np.uint8) * 255
    return Image.fromarray(bw, mode="L").convert("1", dither=Image.Dither.NONE)


# --------------------------------------------------------------------------
# record 1: Bauakte Lindenstraße 4 (1987)

AZ_BAU = "632.10/1987-014"


def letterhead(p: Page, y: int) -> int:
    big = p.font("DejaVuSerif-Bold", pt(17))
    small = p.font("DejaVuSans", pt(8.5))
    p.line(y, (LEFT, "Gemeinde Schkopau – Der Bürgermeister", big))
    y += 62
    p.line(y, (LEFT, "Schulstraße 18, 4201 Schkopau, Telefon Merseburg 235", small))
    p.rule(LEFT, y + 22, RIGHT, width=4)
    return y + 22


def bauantrag_pages(fonts: Fonts) -> list[Page]:
    label = fonts.get("DejaVuSans", pt(9))
    head = fonts.get("DejaVuSans-Bold", pt(11))
    title = fonts.get("DejaVuSans-Bold", pt(18))
    sub = fonts.get("DejaVuSans", pt(11))
    tw = fonts.get("DejaVuSansMono", pt(11.5))
    foot = fonts.get("DejaVuSans", pt(8))
    VX = LEFT + 640  # x of the typed values

    # ---- page 1: a pre-printed form (small labels in the upper left corner of
    # each box) filled in on a typewriter
    p = Page(fonts, seed=1101)
    small = fonts.get("DejaVuSans", pt(8))
    BOX_H = 124

    def boxrow(y, cells):
        """cells: (x0, x1, label, value); returns y of the next row."""
        h = BOX_H
        for x0, x1, lab, val in cells:
            vals = [val] if isinstance(val, str) else val
            h = BOX_H + 58 * (len(vals) - 1)
            p.box(x0, y, x1, y + h, width=3)
            p.line(y + 36, (x0 + 16, lab, small))
            for i, v in enumerate(vals):
                p.line(y + 100 + 58 * i, (x0 + 30, v, tw, "ls", True))
        return y + h - 3  # boxes share their border

    def section(y, text):
        p.line(y, (LEFT, text, head))
        return y + 30

    y = mm(28)
    p.line(y, (LEFT, "Antrag auf Baugenehmigung", title))
    y += 80
    p.line(y, (LEFT, "(Bauantrag)", sub))
    y += 120
    p.line(y, (LEFT, "An den", label))
    y += 50
    p.line(y, (LEFT, "Bürgermeister der Gemeinde Schkopau", label))
    y += 50
    p.line(y, (LEFT, "Bauverwaltung", label))
    y += 60
    y = boxrow(y, [(LEFT, RIGHT, "Aktenzeichen (wird von der Gemeinde eingetragen)", AZ_BAU)])
    y += 150
    y = section(y, "1. Bauherr")
    y = boxrow(y, [(LEFT, RIGHT, "Name, Vorname", "Hübner, Gerhard")])
    y = boxrow(y, [(LEFT, RIGHT, "Geburtsdatum", "14.07.1941")])
    y = boxrow(y, [(LEFT, RIGHT, "Anschrift", "Lindenstraße 4, 4201 Schkopau")])
    y = boxrow(y, [(LEFT, RIGHT, "Beruf, Arbeitsstelle", "Schlosser, VEB Chemische Werke Buna")])
    y += 130
    y = section(y, "2. Baugrundstück")
    y = boxrow(y, [(LEFT, RIGHT, "Straße, Hausnummer", "Lindenstraße 4")])
    y = boxrow(y, [(LEFT, RIGHT, "Gemarkung, Flur, Flurstück", "Schkopau, Flur 3, Flurstück 112/4")])
    y = boxrow(y, [(LEFT, RIGHT, "Grundstücksgröße", "864 qm")])
    y = boxrow(y, [(LEFT, RIGHT, "Eigentümer", "Gerhard und Ingrid Hübner")])
    y += 130
    y = section(y, "3. Vorhaben")
    y = boxrow(y, [(LEFT, RIGHT, "Bezeichnung des Vorhabens", "Errichtung einer Einzelgarage mit Abstellraum")])
    y = boxrow(y, [(LEFT, RIGHT, "Art der Maßnahme (Neubau, Umbau, Erweiterung, Abbruch)", "Neubau")])
    y = boxrow(y, [(LEFT, RIGHT, "Nutzung", "Unterstellen eines Pkw, Gartengeräte")])
    y = boxrow(y, [(LEFT, RIGHT, "Bauweise, Dach", "Kalksandstein 24 cm, Flachdach mit Bitumenpappe")])
    y = boxrow(y, [(LEFT, RIGHT, "Abmessungen, umbauter Raum", "6,00 m x 3,20 m, Traufhöhe 2,60 m, 50 cbm")])
    y += 130
    y = section(y, "4. Entwurfsverfasser")
    y = boxrow(y, [(LEFT, RIGHT, "Name, Anschrift", ["Dipl.-Ing. Werner Schäfer", "Merseburger Straße 17, 4200 Merseburg"])])
    p.line(A4[1] - mm(15), (A4[0] // 2, "Vordruck Bau 1/85 Seite 1 von 2", foot, "ms"))
    pages = [p]

    # ---- page 2
    p = Page(fonts, seed=1102)
    y = mm(28)
    p.line(y, (LEFT, "Bauantrag", head), (VX, AZ_BAU, tw, "ls", True))
    y += 160

    def section2(y, text):
        p.rule(LEFT, y - 62, RIGHT, width=4)
        p.line(y, (LEFT, text, head))
        return y + 90

    y = section2(y, "5. Baubeschreibung")
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Auf dem Grundstück Lindenstraße 4 soll an der nördlichen Grundstücksgrenze "
        "eine Einzelgarage mit angebautem Abstellraum errichtet werden. Die Garage "
        "erhält ein Streifenfundament aus Beton, aufgehendes Mauerwerk aus "
        "Kalksandstein und ein Flachdach mit zweilagiger Bitumenpappe. Die Zufahrt "
        "erfolgt über die vorhandene Toreinfahrt von der Lindenstraße. Der Abstand "
        "zum Nachbargrundstück Lindenstraße 6 (Eigentümer: Familie Müller) beträgt "
        "3,00 m. Das Niederschlagswasser wird in eine Regentonne geleitet.",
        tw,
        60,
        typed=True,
    )
    y += 150
    y = section2(y, "6. Anlagen")
    for s in [
        "1. Lageplan im Maßstab 1:500 (zweifach)",
        "2. Bauzeichnungen: Grundriß, Schnitt, Ansichten",
        "3. Berechnung des umbauten Raumes",
        "4. Zustimmung des Nachbarn Lindenstraße 6",
        "   vom 02.03.1987",
    ]:
        p.line(y, (LEFT, s.strip(), tw, "ls", True) if not s.startswith("   ") else (LEFT + 3 * round(tw.getlength("M")), s.strip(), tw, "ls", True))
        y += 60
    y += 150
    y = section2(y, "7. Erklärung des Bauherrn")
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Ich versichere, daß die Angaben in diesem Antrag und in den Anlagen "
        "vollständig sind und der Wahrheit entsprechen. Mit der Ausführung des "
        "Vorhabens wird erst nach Erteilung der Baugenehmigung begonnen.",
        label,
        56,
    )
    y += 110
    p.line(y, (LEFT, "Schkopau, den 09.03.1987", tw, "ls", True))
    p.rule(LEFT, y + 16, LEFT + 900, width=2)
    y += 60
    p.line(y, (LEFT, "Ort, Datum", label))
    y += 230
    p.signature(LEFT + 40, y - 70, 560, 90)
    p.signature(LEFT + 1250, y - 70, 520, 90)
    p.rule(LEFT, y, LEFT + 900, width=2)
    p.rule(LEFT + 1150, y, RIGHT, width=2)
    y += 50
    p.line(y, (LEFT, "Unterschrift des Bauherrn", label), (LEFT + 1150, "Unterschrift des Entwurfsverfassers", label))
    y += 200
    # office box
    p.box(LEFT, y - 70, RIGHT, y + 260, width=3)
    p.line(y, (LEFT + 30, "Vermerke der Bauverwaltung (nicht vom Antragsteller auszufüllen)", label))
    y += 90
    p.line(y, (LEFT + 30, "Eingegangen am", label), (VX, "12.03.1987", tw, "ls", True))
    y += 80
    p.line(y, (LEFT + 30, "Unterlagen vollständig", label), (VX, "ja, Mü.", tw, "ls", True))
    p.line(A4[1] - mm(15), (A4[0] // 2, "Vordruck Bau 1/85 Seite 2 von 2", foot, "ms"))
    pages.append(p)
    return pages


def schreiben_page(fonts: Fonts) -> Page:
    p = Page(fonts, seed=1201)
    tw = fonts.get("DejaVuSansMono", pt(11))
    lh = 54
    y = letterhead(p, mm(22))
    # recipient in the address field
    y += 250
    ay = y
    for s in ["Herrn", "Gerhard Hübner", "Lindenstraße 4", "4201 Schkopau"]:
        p.line(ay, (LEFT, s, tw, "ls", True))
        ay += lh
    # reference line ("Bezugszeichenzeile", DIN 676 style): pre-printed
    # labels, typed values underneath
    lab = fonts.get("DejaVuSans", pt(8))
    y = ay + 130
    cols = [LEFT, LEFT + 480, LEFT + 1000, LEFT + 1520]
    heads = ["Ihre Nachricht vom", "Unser Zeichen", "Bearbeiter", "Datum"]
    vals = ["09.03.1987", AZ_BAU, "Frau Müller", "23.03.1987"]
    p.line(y, *[(x, t, lab) for x, t in zip(cols, heads)])
    y += 62
    p.line(y, *[(x, t, tw, "ls", True) for x, t in zip(cols, vals)])
    y += 150
    p.line(y, (LEFT, "Betreff: Bauantrag Einzelgarage Lindenstraße 4", tw, "ls", True))
    y += lh
    p.line(y, (LEFT + round(9 * tw.getlength("M")), "hier: Gebühren", tw, "ls", True))
    y += 2 * lh
    p.line(y, (LEFT, "Sehr geehrter Herr Hübner,", tw, "ls", True))
    y += 2 * lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Ihr Bauantrag vom 09.03.1987 ist am 12.03.1987 bei der Gemeindeverwaltung "
        "eingegangen und wird unter dem oben genannten Aktenzeichen bearbeitet. Die "
        "Unterlagen sind vollständig. Für die Bearbeitung werden folgende Gebühren "
        "erhoben:",
        tw,
        lh,
        typed=True,
    )
    y += lh
    # the fee table
    c1, c2, c3 = LEFT + 40, LEFT + 240, RIGHT - 60
    p.line(y, (c1, "Pos.", tw, "ls", True), (c2, "Leistung", tw, "ls", True), (c3, "Betrag", tw, "rs", True))
    p.rule(LEFT, y + 20, RIGHT, width=3)
    y += lh + 16
    rows = [
        ("1", "Prüfung des Bauantrages", "25,00 M"),
        ("2", "Prüfung der Standsicherheit", "15,00 M"),
        ("3", "Rohbauabnahme und Schlußabnahme", "20,00 M"),
    ]
    for a, b, c in rows:
        p.line(y, (c1, a, tw, "ls", True), (c2, b, tw, "ls", True), (c3, c, tw, "rs", True))
        y += lh
    p.rule(LEFT, y - lh + 20, RIGHT, width=3)
    y += 16
    p.line(y, (c2, "Gesamtbetrag", tw, "ls", True), (c3, "60,00 M", tw, "rs", True))
    y += 2 * lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Bitte überweisen Sie den Gesamtbetrag innerhalb von 14 Tagen auf das Konto "
        "der Gemeinde bei der Sparkasse Merseburg, Konto-Nr. 5432-17-881, unter "
        "Angabe des Aktenzeichens. Über Ihren Antrag wird nach Eingang der "
        "Stellungnahme der Staatlichen Bauaufsicht des Kreises Merseburg entschieden.",
        tw,
        lh,
        typed=True,
    )
    y += lh
    p.line(y, (LEFT, "Mit freundlichem Gruß", tw, "ls", True))
    y += 200
    p.signature(LEFT + 20, y - 60, 420, 80, fill=60)
    y += 50
    p.line(y, (LEFT, "Kühne", tw, "ls", True))
    y += lh
    p.line(y, (LEFT, "Bürgermeister", tw, "ls", True))
    foot = fonts.get("DejaVuSans", pt(8))
    p.rule(LEFT, A4[1] - mm(22), RIGHT, width=2)
    p.line(A4[1] - mm(22) + 50, (LEFT, "Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr", foot))
    p.line(A4[1] - mm(22) + 95, (LEFT, "Bankverbindung: Sparkasse Merseburg, Konto-Nr. 5432-17-881", foot))
    return p


def bescheid_page(fonts: Fonts) -> Page:
    p = Page(fonts, seed=1301)
    body = fonts.get("DejaVuSerif", pt(11))
    bold = fonts.get("DejaVuSerif-Bold", pt(11))
    title = fonts.get("DejaVuSerif-Bold", pt(16))
    lh = 58
    y = letterhead(p, mm(22))
    y += 250
    ay = y
    for s in ["Herrn", "Gerhard Hübner", "Lindenstraße 4", "4201 Schkopau"]:
        p.line(ay, (LEFT, s, body))
        ay += lh
    y = ay + 100
    p.line(y, (LEFT, "Aktenzeichen: " + AZ_BAU, body), (RIGHT, "Schkopau, den 21.04.1987", body, "rs"))
    y += 200
    p.line(y, (A4[0] // 2, "Baugenehmigung Nr. 14/1987", title, "ms"))
    y += 2 * lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Auf Ihren Antrag vom 09.03.1987 wird Ihnen nach Zustimmung der Staatlichen "
        "Bauaufsicht des Kreises Merseburg die Genehmigung erteilt, auf dem Grundstück",
        body,
        lh,
        justify=True,
    )
    y += 20
    for s in ["Gemarkung Schkopau, Flur 3, Flurstück 112/4 (Lindenstraße 4)", "eine Einzelgarage mit Abstellraum"]:
        p.line(y, (A4[0] // 2, s, bold, "ms"))
        y += lh
    y += 20
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "nach Maßgabe der mit Genehmigungsvermerk versehenen Bauvorlagen zu errichten. "
        "Die Bauvorlagen sind Bestandteil dieser Genehmigung.",
        body,
        lh,
        justify=True,
    )
    y += lh
    p.line(y, (LEFT, "Auflagen:", bold))
    y += lh + 10
    ind = LEFT + 70
    for num, s in [
        ("1.", "Der Baubeginn ist der Gemeindeverwaltung spätestens eine Woche vorher schriftlich anzuzeigen."),
        ("2.", "Die Garage ist mit einem Abstand von mindestens 3,00 m zur Grundstücksgrenze Lindenstraße 6 zu errichten."),
        ("3.", "Das Niederschlagswasser ist auf dem eigenen Grundstück zu sammeln oder zu versickern."),
        ("4.", "Die Rohbauabnahme und die Schlußabnahme sind rechtzeitig bei der Gemeindeverwaltung zu beantragen."),
    ]:
        # the number is printed on the first line of its item
        first = len(p.gt)
        p.draw.text((LEFT, y), num, font=body, fill=0, anchor="ls")
        y = p.para(ind, y, RIGHT - ind, s, body, lh, justify=True)
        p.gt[first] = num + " " + p.gt[first]
        y += 14
    y += lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Die Baugenehmigung erlischt, wenn nicht innerhalb eines Jahres nach ihrer "
        "Zustellung mit der Ausführung des Vorhabens begonnen wird.",
        body,
        lh,
        justify=True,
    )
    y += lh
    p.line(y, (LEFT, "Rechtsmittelbelehrung", bold))
    y += lh + 10
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Gegen diese Entscheidung kann innerhalb von zwei Wochen nach ihrem Zugang "
        "Beschwerde beim Bürgermeister der Gemeinde Schkopau eingelegt werden.",
        body,
        lh,
        justify=True,
    )
    y += 2 * lh
    p.signature(LEFT + 20, y + 40, 420, 80, fill=60)
    y += 200
    p.line(y, (LEFT, "Kühne", body))
    y += lh
    p.line(y, (LEFT, "Bürgermeister", body))
    return p


# --------------------------------------------------------------------------
# record 2: Ratsbeschluss Straßenreinigungssatzung (1998)

AZ_RAT = "022.31/1998-017"


def beschluss_pages(fonts: Fonts) -> list[Page]:
    body = fonts.get("DejaVuSerif", pt(11))
    bold = fonts.get("DejaVuSerif-Bold", pt(11))
    big = fonts.get("DejaVuSerif-Bold", pt(16))
    small = fonts.get("DejaVuSerif", pt(10))
    lh = 58
    VX = LEFT + 560

    p = Page(fonts, seed=2101)
    y = mm(25)
    p.line(y, (LEFT, "Gemeinde Schkopau", bold), (RIGHT, "Landkreis Merseburg-Querfurt", small, "rs"))
    p.rule(LEFT, y + 24, RIGHT, width=3)
    y += 230
    p.line(y, (A4[0] // 2, "Beschluss des Gemeinderates", big, "ms"))
    y += 2 * lh + 20
    for lab, val in [
        ("Sitzung vom:", "10. September 1998 (öffentlich)"),
        ("Beschluss-Nr.:", "017/98"),
        ("Aktenzeichen:", AZ_RAT),
    ]:
        p.line(y, (LEFT, lab, body), (VX, val, body))
        y += lh
    y += 20
    p.line(y, (LEFT, "Gegenstand:", body), (VX, "Satzung über die Straßenreinigung in der", bold))
    y += lh
    p.line(y, (VX, "Gemeinde Schkopau (Straßenreinigungssatzung)", bold))
    y += 2 * lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Der Gemeinderat der Gemeinde Schkopau beschließt auf der Grundlage der §§ 6 "
        "und 44 der Gemeindeordnung für das Land Sachsen-Anhalt (GO LSA) in "
        "Verbindung mit § 47 des Straßengesetzes für das Land Sachsen-Anhalt "
        "(StrG LSA) die als Anlage beigefügte Satzung über die Straßenreinigung in "
        "der Gemeinde Schkopau (Straßenreinigungssatzung).",
        body,
        lh,
        justify=True,
    )
    y += 30
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Die Satzung tritt am Tage nach ihrer öffentlichen Bekanntmachung in Kraft. "
        "Gleichzeitig tritt die Straßenreinigungssatzung vom 12. März 1992 außer Kraft.",
        body,
        lh,
        justify=True,
    )
    y += 30
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Der Bürgermeister wird beauftragt, die Satzung öffentlich bekannt zu machen "
        "und die Eigentümer der anliegenden Grundstücke über die neue Regelung des "
        "Winterdienstes auf Gehwegen zu unterrichten.",
        body,
        lh,
        justify=True,
    )
    y += lh
    p.line(y, (LEFT, "Abstimmungsergebnis:", bold))
    y += lh + 20
    tx0, tx1, tx2 = LEFT, LEFT + 1100, LEFT + 1400
    p.rule(tx0, y - 48, tx2, width=3)
    for a, b in [
        ("Gesetzliche Anzahl der Mitglieder", "17"),
        ("davon anwesend", "15"),
        ("Ja-Stimmen", "12"),
        ("Nein-Stimmen", "2"),
        ("Stimmenthaltungen", "1"),
    ]:
        p.line(y, (tx0 + 20, a, body), (tx1 + 200, b, body, "rs"))
        p.rule(tx0, y + 22, tx2, width=2)
        y += lh + 14
    y += lh
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Auf Grund des § 31 GO LSA waren keine Mitglieder des Gemeinderates von der "
        "Beratung und Abstimmung ausgeschlossen.",
        body,
        lh,
        justify=True,
    )
    p.line(A4[1] - mm(15), (A4[0] // 2, "Seite 1 von 2", small, "ms"))
    pages = [p]

    p = Page(fonts, seed=2102)
    y = mm(25)
    p.line(y, (LEFT, "Beschluss-Nr. 017/98", small), (RIGHT, "Seite 2", small, "rs"))
    p.rule(LEFT, y + 24, RIGHT, width=2)
    y += 200
    p.line(y, (LEFT, "Begründung:", bold))
    y += lh + 10
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Die bisherige Straßenreinigungssatzung vom 12. März 1992 entspricht nicht mehr "
        "den Anforderungen des Straßengesetzes für das Land Sachsen-Anhalt. Insbesondere "
        "ist die Übertragung der Reinigungspflicht auf die Eigentümer der anliegenden "
        "Grundstücke neu zu regeln. Der Winterdienst auf den Gehwegen wird künftig "
        "ebenfalls den Anliegern übertragen. Die Gemeinde bleibt für die Reinigung der "
        "Fahrbahnen der im Straßenverzeichnis genannten Straßen zuständig, darunter die "
        "Lindenstraße, die Merseburger Straße, die Schulstraße und der Kirchweg.",
        body,
        lh,
        justify=True,
    )
    y += 30
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Der Bau- und Ordnungsausschuss hat den Entwurf in seiner Sitzung am "
        "25. August 1998 beraten und dem Gemeinderat die Beschlussfassung empfohlen. "
        "Die Stellungnahme des Landkreises Merseburg-Querfurt vom 3. Juli 1998 wurde "
        "berücksichtigt.",
        body,
        lh,
        justify=True,
    )
    y += lh
    p.line(y, (LEFT, "Finanzielle Auswirkungen:", bold))
    y += lh + 10
    y = p.para(
        LEFT,
        y,
        WIDTH,
        "Durch die Übertragung des Winterdienstes auf die Anlieger verringern sich "
        "die Aufwendungen des Bauhofes um etwa 4.500 DM jährlich.",
        body,
        lh,
        justify=True,
    )
    y += lh
    p.line(y, (LEFT, "Anlage:", bold))
    y += lh + 10
    p.line(y, (LEFT, "Satzung über die Straßenreinigung in der Gemeinde Schkopau", body))
    y += lh
    p.line(y, (LEFT, "mit Straßenverzeichnis", body))
    y += 3 * lh
    p.line(y, (LEFT, "Schkopau, den 11. September 1998", body))
    y += 300
    p.signature(LEFT + 30, y - 70, 460, 90, fill=50)
    p.signature(LEFT + 1230, y - 70, 420, 90, fill=50)
    p.rule(LEFT, y, LEFT + 850, width=2)
    p.rule(LEFT + 1200, y, RIGHT, width=2)
    y += 55
    p.line(y, (LEFT, "Hartmann", body), (LEFT + 1200, "Fiedler", body))
    y += lh
    p.line(y, (LEFT, "Vorsitzender des Gemeinderates", body), (LEFT + 1200, "Bürgermeister", body))
    p.line(A4[1] - mm(15), (A4[0] // 2, "Seite 2 von 2", small, "ms"))
    pages.append(p)
    return pages


def bekanntmachung_1998_lines() -> list[tuple[str, str, float, str]]:
    """(text, font, size in pt, align) for the born-digital notice."""
    L = []
    L.append(("Amtsblatt der Gemeinde Schkopau", "B", 10, "l"))
    L.append(("Nr. 10/1998 vom 1. Oktober 1998", "R", 10, "l"))
    L.append(("", "", 0, "gap"))
    L.append(("Öffentliche Bekanntmachung", "B", 16, "c"))
    L.append(("Satzung über die Straßenreinigung in der Gemeinde Schkopau", "B", 12, "c"))
    L.append(("(Straßenreinigungssatzung)", "B", 12, "c"))
    L.append(("", "", 0, "gap"))
    body = (
        "Der Gemeinderat der Gemeinde Schkopau hat in seiner öffentlichen Sitzung am "
        "10. September 1998 mit Beschluss-Nr. 017/98 die Satzung über die Straßenreinigung "
        "in der Gemeinde Schkopau (Straßenreinigungssatzung) beschlossen. Die Satzung wird "
        "hiermit öffentlich bekannt gemacht. Sie tritt am Tage nach dieser Bekanntmachung "
        "in Kraft."
    )
    L.append((body, "R", 11, "p"))
    L.append((
        "Die Satzung und das Straßenverzeichnis können während der Sprechzeiten im "
        "Bauamt der Gemeindeverwaltung, Schulstraße 18, Zimmer 12, von jedermann "
        "eingesehen werden. Die Eigentümer der an öffentliche Straßen angrenzenden "
        "Grundstücke werden gebeten, die neuen Regelungen zum Winterdienst auf "
        "Gehwegen zu beachten.",
        "R", 11, "p",
    ))
    L.append(("Hinweis:", "B", 11, "l"))
    L.append((
        "Eine Verletzung von Verfahrens- oder Formvorschriften der Gemeindeordnung "
        "für das Land Sachsen-Anhalt ist unbeachtlich, wenn sie nicht innerhalb eines "
        "Jahres seit dieser Bekanntmachung schriftlich unter Bezeichnung des "
        "Sachverhalts, der die Verletzung begründen soll, gegenüber der Gemeinde "
        "Schkopau geltend gemacht worden ist (§ 6 Abs. 4 GO LSA).",
        "R", 11, "p",
    ))
    L.append(("", "", 0, "gap"))
    L.append(("Schkopau, den 22. September 1998", "R", 11, "l"))
    L.append(("", "", 0, "gap"))
    L.append(("Fiedler", "R", 11, "l"))
    L.append(("Bürgermeister", "R", 11, "l"))
    return L


def write_born_digital_pdf(path: Path, dejavu: Path) -> list[str]:
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(RLTTFont("DejaVuSerif", str(dejavu / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(RLTTFont("DejaVuSerif-Bold", str(dejavu / "DejaVuSerif-Bold.ttf")))
    fn = {"R": "DejaVuSerif", "B": "DejaVuSerif-Bold"}
    W, H = RL_A4
    left, right = 25 / 25.4 * 72, W - 20 / 25.4 * 72
    c = canvas.Canvas(str(path), pagesize=RL_A4, invariant=1, pageCompression=1,
                      initialFontName="DejaVuSerif", initialFontSize=11)
    c.setTitle("Öffentliche Bekanntmachung: Straßenreinigungssatzung der Gemeinde Schkopau")
    c.setAuthor("Gemeinde Schkopau, Der Bürgermeister")
    c.setSubject("Amtsblatt der Gemeinde Schkopau Nr. 10/1998")
    c.setCreator("Aktenscan sample generator (make_samples.py)")
    gt: list[str] = []
    y = H - 25 / 25.4 * 72
    for text, font, size, align in bekanntmachung_1998_lines():
        if align == "gap":
            y -= 14
            continue
        f = fn[font]
        lead = size * 1.35
        if align == "p":
            words = text.split()
            lines, cur = [], []
            for w in words:
                if cur and pdfmetrics.stringWidth(" ".join(cur + [w]), f, size) > right - left:
                    lines.append(cur)
                    cur = [w]
                else:
                    cur.append(w)
            lines.append(cur)
            for i, ws in enumerate(lines):
                s = " ".join(ws)
                c.setFont(f, size)
                if i < len(lines) - 1 and len(ws) > 1:
                    # justified: set word spacing
                    extra = (right - left - pdfmetrics.stringWidth(s, f, size)) / (len(ws) - 1)
                    t = c.beginText(left, y)
                    t.setFont(f, size)
                    t.setWordSpace(extra)
                    t.textLine(s)
                    c.drawText(t)
                else:
                    c.drawString(left, y, s)
                gt.append(s)
                y -= lead
            y -= 8
        else:
            c.setFont(f, size)
            if align == "c":
                c.drawCentredString(W / 2, y, text)
            else:
                c.drawString(left, y, text)
            gt.append(text)
            y -= lead
    c.setLineWidth(0.5)
    c.line(left, 20 / 25.4 * 72, right, 20 / 25.4 * 72)
    c.setFont("DejaVuSerif", 8)
    foot = "Herausgeber: Gemeinde Schkopau, Der Bürgermeister, Schulstraße 18, 06258 Schkopau"
    c.drawString(left, 20 / 25.4 * 72 - 12, foot)
    gt.append(foot)
    c.showPage()
    c.save()
    return gt


# --------------------------------------------------------------------------
# record 3: Bekanntmachung 1921 (Fraktur)


def fraktur_page(fonts: Fonts) -> Page:
    p = Page(fonts, seed=3101)
    fr = lambda s: fonts.get("Fraktur", s)  # noqa: E731
    body = fr(70)
    lh = 94
    left, right = mm(22), A4[0] - mm(22)
    width = right - left
    cx = A4[0] // 2
    y = mm(35)
    p.line(y, (right, "Tgb.-Nr. 147/21.", fr(52), "rs"))
    y += 330
    p.line(y, (cx, "Bekanntmachung.", fr(180), "ms"))
    y += 170
    p.rule(cx - 300, y, cx + 300, width=4)
    y += 130
    p.line(y, (cx, "Betrifft: Reinigung der Straßen und Bürgersteige", fr(72), "ms"))
    y += 95
    p.line(y, (cx, "im Winter.", fr(72), "ms"))
    y += 160
    paras = [
        "Auf Grund der Polizeiverordnung über die Reinigung der öffentlichen Wege "
        "vom 4. Dezember 1908 werden die Eigentümer der an der Dorfstraße, der "
        "Lindenstraße, der Merseburger Straße und am Kirchwege gelegenen Grundstücke "
        "hiermit aufgefordert, die vor ihren Grundstücken befindlichen Bürgersteige "
        "bei Schneefall bis spätestens 8 Uhr morgens vom Schnee zu befreien und bei "
        "Glätte mit Asche, Sand oder Sägespänen zu bestreuen.",
        "Die Rinnsteine sind stets offen zu halten, damit das Schmelzwasser "
        "ungehindert abfließen kann. Das Ablagern von Schnee auf der Fahrbahn ist "
        "verboten.",
        "Zuwiderhandlungen werden mit Geldstrafe bis zu 30 Mark, an deren Stelle im "
        "Unvermögensfalle entsprechende Haft tritt, bestraft. Außerdem wird die "
        "Reinigung auf Kosten der Säumigen durch die Gemeinde veranlaßt.",
    ]
    for t in paras:
        y = p.para(left, y, width, t, body, lh, justify=True, first_indent=90)
        y += 50
    y += 200
    p.line(y, (left, "Schkopau, den 18. November 1921.", body))
    y += 260
    p.line(y, (cx + 350, "Der Gemeindevorstand.", fr(72), "ms"))
    y += 120
    p.line(y, (cx + 350, "Hübner, Gemeindevorsteher.", body, "ms"))
    return p


# --------------------------------------------------------------------------
# output helpers


def save_g4_min_is_white(path: Path, pages: list[Image.Image], description: str):
    """Multi-page CCITT G4 TIFF with PhotometricInterpretation = WhiteIsZero.

    That is what fax-style document scanners write.  Pillow writes mode "1"
    as BlackIsZero (and its own WhiteIsZero conversion is unreliable), so the
    pages are inverted, written as BlackIsZero -- paper is then stored as
    0 bits, exactly as in a WhiteIsZero file -- and the Photometric tag of
    every IFD is patched from 1 to 0.  The G4 data stays untouched.
    """
    inv = [ImageOps.invert(p.convert("L")).convert("1", dither=Image.Dither.NONE) for p in pages]
    buf = io.BytesIO()
    inv[0].save(buf, format="TIFF", save_all=True, append_images=inv[1:], compression="group4",
                dpi=(DPI, DPI), tiffinfo={270: description})
    data = bytearray(buf.getvalue())
    assert data[:4] == b"II*\0", "expected a little-endian classic TIFF"
    off = struct.unpack_from("<I", data, 4)[0]
    patched = 0
    while off:
        n = struct.unpack_from("<H", data, off)[0]
        for i in range(n):
            e = off + 2 + 12 * i
            tag, typ, cnt = struct.unpack_from("<HHI", data, e)
            if tag == 262:
                assert typ == 3 and cnt == 1 and struct.unpack_from("<H", data, e + 8)[0] == 1
                struct.pack_into("<H", data, e + 8, 0)
                patched += 1
        off = struct.unpack_from("<I", data, off + 2 + 12 * n)[0]
    assert patched == len(pages)
    path.write_bytes(bytes(data))


def write_gt(rel: str, pages: list[list[str]]):
    path = GT_DIR / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = ["\n".join(lines) + "\n" for lines in pages]
    path.write_text((FF + "\n").join(chunks), encoding="utf-8")
    return "ground-truth/" + rel


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, dpi=(DPI, DPI), optimize=True)
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fraktur-font", help="UnifrakturMaguntia .ttf/.otf/.woff/.woff2 (or env AKTENSCAN_FRAKTUR_FONT)")
    ap.add_argument("--dejavu-dir", help="folder with DejaVuSerif.ttf etc. (or env AKTENSCAN_DEJAVU_DIR)")
    ap.add_argument("--out", default=str(SAMPLES), help="samples folder to write (default: the one this script is in)")
    args = ap.parse_args()

    global GT_DIR
    out = Path(args.out).resolve()
    GT_DIR = out / "ground-truth"
    tmp = Path(tempfile.mkdtemp(prefix="aktenscan-samples-"))
    dejavu = find_dejavu(args.dejavu_dir)
    fraktur = find_fraktur(args.fraktur_font, tmp)
    fonts = Fonts(dejavu, fraktur)
    records = []

    # ---- bauakte-1987
    rec = out / "bauakte-1987"
    rec.mkdir(parents=True, exist_ok=True)
    files = []

    pages = bauantrag_pages(fonts)
    skews = [0.8, -1.1]
    bw = []
    for i, (pg, sk) in enumerate(zip(pages, skews)):
        a = scan_page(pg.img, Scan(skew=sk, seed=100 + i, paper=238, noise=4.0, speckles=250))
        bw.append(to_bilevel(a, seed=200 + i))
    name = "01-bauantrag.tif"
    save_g4_min_is_white(rec / name, bw, "Bauantrag " + AZ_BAU)
    files.append(dict(
        name=name, pages=2, format="tiff", compression="ccitt-g4", color="bilevel", dpi=DPI,
        skew_degrees=skews, rotation=0, language="deu",
        ground_truth=write_gt(f"bauakte-1987/{name}.gt.txt", [p.gt for p in pages]),
        description="Bauantrag (Formular mit Schreibmaschinen-Eintragungen), 2 Seiten, mehrseitiges TIFF, CCITT G4",
    ))

    pg = schreiben_page(fonts)
    a = scan_page(pg.img, Scan(skew=-0.6, seed=110, paper=232, noise=3.0, speckles=250))
    name = "02-schreiben.jpg"
    (rec / name).write_bytes(jpeg_bytes(to_grey(a), 78))
    files.append(dict(
        name=name, pages=1, format="jpeg", compression="jpeg", color="gray", dpi=DPI,
        skew_degrees=[-0.6], rotation=0, language="deu",
        ground_truth=write_gt(f"bauakte-1987/{name}.gt.txt", [pg.gt]),
        description="Schreiben der Gemeinde mit Briefkopf, Anschriftfeld und Gebührentabelle, Graustufen-JPEG",
    ))

    pg = bescheid_page(fonts)
    a = scan_page(pg.img, Scan(skew=1.3, seed=120, paper=234, noise=0.0, speckles=300))
    img = to_grey(a).transpose(Image.Transpose.ROTATE_180)  # fed in upside down
    name = "03-bescheid.png"
    img.save(rec / name, dpi=(DPI, DPI), optimize=True)
    files.append(dict(
        name=name, pages=1, format="png", compression="deflate", color="gray", dpi=DPI,
        skew_degrees=[1.3], rotation=180, language="deu",
        ground_truth=write_gt(f"bauakte-1987/{name}.gt.txt", [pg.gt]),
        description="Baugenehmigung (Bescheid), kopfüber eingescannt (um 180° gedreht), Graustufen-PNG",
    ))
    records.append(dict(
        directory="bauakte-1987", title="Bauakte Lindenstraße 4 – Einzelgarage (1987)",
        aktenzeichen=AZ_BAU, year=1987, files=files,
    ))

    # ---- ratsbeschluss-1998
    import img2pdf

    rec = out / "ratsbeschluss-1998"
    rec.mkdir(parents=True, exist_ok=True)
    files = []
    pages = beschluss_pages(fonts)
    skews = [-0.7, 0.9]
    jpgs = []
    for i, (pg, sk) in enumerate(zip(pages, skews)):
        a = scan_page(pg.img, Scan(skew=sk, seed=130 + i, paper=240, noise=3.0, speckles=200))
        jpgs.append(jpeg_bytes(to_grey(a), 72))
    name = "bl-8-beschluss.pdf"
    fixed = datetime.datetime(1998, 9, 14, 10, 30, 0)
    a4pt = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
    pdf = img2pdf.convert(
        jpgs,
        engine=img2pdf.Engine.internal,
        layout_fun=img2pdf.get_layout_fun(a4pt),
        title="Beschluss des Gemeinderates Nr. 017/98 (Scan)",
        author="Gemeinde Schkopau",
        creator="Aktenscan sample generator (make_samples.py)",
        producer="img2pdf",
        creationdate=fixed,
        moddate=fixed,
    )
    (rec / name).write_bytes(pdf)
    files.append(dict(
        name=name, pages=2, format="pdf", compression="jpeg", color="gray", dpi=DPI,
        skew_degrees=skews, rotation=0, language="deu", born_digital=False,
        ground_truth=write_gt(f"ratsbeschluss-1998/{name}.gt.txt", [p.gt for p in pages]),
        description="Beschluss des Gemeinderates über die Straßenreinigungssatzung, gescanntes PDF (je Seite ein JPEG, DCTDecode), Blatt 8-9",
    ))
    name = "bl-10-bekanntmachung.pdf"
    gt = write_born_digital_pdf(rec / name, dejavu)
    files.append(dict(
        name=name, pages=1, format="pdf", compression="flate", color=None, dpi=None,
        skew_degrees=[0.0], rotation=0, language="deu", born_digital=True,
        ground_truth=write_gt(f"ratsbeschluss-1998/{name}.gt.txt", [gt]),
        description="Öffentliche Bekanntmachung der Satzung, born-digital PDF mit Textebene (DejaVu Serif eingebettet), Blatt 10",
    ))
    records.append(dict(
        directory="ratsbeschluss-1998",
        title="Gemeinderatsbeschluss 017/98 – Straßenreinigungssatzung (1998)",
        aktenzeichen=AZ_RAT, year=1998, files=files,
    ))

    # ---- bekanntmachung-1921
    rec = out / "bekanntmachung-1921"
    rec.mkdir(parents=True, exist_ok=True)
    pg = fraktur_page(fonts)
    a = scan_page(
        pg.img,
        Scan(skew=-1.2, seed=140, paper=205, paper_var=9, ink=38, blur=0.9, noise=0.0, speckles=500, aged=True,
             extra={"hairs": 3}),
    )
    name = "01-bekanntmachung.tif"
    to_grey(a).save(rec / name, compression="tiff_lzw", dpi=(DPI, DPI), tiffinfo={317: 2, 270: "Bekanntmachung 1921"})
    files = [dict(
        name=name, pages=1, format="tiff", compression="lzw", color="gray", dpi=DPI,
        skew_degrees=[-1.2], rotation=0, language="frk", script="Fraktur",
        ground_truth=write_gt(f"bekanntmachung-1921/{name}.gt.txt", [pg.gt]),
        description="Bekanntmachung des Gemeindevorstandes in Fraktur auf vergilbtem Papier, Graustufen-TIFF (LZW)",
    )]
    records.append(dict(
        directory="bekanntmachung-1921",
        title="Bekanntmachung des Gemeindevorstandes über den Winterdienst (1921)",
        aktenzeichen="Tgb.-Nr. 147/21", year=1921, files=files,
    ))

    keys = ["name", "pages", "format", "compression", "color", "dpi", "born_digital", "rotation",
            "skew_degrees", "language", "script", "ground_truth", "description"]
    for r in records:
        for i, f in enumerate(r["files"]):
            f.setdefault("born_digital", False)
            f.setdefault("script", "Latin")
            assert set(f) == set(keys), set(f) ^ set(keys)
            r["files"][i] = {k: f[k] for k in keys}
    manifest = dict(
        version=1,
        description="Bundled sample records of Aktenscan (invented content), see README.md.",
        conventions={
            "paths": "directory is relative to this file; ground_truth is relative to this file",
            "files_order": "files are listed in natural sort order, which is the intended page order",
            "ground_truth": "UTF-8, one line per printed line in reading order, LF line ends; the pages "
            "of a multi-page file are separated by a line holding only a form feed (U+000C)",
            "rotation": "clockwise rotation in degrees that brings the stored page upright",
            "skew_degrees": "per page: counter-clockwise rotation of the printed content on the scan",
            "dpi": "resolution recorded in the file (null for born-digital PDFs)",
            "language": "Tesseract language model the page is meant for",
        },
        records=records,
    )
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote samples to {out}")


if __name__ == "__main__":
    main()
