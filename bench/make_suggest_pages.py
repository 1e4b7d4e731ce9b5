#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Generate an evaluation set for the metadata-suggestion benchmark.

The set has the layout of the repository's samples/ folder, so the suggestion
benchmark (crates/core/examples/suggest_bench.rs, bench/suggest.sh) reads it
unchanged with `--samples DIR`:

    DIR/manifest.json                      records and files (samples/manifest.json schema)
    DIR/aktenplan.json                     copy of samples/aktenplan.json
    DIR/<record>/<nn>-<kind>.png           one A4 page, 300 dpi, 8-bit grey
    DIR/ground-truth/<record>/<file>.gt.txt  the printed text, one line per printed line
    DIR/ground-truth/fields.json           the expected metadata per record and document

The content is invented: town-hall documents of the Gemeinde Schkopau from
1951 to 2020 (letters, Bescheide, Anträge, Niederschriften, Beschlüsse,
Satzungen, Bekanntmachungen, Rechnungen, Vermerke, a Vertrag and a Plan).  It
contains deliberate traps for the suggestions: several dates on one page
(quoted letters, applications, birth dates, deadlines), quoted foreign or
older Aktenzeichen next to the record's own, the town hall's letterhead
address and bank account, officials' names, company addresses and IBANs (no
personal data) and private addresses, birth dates, a Steuer-ID, a private IBAN
and health information (personal data).  The expected values are always the
true ones.

The pages are clean renderings (black text on slightly grey paper, no skew,
no noise), so Tesseract reads them well; the benchmark then measures the
suggestion rules rather than the OCR.

Everything is deterministic: all randomness comes from random.Random(seed).

Usage:
    .venv/bin/python bench/make_suggest_pages.py --out /tmp/sugg-eval [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

DPI = 300
W, H = 2480, 3508  # A4 at 300 dpi
LEFT = 295  # 25 mm
RIGHT = W - 236  # 20 mm right margin
TOP = 236
BOTTOM = H - 200

DOC_TYPES = {
    "Antrag", "Bescheid", "Schreiben", "Protokoll", "Beschluss", "Satzung",
    "Bekanntmachung", "Rechnung", "Vermerk", "Vertrag", "Plan",
}

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


class LayoutError(Exception):
    pass


# --------------------------------------------------------------------------
# fonts


class Fonts:
    def __init__(self, folder: Path):
        self.folder = folder
        self.cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def get(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        key = (name, size)
        if key not in self.cache:
            path = self.folder / f"{name}.ttf"
            if not path.exists():
                sys.exit(f"font not found: {path} (give --dejavu-dir)")
            self.cache[key] = ImageFont.truetype(str(path), size)
        return self.cache[key]


@dataclass
class FontSet:
    body: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    head: ImageFont.FreeTypeFont
    label: ImageFont.FreeTypeFont  # small pre-printed labels
    foot: ImageFont.FreeTypeFont
    lh: int  # body line height


def fontset(fonts: Fonts, style: str) -> FontSet:
    label = fonts.get("DejaVuSans", 30)
    foot = fonts.get("DejaVuSans", 29)
    if style == "mono":  # typewriter
        return FontSet(fonts.get("DejaVuSansMono", 40), fonts.get("DejaVuSansMono-Bold", 40),
                       fonts.get("DejaVuSansMono-Bold", 46), label, foot, 58)
    if style == "serif":
        return FontSet(fonts.get("DejaVuSerif", 40), fonts.get("DejaVuSerif-Bold", 40),
                       fonts.get("DejaVuSerif-Bold", 50), label, foot, 58)
    if style == "sans":
        return FontSet(fonts.get("DejaVuSans", 39), fonts.get("DejaVuSans-Bold", 39),
                       fonts.get("DejaVuSans-Bold", 50), label, foot, 57)
    raise ValueError(style)


# --------------------------------------------------------------------------
# one page: draws text and records the ground truth line by line


class Page:
    def __init__(self, rng: random.Random, fonts: Fonts, style: str):
        self.fonts = fonts
        self.fs = fontset(fonts, style)
        self.tone = rng.randint(243, 250)  # slightly grey paper
        self.ink = rng.randint(15, 35)
        self.img = Image.new("L", (W, H), self.tone)
        self.draw = ImageDraw.Draw(self.img)
        self.y = TOP  # top of the next line
        self.gt: list[str] = []

    # -- primitives --------------------------------------------------------

    def row(self, cells, font=None, lh=None):
        """One printed line of cells (x, text[, font]); x may be "R" (right-aligned at the
        right margin), "C" (centred) or a number.  Ground truth: the cells' texts, left to
        right, joined by one space."""
        font = font or self.fs.body
        placed = []
        for c in cells:
            x, text = c[0], c[1]
            f = c[2] if len(c) > 2 else font
            if not text:
                continue
            w = f.getlength(text)
            if x == "R":
                x = RIGHT - w
            elif x == "C":
                x = (W - w) / 2
            placed.append((float(x), text, f, w))
        placed.sort(key=lambda t: t[0])
        size = max((p[2].size for p in placed), default=font.size)
        lh = lh or max(self.fs.lh, round(size * 1.45))
        if self.y + lh > BOTTOM:
            raise LayoutError(f"page overflows at {placed[0][1] if placed else ''!r}")
        for i, (x, text, f, w) in enumerate(placed):
            if x < LEFT - 1 or x + w > RIGHT + 1:
                raise LayoutError(f"line runs off the page: {text!r}")
            if i + 1 < len(placed) and x + w + 30 > placed[i + 1][0]:
                raise LayoutError(f"cells overlap: {text!r} / {placed[i + 1][1]!r}")
            baseline = self.y + round(size * 1.0)
            self.draw.text((round(x), baseline), text, font=f, fill=self.ink, anchor="ls")
        if placed:
            self.gt.append(" ".join(p[1] for p in placed))
        self.y += lh

    def text(self, s, font=None, x=LEFT, lh=None):
        self.row([(x, s)], font, lh)

    def wrap(self, s, font, width):
        lines, cur = [], []
        for word in s.split():
            trial = " ".join(cur + [word])
            if cur and font.getlength(trial) > width:
                lines.append(" ".join(cur))
                cur = [word]
            else:
                cur.append(word)
        if cur:
            lines.append(" ".join(cur))
        return lines

    def para(self, s, font=None, x=LEFT, width=None, after=None):
        font = font or self.fs.body
        width = width or (RIGHT - x)
        for line in self.wrap(s, font, width):
            self.row([(x, line)], font)
        self.space(self.fs.lh // 2 if after is None else after)

    def hanging(self, tag, s, font=None, x=LEFT, indent=90):
        """A numbered item: the tag at x, the text wrapped at x + indent."""
        font = font or self.fs.body
        lines = self.wrap(s, font, RIGHT - x - indent)
        for i, line in enumerate(lines):
            self.row([(x, tag), (x + indent, line)] if i == 0 else [(x + indent, line)], font)

    def space(self, px):
        self.y += px

    def rule(self, width=3, dy=0):
        y = self.y + dy
        self.draw.line([(LEFT, y), (RIGHT, y)], fill=self.ink, width=width)

    def heading(self, s, font=None, align="L", after=None):
        """A heading, wrapped if too long; returns the printed text joined by spaces."""
        font = font or self.fs.head
        lines = self.wrap(s, font, RIGHT - LEFT)
        for line in lines:
            self.row([("C" if align == "C" else LEFT, line)], font)
        self.space(self.fs.lh // 2 if after is None else after)
        return " ".join(lines)

    def field(self, label, value, x=LEFT, x1=RIGHT):
        """A form box: small pre-printed label, the typed value below it."""
        lab = self.fs.label
        top = self.y
        self.row([(x + 14, label, lab)], lh=46)
        self.row([(x + 30, value)], lh=self.fs.lh + 6)
        self.draw.rectangle([x, top - 4, x1, self.y - 2], outline=self.ink, width=2)
        self.space(6)

    def ref_row(self, pairs, gap=70):
        """A DIN 676 style reference line: labels, values underneath in the same columns."""
        lab, val = self.fs.label, self.fs.body
        xs, x = [], LEFT
        for label, value in pairs:
            xs.append(x)
            x += max(lab.getlength(label), val.getlength(value)) + gap
        if x - gap > RIGHT:
            raise LayoutError(f"reference line too wide: {pairs}")
        self.row([(x0, label, lab) for x0, (label, _) in zip(xs, pairs)], lh=48)
        self.row([(x0, value) for x0, (_, value) in zip(xs, pairs)])

    def footer(self, lines, rule=True):
        """Printed footer lines at the bottom of the page."""
        f = self.fs.foot
        lh = 44
        top = BOTTOM - len(lines) * lh
        if self.y > top - 20:
            raise LayoutError("no room for the footer")
        self.y = top
        if rule:
            self.draw.line([(LEFT, top - 14), (RIGHT, top - 14)], fill=self.ink, width=2)
        for s in lines:
            self.row([(LEFT, s, f)], lh=lh)

    # -- bigger pieces -------------------------------------------------------

    def letterhead(self, year: int, bold_font=None):
        big = self.fonts.get("DejaVuSerif-Bold", 62)
        small = self.fonts.get("DejaVuSans", 32)
        self.row([(LEFT, "Gemeinde Schkopau – Der Bürgermeister", bold_font or big)])
        self.row([(LEFT, town_address_line(year), small)], lh=40)
        self.rule(width=4, dy=4)
        self.space(40)

    def address(self, lines, sender=None, y=560):
        """The address field (DIN 5008 style), optionally with a small sender line above."""
        if self.y > y:
            raise LayoutError("letterhead too tall for the address field")
        self.y = y
        if sender:
            self.row([(LEFT, sender, self.fs.foot)], lh=50)
        for s in lines:
            self.text(s)
        self.space(self.fs.lh)

    def signature_block(self, lines, x=LEFT, gap=150):
        self.space(gap)  # room for the handwritten signature (not text)
        for s in lines:
            self.text(s, x=x)

    def save(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.img.save(path, format="PNG", dpi=(DPI, DPI))


# --------------------------------------------------------------------------
# dates, names, numbers


def fmt(d: dt.date, style: str) -> str:
    if style == "dmy":  # 21.04.1987
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy2":  # 21.04.87
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    if style == "short":  # 21.4.87
        return f"{d.day}.{d.month}.{d.year % 100:02d}"
    if style == "nopad":  # 3.5.1988
        return f"{d.day}.{d.month}.{d.year}"
    if style == "long":  # 21. April 1987
        return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    if style == "iso":
        return d.isoformat()
    raise ValueError(style)


def workday(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def pick_date(rng: random.Random, year: int, m1: int, m2: int) -> dt.date:
    start = dt.date(year, m1, 1)
    end = dt.date(year, m2 + 1, 1) - dt.timedelta(days=1) if m2 < 12 else dt.date(year, 12, 31)
    return workday(start + dt.timedelta(days=rng.randint(0, (end - start).days - 3)))


def after(rng: random.Random, d: dt.date, lo: int, hi: int) -> dt.date:
    return workday(d + dt.timedelta(days=rng.randint(lo, hi)))


def weekday_date(rng: random.Random, d: dt.date, weekday: int, lo: int, hi: int) -> dt.date:
    """A date lo..hi days after d that falls on the given weekday (0 = Monday)."""
    x = d + dt.timedelta(days=rng.randint(lo, hi))
    while x.weekday() != weekday:
        x += dt.timedelta(days=1)
    return x


def town_postcode(year: int) -> str:
    if year >= 1993:
        return "06258 Schkopau"
    if year >= 1965:
        return "4201 Schkopau"
    return "Schkopau"


def town_address_line(year: int) -> str:
    if year >= 1993:
        return "Schulstraße 18, 06258 Schkopau, Telefon (03461) 4940-0"
    if year >= 1965:
        return "Schulstraße 18, 4201 Schkopau, Telefon Merseburg 235"
    return "Schulstraße 18, Schkopau (Kreis Merseburg), Fernruf Merseburg 235"


FIRST = {
    ("m", "old"): ["Heinz", "Werner", "Gerhard", "Horst", "Günter", "Walter", "Helmut", "Herbert", "Erich"],
    ("f", "old"): ["Ursula", "Erika", "Gertrud", "Ingrid", "Helga", "Ilse", "Christa", "Renate", "Edith"],
    ("m", "mid"): ["Klaus", "Peter", "Jürgen", "Uwe", "Bernd", "Frank", "Thomas", "Andreas", "Ralf"],
    ("f", "mid"): ["Sabine", "Petra", "Martina", "Kerstin", "Andrea", "Birgit", "Heike", "Ute", "Simone"],
}
SURNAMES = ["Krause", "Richter", "Vogel", "Hoffmann", "Schulze", "Weber", "Becker", "Lorenz", "Franke",
            "Wagner", "Seidel", "Schröder", "Winkler", "Kaiser", "Neubert", "Hahn", "Pohl", "Berger",
            "Thiele", "Brandt", "Kretschmer", "Ludwig", "Zimmermann", "Engel", "Günther", "Jahn",
            "Voigt", "Fischer", "Heinrich", "Dietrich", "Böhme", "Walther", "Riedel", "Krüger"]
STREETS = ["Lindenstraße", "Merseburger Straße", "Kirchweg", "Bahnhofstraße", "Rosenweg",
           "Hallesche Straße", "Saalestraße", "Am Park", "Dorfstraße", "Gartenstraße", "Wiesenweg",
           "Ahornweg"]


@dataclass
class Person:
    first: str
    last: str
    sex: str
    birth: dt.date
    street: str
    place: str  # "06258 Schkopau"

    @property
    def name(self):
        return f"{self.first} {self.last}"

    @property
    def name_rev(self):
        return f"{self.last}, {self.first}"

    @property
    def anrede(self):  # address field
        return "Herrn" if self.sex == "m" else "Frau"

    @property
    def herr_frau(self):
        return "Herr" if self.sex == "m" else "Frau"

    @property
    def salutation(self):
        return f"Sehr geehrter Herr {self.last}," if self.sex == "m" else f"Sehr geehrte Frau {self.last},"

    def address_lines(self):
        return [self.anrede, self.name, self.street, self.place]


class People:
    """Invented private persons, each surname used once per run."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.free = list(SURNAMES)
        rng.shuffle(self.free)

    def new(self, sex: str, born: tuple[int, int], place: str, street: str | None = None) -> Person:
        era = "old" if born[1] < 1950 else "mid"
        first = self.rng.choice(FIRST[(sex, era)])
        last = self.free.pop()
        y = self.rng.randint(*born)
        birth = dt.date(y, self.rng.randint(1, 12), self.rng.randint(1, 28))
        street = street or f"{self.rng.choice(STREETS)} {self.rng.randint(2, 48)}"
        return Person(first, last, sex, birth, street, place)


def iban_de(blz: str, konto: str) -> str:
    bban = blz + konto.zfill(10)
    check = 98 - int(bban + "131400") % 97
    s = f"DE{check:02d}{bban}"
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def steuer_id_check(digits10: str) -> int:
    """Check digit of the steuerliche Identifikationsnummer (ISO 7064 MOD 11,10)."""
    product = 10
    for ch in digits10:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def steuer_id(rng: random.Random) -> str:
    while True:
        digits = list(range(10))
        rng.shuffle(digits)
        # one digit missing, one digit twice (the rule since 2016 also allows three times)
        missing, twice = digits[0], digits[1]
        body = [d for d in digits if d != missing] + [twice]
        rng.shuffle(body)
        if body[0] == 0:
            continue
        if any(body[i] == body[i + 1] for i in range(9)):
            continue
        s = "".join(map(str, body))
        s += str(steuer_id_check(s))
        return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


PRIVATE_IBAN = "DE89 3704 0044 0532 0130 00"


# --------------------------------------------------------------------------
# records and documents


@dataclass
class Doc:
    name: str
    doc_type: str
    title: str
    date: dt.date
    date_text: str  # the document's own date as printed
    personal: bool
    page: Page


@dataclass
class Record:
    directory: str
    title: str
    aktenzeichen: str
    unit: str
    year: int
    docs: list[Doc] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)

    @property
    def personal(self):
        return any(d.personal for d in self.docs)


def az_of(rng, unit, year, lo=1, hi=60):
    return f"{unit}/{year}-{rng.randint(lo, hi):03d}"


# -- 1951: Straßenbenennung ---------------------------------------------------


def rec_strasse_1951(rng, fonts, people):
    year, unit = 1951, "660.1"
    az = az_of(rng, unit, year, 1, 9)
    street = rng.choice(["Straße der Jugend", "Goethestraße", "Schillerstraße", "Lessingstraße"])
    session = pick_date(rng, year, 5, 6)
    kreis = session - dt.timedelta(days=rng.randint(25, 45))
    d1 = after(rng, session, 2, 6)
    d2 = after(rng, d1, 6, 16)
    nr = f"{rng.randint(5, 14)}/51"
    rec = Record("strassenbenennung-1951", f"Benennung der {street} (1951)", az, unit, year)

    p = Page(rng, fonts, "mono")
    p.letterhead(year)
    p.space(60)
    p.heading("Beschluß des Gemeinderates")
    p.text(f"Sitzung vom: {fmt(session, 'long')}")
    p.text(f"Beschluß-Nr.: {nr}")
    p.text(f"Aktenzeichen: {az}")
    p.space(30)
    title = "Benennung einer neuen Straße am Kirchweg"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.para(f"Der Gemeinderat beschließt, die vom Kirchweg nach Süden abzweigende neue Straße "
           f"zwischen der Schule und dem Sportplatz „{street}“ zu benennen. Die vorläufige "
           f"Bezeichnung „Weg C“ entfällt.")
    p.para(f"Grundlage ist die Rundverfügung des Rates des Kreises Merseburg vom "
           f"{fmt(kreis, 'long')} über die Benennung von Straßen und Plätzen. Die Hausnummern "
           f"werden von der Gemeindeverwaltung nach dem Lageplan vergeben. Die Anlieger werden "
           f"durch öffentliche Bekanntmachung unterrichtet.")
    p.text("Abstimmungsergebnis:")
    yes = rng.randint(9, 12)
    for a, b in [("Anwesende Mitglieder", str(yes + 1)), ("Ja-Stimmen", str(yes)),
                 ("Nein-Stimmen", "0"), ("Stimmenthaltungen", "1")]:
        p.row([(LEFT + 60, a), (LEFT + 900, b)])
    p.space(80)
    p.text(f"Schkopau, den {fmt(d1, 'long')}")
    p.signature_block(["Lehmann", "Bürgermeister"])
    rec.docs.append(Doc("01-beschluss.png", "Beschluss", title, d1, fmt(d1, "long"), False, p))
    rec.traps.append("01-beschluss: Sitzungsdatum und Datum der Rundverfügung neben dem "
                     "Unterschriftsdatum (Dokumentdatum = Unterschrift); alte Schreibung „Beschluß“")

    p = Page(rng, fonts, "mono")
    p.letterhead(year)
    p.space(80)
    title = p.heading("Bekanntmachung über die Benennung einer Straße", align="C", after=60)
    p.para(f"Der Gemeinderat der Gemeinde Schkopau hat in seiner Sitzung am {fmt(session, 'long')} "
           f"beschlossen, die vom Kirchweg nach Süden abzweigende neue Straße zwischen der Schule "
           f"und dem Sportplatz „{street}“ zu benennen.")
    deadline = dt.date(year, 8, 31)
    p.para(f"Die Eigentümer der anliegenden Grundstücke werden aufgefordert, die ihnen von der "
           f"Gemeindeverwaltung zugeteilten Hausnummern bis zum {fmt(deadline, 'long')} gut "
           f"sichtbar anzubringen. Die Hausnummernschilder können im Gemeindebüro, Schulstraße 18, "
           f"Zimmer 3, gegen eine Gebühr von 2,50 DM abgeholt werden.")
    p.para("Der Lageplan mit der neuen Straße liegt während der Dienststunden im Gemeindebüro "
           "zur Einsichtnahme aus.")
    p.space(60)
    p.row([(LEFT, f"Az.: {az}"), ("R", f"Schkopau, den {fmt(d2, 'nopad')}")])
    p.space(40)
    p.text("Der Bürgermeister")
    p.signature_block(["Lehmann"], gap=120)
    rec.docs.append(Doc("02-bekanntmachung.png", "Bekanntmachung", title, d2, fmt(d2, "nopad"), False, p))
    rec.traps.append("02-bekanntmachung: Sitzungsdatum und Frist (31. August) neben dem eigenen Datum")
    return rec


# -- 1965: Sitzung des Gemeinderates -----------------------------------------------


def rec_sitzung_1965(rng, fonts, people):
    year, unit = 1965, "022.31"
    n = rng.randint(6, 11)
    az = f"{unit}/{year}-{n:03d}"
    session = weekday_date(rng, dt.date(year, 3, 1), 2, 0, 25)  # a Wednesday in March
    prev = session - dt.timedelta(days=rng.choice([35, 42, 49]))
    nxt = session + dt.timedelta(days=rng.choice([56, 63]))
    signed = after(rng, session, 3, 7)
    members = [people.new(rng.choice("mf"), (1905, 1935), "").last for _ in range(8)]
    absent = members.pop()
    rec = Record("ratssitzung-1965", f"{n}. Sitzung des Gemeinderates 1965", az, unit, year)

    p = Page(rng, fonts, "mono")
    p.row([(LEFT, "Gemeinde Schkopau"), ("R", f"Az.: {az}")])
    p.text("Kreis Merseburg")
    p.space(70)
    title = p.heading(f"Niederschrift über die {n}. Sitzung des Gemeinderates am {fmt(session, 'long')}")
    p.row([(LEFT, "Beginn: 18.00 Uhr"), (LEFT + 700, "Ende: 20.40 Uhr")])
    p.text("Ort: Sitzungszimmer der Gemeindeverwaltung, Schulstraße 18")
    p.space(20)
    p.text("Anwesend:", p.fs.bold)
    p.text("Bürgermeister Wendt (Vorsitz)")
    p.para("Gemeinderäte: " + ", ".join(members))
    p.text(f"Entschuldigt: {absent}")
    p.text("Protokoll: Frau Sommer, Gemeindeverwaltung")
    p.space(20)
    p.text("Tagesordnung:", p.fs.bold)
    p.hanging("1.", f"Bestätigung der Niederschrift vom {fmt(prev, 'dmy')}")
    p.hanging("2.", "Volkswirtschaftsplan 1965 der Gemeinde")
    p.hanging("3.", "Instandsetzung des Kindergartens Schulstraße")
    p.hanging("4.", "Verschiedenes")
    p.space(30)
    p.para("Zu 1.: Die Niederschrift wird ohne Änderungen bestätigt.")
    p.para("Zu 2.: Der Bürgermeister erläutert den Entwurf des Volkswirtschaftsplanes. "
           "Der Gemeinderat nimmt den Entwurf zur Kenntnis und empfiehlt, die Mittel für die "
           "Straßenbeleuchtung am Kirchweg zu erhöhen.")
    amount = rng.choice([9800, 12500, 14200])
    p.para(f"Zu 3.: Nach Aussprache beschließt der Gemeinderat die Instandsetzung des Daches "
           f"und der Heizungsanlage des Kindergartens mit Kosten von {amount:,} MDN "
           f"(Beschluß-Nr. {n}/65).".replace(",", "."))
    p.para("Zu 4.: Die Gemeinderäte werden gebeten, sich an dem Arbeitseinsatz zur "
           "Verschönerung des Ortes zu beteiligen.")
    p.para(f"Die nächste Sitzung findet am {fmt(nxt, 'long')} statt.")
    p.space(90)
    p.row([(LEFT, "Wendt"), (LEFT + 1000, "Sommer")])
    p.row([(LEFT, "Vorsitzender"), (LEFT + 1000, "Protokollführerin")])
    rec.docs.append(Doc("01-protokoll.png", "Protokoll", title, session, fmt(session, "long"), False, p))
    rec.traps.append("01-protokoll: Datum der vorigen Niederschrift und der nächsten Sitzung neben "
                     "dem Sitzungsdatum in der Überschrift; Namen von Gemeinderäten (keine "
                     "personenbezogenen Daten)")

    p = Page(rng, fonts, "mono")
    p.letterhead(year)
    p.space(60)
    p.heading("Beschluß des Gemeinderates")
    p.text(f"Beschluß-Nr. {n}/65")
    p.text(f"Sitzung vom: {fmt(session, 'dmy')}")
    p.text(f"Aktenzeichen: {az}")
    p.space(30)
    title2 = "Instandsetzung des Kindergartens Schulstraße"
    p.text(f"Betreff: {title2}", p.fs.bold)
    p.space(40)
    p.para(f"Der Gemeinderat beschließt, das Dach und die Heizungsanlage des Kindergartens "
           f"Schulstraße im Jahr 1965 instand zu setzen. Die Kosten von {amount:,} MDN werden "
           f"aus dem Haushalt der Gemeinde gedeckt.".replace(",", "."))
    p.para("Der Bürgermeister wird beauftragt, die Arbeiten an die PGH Bau Merseburg zu "
           "vergeben und die Ausführung in den Sommermonaten zu veranlassen, damit der Betrieb "
           "des Kindergartens nicht unterbrochen wird.")
    p.text("Abstimmungsergebnis:")
    p.row([(LEFT + 60, "Ja-Stimmen"), (LEFT + 900, "7")])
    p.row([(LEFT + 60, "Nein-Stimmen"), (LEFT + 900, "0")])
    p.row([(LEFT + 60, "Stimmenthaltungen"), (LEFT + 900, "0")])
    p.space(80)
    p.text(f"Schkopau, den {fmt(signed, 'short')}")
    p.signature_block(["Wendt", "Bürgermeister"])
    rec.docs.append(Doc("02-beschluss.png", "Beschluss", title2, signed, fmt(signed, "short"), False, p))
    rec.traps.append("02-beschluss: Sitzungsdatum 10-stellig, Unterschriftsdatum kurz (d.m.yy)")
    return rec


# -- 1978: Abbruchgenehmigung ---------------------------------------------------


def rec_abbruch_1978(rng, fonts, people):
    year, unit = 1978, "632.30"
    az = az_of(rng, unit, year, 3, 20)
    owner = people.new("m", (1915, 1930), town_postcode(year), street=f"Dorfstraße {rng.randint(3, 30)}")
    d1 = pick_date(rng, year, 2, 3)
    received = after(rng, d1, 2, 4)
    visit = after(rng, received, 7, 14)
    d2 = after(rng, visit, 0, 1)
    sba = after(rng, d2, 2, 5)
    d3 = after(rng, sba, 4, 10)
    storm = dt.date(1976, 1, 3)
    flur = f"Flur {rng.randint(1, 4)}, Flurstück {rng.randint(20, 160)}"
    nr = f"{rng.randint(2, 9)}/{year}"
    rec = Record("abbruch-1978", f"Abbruch Scheune {owner.street} (1978)", az, unit, year)

    p = Page(rng, fonts, "mono")
    title = p.heading("Antrag auf Abbruchgenehmigung", p.fonts.get("DejaVuSans-Bold", 52), after=20)
    p.text("An den Bürgermeister der Gemeinde Schkopau, Bauverwaltung", p.fs.label)
    p.space(30)
    p.field("Aktenzeichen (wird von der Gemeinde eingetragen)", az)
    p.text("1. Antragsteller (Eigentümer)", p.fs.bold)
    p.field("Name, Vorname", owner.name_rev)
    p.field("Geburtsdatum", fmt(owner.birth, "dmy"))
    p.field("Anschrift", f"{owner.street}, {owner.place}")
    p.text("2. Grundstück", p.fs.bold)
    p.field("Straße, Hausnummer", owner.street)
    p.field("Gemarkung, Flur, Flurstück", f"Schkopau, {flur}")
    p.text("3. Vorhaben", p.fs.bold)
    p.field("Bezeichnung der abzubrechenden Anlage", "Scheune (Fachwerk, Ziegeldach)")
    p.field("Abmessungen", "14,00 m x 8,50 m, Firsthöhe 7,20 m")
    p.field("Begründung", f"baufällig, Sturmschaden vom {fmt(storm, 'dmy')}")
    p.field("Ort, Datum", f"Schkopau, den {fmt(d1, 'dmy')}")
    p.space(20)
    p.text("Vermerke der Bauverwaltung", p.fs.label)
    p.text(f"Eingegangen am {fmt(received, 'dmy')}")
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "dmy"), True, p))
    rec.traps.append("01-antrag: Geburtsdatum, Datum des Sturmschadens und Eingangsvermerk neben "
                     "dem Antragsdatum (Ort, Datum)")

    p = Page(rng, fonts, "mono")
    p.text("Gemeinde Schkopau – Bauverwaltung")
    p.space(60)
    p.heading("Aktenvermerk")
    p.text(f"Az.: {az}")
    title = f"Ortsbesichtigung Scheune {owner.street}"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.para(f"Am {fmt(visit, 'dmy')} fand auf dem Grundstück {owner.street} eine Ortsbesichtigung "
           f"statt. Teilnehmer: Herr Bauer (Bauverwaltung der Gemeinde), Herr Schimmel "
           f"(Staatliche Bauaufsicht des Kreises Merseburg) und der Eigentümer.")
    p.para("Die Scheune ist im Dachbereich teilweise eingestürzt, die Fachwerkwand zur Straße "
           "hat sich um etwa 20 cm geneigt. Eine Instandsetzung ist nach Auffassung der "
           "Beteiligten wirtschaftlich nicht vertretbar. Von dem Gebäude geht eine Gefahr für "
           "die Benutzer des Gehweges aus.")
    p.para(f"Gegen den Abbruch bestehen keine Bedenken. Der Antrag vom {fmt(d1, 'dmy')} kann "
           f"nach Eingang der schriftlichen Stellungnahme der Staatlichen Bauaufsicht genehmigt "
           f"werden. Folgende Auflagen werden vorgeschlagen:")
    p.hanging("1.", "Der Gehweg ist während der Arbeiten abzusperren.")
    p.hanging("2.", "Die Dachziegel sind zu bergen und der Gemeinde zur Wiederverwendung anzubieten.")
    p.hanging("3.", "Der Bauschutt ist bis zum Ende des Jahres zu beseitigen.")
    p.space(70)
    p.text(f"Schkopau, {fmt(d2, 'short')}")
    p.signature_block(["Bauer"], gap=120)
    rec.docs.append(Doc("02-vermerk.png", "Vermerk", title, d2, fmt(d2, "short"), False, p))
    rec.traps.append("02-vermerk: Datum der Besichtigung und des Antrags im Text; Eigentümer nur "
                     "als „der Eigentümer“ (kein Personenbezug), Grundstücksadresse ohne Namen")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(owner.address_lines())
    p.row([(LEFT, f"Aktenzeichen: {az}"), ("R", f"Schkopau, den {fmt(d3, 'dmy')}")])
    p.space(60)
    title = p.heading(f"Abbruchgenehmigung Nr. {nr}")
    p.para(f"Auf Ihren Antrag vom {fmt(d1, 'dmy')} wird Ihnen nach der Stellungnahme der "
           f"Staatlichen Bauaufsicht des Kreises Merseburg vom {fmt(sba, 'dmy')} "
           f"(Az. SBA-M 41/78) die Genehmigung erteilt, auf dem Grundstück Gemarkung Schkopau, "
           f"{flur} ({owner.street}) die baufällige Scheune abzubrechen.")
    p.text("Auflagen:")
    p.hanging("1.", "Der Beginn der Arbeiten ist der Gemeindeverwaltung eine Woche vorher anzuzeigen.")
    p.hanging("2.", "Der Gehweg ist während der Arbeiten abzusperren und zu sichern.")
    p.hanging("3.", "Die Dachziegel sind zu bergen und der Gemeinde zur Wiederverwendung anzubieten.")
    p.hanging("4.", f"Der Bauschutt ist bis zum 31.12.{year} zu beseitigen.")
    p.space(20)
    p.para("Für diese Genehmigung wird eine Gebühr von 15,00 M erhoben, die innerhalb von 14 Tagen "
           "bei der Gemeindekasse einzuzahlen ist.")
    p.text("Rechtsmittelbelehrung", p.fs.bold)
    p.para("Gegen diese Entscheidung kann innerhalb von zwei Wochen nach ihrem Zugang Beschwerde "
           "beim Bürgermeister der Gemeinde Schkopau eingelegt werden.")
    p.signature_block(["Kühne", "Bürgermeister"], gap=120)
    rec.docs.append(Doc("03-bescheid.png", "Bescheid", title, d3, fmt(d3, "dmy"), True, p))
    rec.traps.append("03-bescheid: fremdes Aktenzeichen „Az. SBA-M 41/78“ und zwei weitere Daten "
                     "im Text neben „Aktenzeichen: … Schkopau, den …“ in einer Zeile; Briefkopf")
    return rec


# -- 1988: Gewerbegenehmigung ------------------------------------------------------


def rec_gewerbe_1988(rng, fonts, people):
    year, unit = 1988, "32"
    az = az_of(rng, unit, year, 10, 40)
    app = people.new("m", (1948, 1956), town_postcode(year))
    d1 = pick_date(rng, year, 3, 3)
    recv = after(rng, d1, 1, 3)
    fwd = after(rng, recv, 3, 8)
    d2 = after(rng, fwd, 25, 40)
    meister = dt.date(rng.randint(1976, 1982), rng.randint(1, 12), rng.randint(1, 28))
    rec = Record("gewerbe-1988", f"Gewerbegenehmigung Kfz-Reparaturwerkstatt {app.last} (1988)",
                 az, unit, year)

    p = Page(rng, fonts, "mono")
    p.row([(LEFT, app.name), ("R", f"Eingang: {fmt(recv, 'dmy2')}", p.fs.label)])
    p.row([(LEFT, app.street), ("R", f"Az.: {az}", p.fs.label)])
    p.text(app.place)
    p.space(120)
    for s in ["An den", "Bürgermeister der Gemeinde Schkopau", "Schulstraße 18", "4201 Schkopau"]:
        p.text(s)
    p.space(60)
    p.row([("R", f"Schkopau, den {fmt(d1, 'short')}")])
    p.space(40)
    title = "Antrag auf Erteilung einer Gewerbegenehmigung"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.text("Sehr geehrter Herr Bürgermeister,")
    p.space(20)
    p.para("hiermit beantrage ich die Genehmigung zur Eröffnung einer privaten "
           f"Kfz-Reparaturwerkstatt in meinem Grundstück {app.street} in Schkopau.")
    p.para(f"Ich bin am {fmt(app.birth, 'dmy')} in Merseburg geboren und seit 1972 als "
           f"Kfz-Schlosser im VEB Kraftverkehr Merseburg tätig. Die Meisterprüfung habe ich am "
           f"{fmt(meister, 'dmy')} abgelegt. Eine Abschrift des Meisterbriefes lege ich bei.")
    p.para("Die Werkstatt soll in der vorhandenen Garage (6 x 4 m) eingerichtet werden. Es ist "
           "beabsichtigt, vor allem Reparaturen an Fahrzeugen der Bürger der Gemeinde "
           "auszuführen, für die es im Ort bisher keine Werkstatt gibt.")
    p.para("Ich bitte um wohlwollende Prüfung meines Antrages.")
    p.text("Hochachtungsvoll")
    p.signature_block([app.name], gap=130)
    p.space(40)
    p.text("Anlage: Abschrift Meisterbrief")
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "short"), True, p))
    rec.traps.append("01-antrag: Antrag in Briefform (Anrede, „Hochachtungsvoll“) mit Absender"
                     "anschrift einer Privatperson; Eingangsstempel „Eingang: …“ mit Az. oben "
                     "rechts; Geburtsdatum und Datum der Meisterprüfung im Text")

    p = Page(rng, fonts, "mono")
    p.row([(LEFT, "Rat des Kreises Merseburg", p.fonts.get("DejaVuSans-Bold", 50))])
    p.row([(LEFT, "Abteilung Örtliche Versorgungswirtschaft", p.fonts.get("DejaVuSans", 32))], lh=44)
    p.row([(LEFT, "Oberaltenburg 4, Merseburg 4200", p.fonts.get("DejaVuSans", 32))], lh=44)
    p.rule(width=3, dy=4)
    p.address(["Gemeinde Schkopau", "Der Bürgermeister", "Schulstraße 18", "4201 Schkopau"])
    p.row([(LEFT, f"Ihr Zeichen: {az}"), ("R", f"Merseburg, den {fmt(d2, 'short')}")])
    p.text(f"Ihre Nachricht vom: {fmt(fwd, 'dmy')}")
    p.text(f"Unser Zeichen: ÖVW/Ha-{rng.randint(100, 180)}/88")
    p.space(50)
    title = "Gewerbegenehmigung für eine Kfz-Reparaturwerkstatt"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.text("Werte Genossen,")
    p.space(20)
    p.para(f"zu dem mit Ihrem Schreiben vom {fmt(fwd, 'dmy')} übersandten Antrag des Bürgers "
           f"{app.name}, geb. {fmt(app.birth, 'dmy')}, wohnhaft {app.street}, {app.place}, "
           f"vom {fmt(d1, 'dmy')} nehmen wir wie folgt Stellung:")
    p.para("Die Versorgung der Bevölkerung mit Reparaturleistungen für Kraftfahrzeuge ist im "
           "Bereich Schkopau nicht ausreichend gesichert. Der Antragsteller besitzt die "
           "erforderliche fachliche Qualifikation. Einer Gewerbegenehmigung wird daher "
           "zugestimmt.")
    p.para("Die Genehmigung ist auf Reparaturen an privaten Kraftfahrzeugen zu beschränken. "
           "Die Zuteilung von Ersatzteilen erfolgt über den Kreisbetrieb für Landtechnik.")
    p.text("Mit sozialistischem Gruß")
    p.signature_block(["Hartwig", "Abteilungsleiter"], gap=130)
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title, d2, fmt(d2, "short"), True, p))
    rec.traps.append("02-schreiben: Brief einer Behörde (Rat des Kreises, keine Privatanschrift im "
                     "Kopf) mit „Merseburg, den d.m.yy“; eigenes Az. als „Ihr Zeichen“, fremdes "
                     "„Unser Zeichen“; Privatperson im Text mit „geb.“ und Anschrift; vier Daten")
    return rec


# -- 1994: Bauakte Einfamilienhaus ---------------------------------------------------


def rec_bau_1994(rng, fonts, people):
    year, unit = 1994, "632.10"
    n = rng.randint(4, 12)
    az = f"{unit}/{year}-{n:03d}"
    app = people.new("f", (1958, 1966), "06217 Merseburg",
                     street=f"Hallesche Straße {rng.randint(10, 60)}")
    plot = f"Rosenweg {rng.randint(3, 21)}"
    d1 = pick_date(rng, year, 2, 2)
    recv = after(rng, d1, 2, 4)
    d2 = after(rng, recv, 8, 14)
    deadline = after(rng, d2, 21, 28)
    d3 = after(rng, deadline, 14, 28)
    flur = f"Flur {rng.randint(2, 6)}, Flurstück {rng.randint(100, 400)}/{rng.randint(1, 9)}"
    rec = Record("bauakte-1994", f"Bauakte {plot} – Einfamilienhaus (1994)", az, unit, year)

    p = Page(rng, fonts, "mono")
    h1 = p.heading("Antrag auf Baugenehmigung", p.fonts.get("DejaVuSans-Bold", 52), after=0)
    h2 = p.heading("(Bauantrag)", p.fonts.get("DejaVuSans-Bold", 40), after=10)
    title = f"{h1} {h2}"
    p.text("An den Bürgermeister der Gemeinde Schkopau, Bauamt, Schulstraße 18, 06258 Schkopau",
           p.fs.label)
    p.space(30)
    p.field("Aktenzeichen (wird von der Gemeinde eingetragen)", az)
    p.text("1. Bauherr", p.fs.bold)
    p.field("Name, Vorname", app.name_rev)
    p.field("Geburtsdatum", fmt(app.birth, "dmy"))
    p.field("Anschrift", f"{app.street}, {app.place}")
    p.text("2. Baugrundstück", p.fs.bold)
    p.field("Straße, Hausnummer", f"{plot}, 06258 Schkopau")
    p.field("Gemarkung, Flur, Flurstück", f"Schkopau, {flur}")
    p.text("3. Vorhaben", p.fs.bold)
    p.field("Bezeichnung des Vorhabens", "Neubau eines Einfamilienhauses mit Carport")
    p.text("4. Entwurfsverfasser", p.fs.bold)
    p.field("Name, Anschrift", "Architekturbüro Schäfer, Gotthardstraße 22, 06217 Merseburg")
    p.field("Ort, Datum", f"Merseburg, den {fmt(d1, 'dmy')}")
    p.space(10)
    p.text("Vermerke der Bauverwaltung", p.fs.label)
    p.text(f"Eingegangen am {fmt(recv, 'dmy')}")
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "dmy"), True, p))
    rec.traps.append("01-antrag: Formular mit Überschrift und Klammerzeile „(Bauantrag)“; "
                     "Geburtsdatum der Bauherrin, Eingangsvermerk; Anschrift des Architekturbüros "
                     "(Firma) und des Rathauses")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address([app.anrede, app.name, app.street, app.place],
              sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.ref_row([("Ihre Nachricht vom", fmt(d1, "dmy")), ("Unser Zeichen", az),
               ("Bearbeiter", "Herr Bauer"), ("Datum", fmt(d2, "dmy"))])
    p.space(60)
    title = f"Bauantrag Neubau Einfamilienhaus {plot}"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.text("hier: Nachforderung von Unterlagen", x=LEFT + round(p.fs.bold.getlength("Betreff: ")))
    p.space(40)
    p.text(app.salutation)
    p.space(20)
    p.para(f"Ihr Bauantrag vom {fmt(d1, 'dmy')} ist am {fmt(recv, 'dmy')} bei der "
           f"Gemeindeverwaltung eingegangen. Bei der Prüfung wurde festgestellt, daß folgende "
           f"Unterlagen fehlen:")
    p.hanging("1.", "amtlicher Lageplan im Maßstab 1:500 (zweifach)")
    p.hanging("2.", "Nachweis der Standsicherheit (Statik) für den Carport")
    p.hanging("3.", "Berechnung der Wohnfläche und des umbauten Raumes")
    p.space(20)
    p.para(f"Bitte reichen Sie die Unterlagen bis zum {fmt(deadline, 'dmy')} nach. Erst dann "
           f"kann der Antrag an die untere Bauaufsichtsbehörde des Landkreises Merseburg-Querfurt "
           f"weitergeleitet werden. Bei Rückfragen erreichen Sie Herrn Bauer unter der Telefonnummer "
           f"(03461) 4940-23.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Bauer"], gap=120)
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              "Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 0123 45, BLZ 800 530 00"])
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title, d2, fmt(d2, "dmy"), True, p))
    rec.traps.append("02-schreiben: Bezugszeichenzeile mit „Ihre Nachricht vom“ und „Datum“; "
                     "Antrags-, Eingangs- und Fristdatum im Text; Sachbearbeiter (Amtsträger); "
                     "Rathausadresse zweimal (Briefkopf, Absenderzeile)")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address([app.anrede, app.name, app.street, app.place],
              sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.row([(LEFT, f"Aktenzeichen: {az}"), ("R", f"Schkopau, {fmt(d3, 'long')}")])
    p.space(50)
    title = p.heading(f"Baugenehmigung Nr. {n}/{year}")
    p.para(f"Auf Ihren Antrag vom {fmt(d1, 'dmy')}, ergänzt am {fmt(deadline, 'dmy')}, wird "
           f"Ihnen nach Zustimmung der unteren Bauaufsichtsbehörde die Genehmigung erteilt, auf "
           f"dem Grundstück Gemarkung Schkopau, {flur} ({plot}) ein Einfamilienhaus mit Carport "
           f"nach Maßgabe der mit Genehmigungsvermerk versehenen Bauvorlagen zu errichten.")
    p.text("Auflagen:")
    p.hanging("1.", "Der Baubeginn ist der Gemeinde spätestens eine Woche vorher schriftlich anzuzeigen.")
    p.hanging("2.", "Das Niederschlagswasser ist auf dem eigenen Grundstück zu versickern.")
    p.hanging("3.", "Die Rohbau- und die Schlußabnahme sind rechtzeitig zu beantragen.")
    p.space(20)
    fee = rng.choice([420, 485, 510])
    p.para(f"Die Gebühr für diese Genehmigung beträgt {fee},00 DM. Sie wird mit gesondertem "
           f"Bescheid angefordert.")
    p.text("Rechtsbehelfsbelehrung", p.fs.bold)
    p.para("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
           "erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift beim "
           "Bürgermeister der Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau, einzulegen.")
    p.signature_block(["Fiedler", "Bürgermeister"], gap=110)
    rec.docs.append(Doc("03-bescheid.png", "Bescheid", title, d3, fmt(d3, "long"), True, p))
    rec.traps.append("03-bescheid: „zur Niederschrift“ in der Rechtsbehelfsbelehrung (Wort des Typs "
                     "Protokoll); Antrags- und Ergänzungsdatum im Text; Datum in Langform")
    return rec


# -- 1999: Bauvoranfrage einer Firma -------------------------------------------------


def rec_voranfrage_1999(rng, fonts, people):
    year, unit = 1999, "632.20"
    az = az_of(rng, unit, year, 20, 60)
    old_az = f"632.10/1985-{rng.randint(10, 40):03d}"
    old_date = dt.date(1985, rng.randint(4, 9), rng.randint(1, 28))
    d1 = pick_date(rng, year, 5, 5)
    recv = after(rng, d1, 2, 4)
    d2 = after(rng, recv, 10, 18)
    deadline = after(rng, d2, 18, 25)
    rec = Record("bauvoranfrage-1999", "Bauvoranfrage Lagerhalle Am Bahnhof 3, Saale-Logistik GmbH (1999)",
                 az, unit, year)

    p = Page(rng, fonts, "sans")
    p.row([(LEFT, "Saale-Logistik GmbH", p.fonts.get("DejaVuSans-Bold", 58))])
    p.row([(LEFT, "Spedition · Lagerung · Umschlag", p.fonts.get("DejaVuSans", 32))], lh=44)
    p.rule(width=3, dy=4)
    p.address(["Gemeinde Schkopau", "Bauamt", "Schulstraße 18", "06258 Schkopau"],
              sender="Saale-Logistik GmbH, Industriestraße 5, 06258 Schkopau")
    p.ref_row([("Unser Zeichen", "Bu/We"), ("Telefon", "(03461) 21 77-0"), ("Datum", fmt(d1, "dmy"))])
    p.space(60)
    title = "Bauvoranfrage Lagerhalle Am Bahnhof 3"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.text("Sehr geehrte Damen und Herren,")
    p.space(20)
    p.para("wir beabsichtigen, auf unserem Grundstück Am Bahnhof 3 in Schkopau eine Lagerhalle "
           "mit einer Grundfläche von etwa 40 m x 24 m und einer Traufhöhe von 8 m zu errichten. "
           "Hiermit beantragen wir einen Bauvorbescheid zu der Frage, ob das Vorhaben "
           "planungsrechtlich zulässig ist.")
    p.para(f"Das Grundstück ist bereits mit einer Lagerbaracke bebaut, die mit Baugenehmigung vom "
           f"{fmt(old_date, 'dmy')} (Az. {old_az}) genehmigt wurde und abgebrochen werden soll. "
           f"Die Zufahrt erfolgt über die vorhandene Anbindung an die Bahnhofstraße.")
    p.para("Einen Lageplan und eine Skizze der Halle fügen wir bei. Für Rückfragen steht Ihnen "
           "Herr Busch gern zur Verfügung.")
    p.text("Mit freundlichen Grüßen")
    p.text("Saale-Logistik GmbH")
    p.signature_block(["Busch", "Geschäftsführer"], gap=120)
    p.space(30)
    p.text("Anlagen: Lageplan, Skizze")
    p.footer(["Saale-Logistik GmbH, Industriestraße 5, 06258 Schkopau, Amtsgericht Merseburg HRB 2174",
              "Geschäftsführer: Dipl.-Kfm. Rainer Busch",
              "Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 2145 67, BLZ 800 530 00"])
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "dmy"), False, p))
    rec.traps.append("01-antrag: Antrag einer Firma in Briefform („Hiermit beantragen wir“) — "
                     "Firmenanschrift, Geschäftsführer und Firmenkonto sind keine "
                     "personenbezogenen Daten; älteres Az. einer Baugenehmigung von 1985 im Text, "
                     "eigenes Az. fehlt auf dieser Seite")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(["Saale-Logistik GmbH", "Herrn Geschäftsführer Busch", "Industriestraße 5", "06258 Schkopau"],
              sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.ref_row([("Ihr Zeichen", "Bu/We"), ("Ihre Nachricht vom", fmt(d1, "dmy")), ("Unser Zeichen", az),
               ("Datum", fmt(d2, "dmy"))])
    p.space(20)
    p.text(f"Bezug: Az. {old_az}")
    p.space(40)
    title = "Bauvoranfrage Lagerhalle Am Bahnhof 3"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.text("hier: Eingangsbestätigung und Nachforderung", x=LEFT + round(p.fs.bold.getlength("Betreff: ")))
    p.space(40)
    p.text("Sehr geehrter Herr Busch,")
    p.space(20)
    p.para(f"Ihre Bauvoranfrage vom {fmt(d1, 'long')} ist am {fmt(recv, 'dmy')} bei uns "
           f"eingegangen. Sie wird unter dem oben genannten Aktenzeichen bearbeitet. Die "
           f"Bauakte der vorhandenen Lagerbaracke haben wir beigezogen.")
    p.para(f"Für die Beurteilung der Erschließung benötigen wir noch Angaben zum erwarteten "
           f"Lieferverkehr (Fahrzeuge je Tag). Bitte reichen Sie diese bis zum "
           f"{fmt(deadline, 'long')} nach. Danach wird die Voranfrage mit unserer Stellungnahme "
           f"an den Landkreis Merseburg-Querfurt weitergeleitet.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Köhler"], gap=120)
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              "Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 0123 45, BLZ 800 530 00"])
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title, d2, fmt(d2, "dmy"), False, p))
    rec.traps.append("02-schreiben: das eigene Az. steht in der Akte nur hier, und nur als Wert unter "
                     "„Unser Zeichen“ in der Bezugszeichenzeile, während das ältere Az. direkt darunter "
                     "mit Etikett steht („Bezug: Az. 632.10/1985-…“); Brief an eine Firma, Anrede an "
                     "den Geschäftsführer (kein Personenbezug)")
    return rec


# -- 2001: Hundesteuer -------------------------------------------------------------


def rec_hundesteuer_2001(rng, fonts, people):
    year, unit = 2001, "22"
    az = az_of(rng, unit, year, 5, 30)
    session = weekday_date(rng, dt.date(year, 4, 5), 3, 0, 20)  # a Thursday in April
    d1 = after(rng, session, 5, 12)
    holder = people.new("f", (1935, 1955), "06258 Schkopau")
    d2 = pick_date(rng, 2002, 1, 1)
    due = dt.date(2002, 2, 15)
    rec = Record("hundesteuer-2001", "Hundesteuersatzung und Steuerbescheide (2001)", az, unit, year)

    p = Page(rng, fonts, "serif")
    p.row([(LEFT, "Gemeinde Schkopau"), ("R", f"Az.: {az}")])
    p.space(50)
    h = p.heading("Satzung über die Erhebung einer Hundesteuer", align="C", after=0)
    h1 = p.heading("in der Gemeinde Schkopau", align="C", after=0)
    h2 = p.heading("(Hundesteuersatzung)", p.fs.bold, align="C", after=30)
    title = f"{h} {h1} {h2}"
    p.para(f"Aufgrund der §§ 6, 8 und 91 der Gemeindeordnung für das Land Sachsen-Anhalt (GO LSA) "
           f"vom 5. Oktober 1993 (GVBl. LSA S. 568) und der §§ 1, 2 und 3 des "
           f"Kommunalabgabengesetzes (KAG-LSA) in der jeweils geltenden Fassung hat der Gemeinderat "
           f"in seiner Sitzung am {fmt(session, 'long')} folgende Satzung beschlossen:")
    paras = [
        ("§ 1 Steuergegenstand", "Gegenstand der Steuer ist das Halten von Hunden im Gebiet der "
         "Gemeinde Schkopau, soweit es nicht ausschließlich der Erzielung von Einnahmen dient."),
        ("§ 2 Steuerpflicht", "Steuerpflichtig ist, wer einen Hund in seinen Haushalt aufgenommen "
         "hat. Halten mehrere Personen gemeinsam einen Hund, so haften sie als Gesamtschuldner."),
        ("§ 3 Steuersatz", "Die Steuer beträgt jährlich für den ersten Hund 60,00 DM (30,68 Euro), "
         "für den zweiten Hund 90,00 DM (46,02 Euro) und für jeden weiteren Hund 120,00 DM "
         "(61,36 Euro)."),
        ("§ 4 Fälligkeit", "Die Steuer wird am 15. Februar eines jeden Jahres mit ihrem "
         "Jahresbetrag fällig."),
        ("§ 5 Inkrafttreten", "Diese Satzung tritt am 1. Januar 2002 in Kraft. Gleichzeitig tritt "
         "die Hundesteuersatzung vom 17. März 1994 außer Kraft."),
    ]
    for head, body in paras:
        p.text(head, p.fs.bold)
        p.para(body)
    p.space(40)
    p.text(f"Schkopau, den {fmt(d1, 'long')}")
    p.signature_block(["Fiedler", "Bürgermeister"], gap=120)
    rec.docs.append(Doc("01-satzung.png", "Satzung", title, d1, fmt(d1, "long"), False, p))
    rec.traps.append("01-satzung: Überschrift über zwei Zeilen plus Klammerzeile (Titel aus drei Zeilen); Datum der GO LSA, "
                     "der Sitzung, des Inkrafttretens und der alten Satzung neben der Ausfertigung")

    p = Page(rng, fonts, "sans")
    p.letterhead(2001, bold_font=p.fonts.get("DejaVuSans-Bold", 56))
    p.address(holder.address_lines(), sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    kz = f"2200.{rng.randint(100, 999):04d}"
    p.ref_row([("Unser Zeichen", az), ("Kassenzeichen", kz), ("Bearbeiterin", "Frau Köhler"),
               ("Datum", fmt(d2, "dmy"))])
    p.space(60)
    title2 = p.heading("Hundesteuerbescheid für das Jahr 2002")
    p.text(holder.salutation)
    p.space(20)
    tag = rng.randint(100, 240)
    p.para(f"aufgrund der Hundesteuersatzung der Gemeinde Schkopau vom {fmt(d1, 'dmy')} wird "
           f"für das Halten Ihres Hundes (Hundemarke Nr. {tag}) für das Kalenderjahr 2002 "
           f"folgende Steuer festgesetzt:")
    p.row([(LEFT + 60, "Hundesteuer 2002, erster Hund"), ("R", "30,68 EUR")])
    p.row([(LEFT + 60, "Festgesetzter Betrag"), ("R", "30,68 EUR")], p.fs.bold)
    p.space(20)
    p.para(f"Der Betrag ist am {fmt(due, 'dmy')} fällig. Bitte überweisen Sie ihn unter Angabe "
           f"des Kassenzeichens auf das unten genannte Konto der Gemeinde. Dieser Bescheid gilt "
           f"auch für die folgenden Jahre, bis ein neuer Bescheid ergeht.")
    p.text("Rechtsbehelfsbelehrung", p.fs.bold)
    p.para("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
           "erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift bei der "
           "Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau, einzulegen.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Köhler"], gap=110)
    p.footer(["Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 0123 45, BLZ 800 530 00"])
    rec.docs.append(Doc("02-bescheid.png", "Bescheid", title2, d2, fmt(d2, "dmy"), True, p))
    rec.traps.append("02-bescheid: Dokument von 2002 in der Akte „2001“ (Laufzeit über den "
                     "Jahreswechsel); Satzungsdatum und Fälligkeit im Text; Kassenzeichen neben "
                     "dem Az. in der Bezugszeichenzeile")
    return rec


# -- 2003: Gaststättenerlaubnis ------------------------------------------------------


def rec_gaststaette_2003(rng, fonts, people):
    year, unit = 2003, "32"
    az = az_of(rng, unit, year, 80, 140)
    app = people.new("m", (1962, 1972), "06258 Schkopau")
    d1 = pick_date(rng, year, 4, 4)
    recv = after(rng, d1, 1, 3)
    fz = d1 - dt.timedelta(days=rng.randint(8, 20))
    ga = after(rng, recv, 6, 10)
    d2 = after(rng, ga, 2, 5)
    visit = after(rng, d2, 12, 20)
    erl = after(rng, visit, 2, 4)
    d3 = after(rng, erl, 1, 4)
    opening = dt.date(year, 7, 1)
    name = rng.choice(["Saaleblick", "Zur Linde", "Am Anger"])
    rec = Record("gaststaette-2003", f"Gaststättenerlaubnis „{name}“ (2003)", az, unit, year)

    p = Page(rng, fonts, "mono")
    h1 = p.heading("Antrag auf Erteilung einer Gaststättenerlaubnis",
                   p.fonts.get("DejaVuSans-Bold", 52), after=0)
    h2 = p.heading("(§ 2 Gaststättengesetz)", p.fonts.get("DejaVuSans-Bold", 40), after=10)
    title = f"{h1} {h2}"
    p.text("An die Gemeinde Schkopau, Ordnungsamt, Schulstraße 18, 06258 Schkopau", p.fs.label)
    p.space(30)
    p.text("1. Antragsteller", p.fs.bold)
    p.field("Name, Vorname", app.name_rev)
    p.field("Geburtsdatum, Geburtsort", f"{fmt(app.birth, 'nopad')}, Halle (Saale)")
    p.field("Staatsangehörigkeit", "deutsch")
    p.field("Anschrift", f"{app.street}, {app.place}")
    p.text("2. Betrieb", p.fs.bold)
    p.field("Bezeichnung und Betriebsart", f"Gaststätte „{name}“, Schank- und Speisewirtschaft")
    p.field("Lage des Betriebes", "Korbethaer Straße 2, 06258 Schkopau")
    p.field("Beabsichtigte Eröffnung", fmt(opening, "dmy"))
    p.text("3. Anlagen", p.fs.bold)
    p.para(f"Führungszeugnis vom {fmt(fz, 'dmy')}, Auskunft aus dem Gewerbezentralregister, "
           f"Unterrichtungsnachweis der IHK Halle-Dessau, Grundriss der Gasträume")
    p.field("Ort, Datum", f"Schkopau, {fmt(d1, 'long')}")
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "long"), True, p))
    rec.traps.append("01-antrag: Klammerzeile „(§ 2 Gaststättengesetz)“; Geburtsdatum ohne führende "
                     "Nullen, Datum des Führungszeugnisses, Eröffnungsdatum; das eigene Az. steht nur "
                     "auf den Seiten 02 und 03")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(app.address_lines(), sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.ref_row([("Ihre Nachricht vom", fmt(d1, "dmy")), ("Unser Zeichen", az),
               ("Bearbeiterin", "Frau Köhler"), ("Datum", fmt(d2, "dmy"))])
    p.space(60)
    title2 = "Ihr Antrag auf Erteilung einer Gaststättenerlaubnis"
    p.text(f"Betreff: {title2}", p.fs.bold)
    p.text("hier: Stellungnahmen und Abnahme der Räume", x=LEFT + round(p.fs.bold.getlength("Betreff: ")))
    p.space(40)
    p.text(app.salutation)
    p.space(20)
    p.para(f"Ihr Antrag vom {fmt(d1, 'long')} ist am {fmt(recv, 'dmy')} eingegangen. Die "
           f"Stellungnahme des Gesundheitsamtes des Landkreises Merseburg-Querfurt vom "
           f"{fmt(ga, 'dmy')} liegt vor; Bedenken wurden nicht erhoben.")
    p.para(f"Für die Abnahme der Gasträume, der Küche und der Toilettenanlagen schlagen wir "
           f"{WEEKDAYS[visit.weekday()]}, den {fmt(visit, 'dmy')}, 10.00 Uhr vor. Bitte "
           f"bestätigen Sie den Termin telefonisch. Über den Antrag wird nach der Abnahme "
           f"entschieden.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Köhler"], gap=120)
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              "Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 0123 45, BLZ 800 530 00"])
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title2, d2, fmt(d2, "dmy"), True, p))
    rec.traps.append("02-schreiben: Betreff beginnt mit „Ihr Antrag auf …“ (Typ trotzdem Schreiben); "
                     "Eingangs-, Stellungnahme- und Termindatum im Text")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(app.address_lines(), sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.row([(LEFT, f"Aktenzeichen: {az}"), ("R", f"Schkopau, den {fmt(d3, 'dmy')}")])
    p.text(f"Kassenzeichen: 3200.{rng.randint(1000, 9999)}")
    p.space(50)
    title3 = p.heading("Gebührenbescheid")
    p.para(f"Für die Ihnen am {fmt(erl, 'dmy')} erteilte Gaststättenerlaubnis für die Gaststätte "
           f"„{name}“, Korbethaer Straße 2, werden nach der Allgemeinen Gebührenordnung des "
           f"Landes Sachsen-Anhalt folgende Gebühren festgesetzt:")
    rows = [("1", "Erteilung der Gaststättenerlaubnis", "380,00 EUR"),
            ("2", "Abnahme der Betriebsräume", "60,00 EUR"),
            ("3", "Auslagen (Register-Auskünfte)", "20,00 EUR")]
    p.row([(LEFT + 20, "Pos."), (LEFT + 170, "Leistung"), ("R", "Betrag")])
    for a, b, c in rows:
        p.row([(LEFT + 20, a), (LEFT + 170, b), ("R", c)])
    p.row([(LEFT + 170, "Gesamtbetrag"), ("R", "460,00 EUR")], p.fs.bold)
    p.space(20)
    p.para("Der Gesamtbetrag ist innerhalb eines Monats nach Bekanntgabe dieses Bescheides unter "
           "Angabe des Kassenzeichens auf das unten genannte Konto der Gemeinde zu überweisen.")
    p.text("Rechtsbehelfsbelehrung", p.fs.bold)
    p.para("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
           "erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift bei der "
           "Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau, einzulegen.")
    p.signature_block(["Im Auftrag", "Köhler"], gap=110)
    p.footer(["Bankverbindung: Kreissparkasse Merseburg-Querfurt, Konto 3300 0123 45, BLZ 800 530 00"])
    rec.docs.append(Doc("03-bescheid.png", "Bescheid", title3, d3, fmt(d3, "dmy"), True, p))
    rec.traps.append("03-bescheid: Gebührentabelle; Datum der Erlaubnis im Text; Kassenzeichen")
    return rec


# -- 2008: Haushaltssatzung --------------------------------------------------------------


def rec_haushalt_2008(rng, fonts, people):
    year, unit = 2008, "200.1"
    az = f"{unit}/{year}-001"
    session = weekday_date(rng, dt.date(year, 2, 10), 3, 0, 14)  # a Thursday
    d1 = after(rng, session, 1, 4)
    sent = after(rng, d1, 1, 3)
    d3 = after(rng, sent, 20, 32)
    d2 = after(rng, d3, 3, 8)
    bnr = f"{rng.randint(3, 12):03d}/08"
    vh_e = rng.randint(5_200_000, 6_400_000)
    vh_a = vh_e
    vm = rng.randint(900_000, 1_800_000)
    kredit = rng.choice([250_000, 300_000, 400_000])
    rec = Record("haushalt-2008", "Haushaltssatzung 2008", az, unit, year)

    def eur(v):
        return f"{v:,} EUR".replace(",", ".")

    p = Page(rng, fonts, "sans")
    p.row([(LEFT, "Gemeinde Schkopau", p.fs.bold), ("R", "Landkreis Saalekreis")])
    p.space(40)
    p.heading("Beschluss des Gemeinderates")
    p.text(f"Sitzung vom: {fmt(session, 'long')} (öffentlich)")
    p.text(f"Beschluss-Nr.: {bnr}")
    p.text(f"Aktenzeichen: {az}")
    title = "Haushaltssatzung 2008 mit Haushaltsplan"
    p.text(f"Gegenstand: {title}", p.fs.bold)
    p.space(30)
    p.para("Der Gemeinderat der Gemeinde Schkopau beschließt auf der Grundlage der §§ 92 bis 94 "
           "der Gemeindeordnung für das Land Sachsen-Anhalt (GO LSA) die Haushaltssatzung der "
           "Gemeinde Schkopau für das Haushaltsjahr 2008 mit dem Haushaltsplan und seinen Anlagen "
           "in der vorliegenden Fassung.")
    p.para(f"Der Gesamtbetrag der Kreditaufnahmen für Investitionen wird auf {eur(kredit)} "
           f"festgesetzt. Der Bürgermeister wird beauftragt, die Haushaltssatzung der "
           f"Kommunalaufsichtsbehörde vorzulegen und nach Erteilung der Genehmigung öffentlich "
           f"bekannt zu machen.")
    p.text("Abstimmungsergebnis:")
    for a, b in [("Gesetzliche Anzahl der Mitglieder", "21"), ("davon anwesend", "18"),
                 ("Ja-Stimmen", "14"), ("Nein-Stimmen", "3"), ("Stimmenthaltungen", "1")]:
        p.row([(LEFT + 60, a), (LEFT + 1100, b)])
    p.space(30)
    p.para("Auf Grund des § 31 GO LSA waren keine Mitglieder des Gemeinderates von der Beratung "
           "und Abstimmung ausgeschlossen.")
    p.space(30)
    p.text(f"Schkopau, den {fmt(d1, 'dmy')}")
    p.space(130)
    p.row([(LEFT, "Hartmann"), (LEFT + 1000, "Ruland")])
    p.row([(LEFT, "Vorsitzender des Gemeinderates"), (LEFT + 1000, "Bürgermeister")])
    rec.docs.append(Doc("01-beschluss.png", "Beschluss", title, d1, fmt(d1, "dmy"), False, p))
    rec.traps.append("01-beschluss: Titel aus „Gegenstand:“ statt „Betreff:“; Sitzungsdatum (lang) "
                     "neben Unterschriftsdatum; zwei Amtsträger-Unterschriften")

    p = Page(rng, fonts, "serif")
    p.row([(LEFT, "Gemeinde Schkopau"), ("R", f"Az.: {az}")])
    p.space(40)
    h1 = p.heading("Haushaltssatzung der Gemeinde Schkopau", align="C", after=0)
    h2 = p.heading("für das Haushaltsjahr 2008", align="C")
    title2 = f"{h1} {h2}"
    p.para(f"Aufgrund der §§ 6, 92 ff. der Gemeindeordnung für das Land Sachsen-Anhalt hat der "
           f"Gemeinderat in der Sitzung vom {fmt(session, 'dmy')} folgende Haushaltssatzung "
           f"beschlossen:")
    p.text("§ 1", p.fs.bold)
    p.text("Der Haushaltsplan für das Haushaltsjahr 2008 wird")
    p.row([(LEFT + 60, "im Verwaltungshaushalt in der Einnahme und Ausgabe auf"), ("R", eur(vh_e))])
    p.row([(LEFT + 60, "im Vermögenshaushalt in der Einnahme und Ausgabe auf"), ("R", eur(vm))])
    p.text("festgesetzt.")
    p.text("§ 2", p.fs.bold)
    p.para(f"Der Gesamtbetrag der Kredite, deren Aufnahme für Investitionen und "
           f"Investitionsförderungsmaßnahmen erforderlich ist, wird auf {eur(kredit)} festgesetzt.")
    p.text("§ 3", p.fs.bold)
    p.para("Der Höchstbetrag der Kassenkredite wird auf 800.000 EUR festgesetzt.")
    p.text("§ 4", p.fs.bold)
    p.text("Die Hebesätze für die Realsteuern werden wie folgt festgesetzt:")
    for a, b in [("Grundsteuer A (land- und forstwirtschaftliche Betriebe)", "300 v. H."),
                 ("Grundsteuer B (Grundstücke)", "390 v. H."), ("Gewerbesteuer", "350 v. H.")]:
        p.row([(LEFT + 60, a), ("R", b)])
    p.space(20)
    p.para(f"Die nach § 100 Abs. 2 GO LSA erforderliche Genehmigung des Gesamtbetrages der "
           f"Kreditaufnahmen hat der Landkreis Saalekreis am {fmt(d3, 'dmy')} erteilt.")
    p.space(30)
    p.text(f"Schkopau, den {fmt(d2, 'long')}")
    p.signature_block(["Ruland", "Bürgermeister"], gap=120)
    rec.docs.append(Doc("03-satzung.png", "Satzung", title2, d2, fmt(d2, "long"), False, p))
    rec.traps.append("03-satzung: Überschrift über zwei Zeilen; Sitzungs- und Genehmigungsdatum im Text vor dem Ausfertigungsdatum; "
                     "„Haushaltsplan“ (Wort des Typs Plan) im Text")

    p = Page(rng, fonts, "sans")
    p.row([(LEFT, "Landkreis Saalekreis", p.fonts.get("DejaVuSans-Bold", 56))])
    p.row([(LEFT, "Der Landrat – Kommunalaufsicht", p.fonts.get("DejaVuSans", 34))], lh=48)
    p.rule(width=3, dy=4)
    p.address(["Gemeinde Schkopau", "Der Bürgermeister", "Schulstraße 18", "06258 Schkopau"],
              sender="Landkreis Saalekreis, Domplatz 9, 06217 Merseburg")
    lk_az = f"15.2-{rng.randint(1000, 1099)}/08"
    p.ref_row([("Ihr Zeichen", az), ("Ihre Nachricht vom", fmt(sent, "dmy")),
               ("Unser Zeichen", lk_az), ("Datum", fmt(d3, "dmy"))])
    p.space(60)
    title3 = "Haushaltssatzung 2008 der Gemeinde Schkopau"
    p.text(f"Betreff: {title3}", p.fs.bold)
    p.text("hier: Genehmigung nach § 100 Abs. 2 GO LSA", x=LEFT + round(p.fs.bold.getlength("Betreff: ")))
    p.space(40)
    p.text("Sehr geehrter Herr Bürgermeister,")
    p.space(20)
    p.para(f"die vom Gemeinderat am {fmt(session, 'dmy')} beschlossene Haushaltssatzung für das "
           f"Haushaltsjahr 2008 ist mit Ihrem Schreiben vom {fmt(sent, 'dmy')} hier eingegangen.")
    p.para(f"Der in § 2 der Haushaltssatzung festgesetzte Gesamtbetrag der Kreditaufnahmen für "
           f"Investitionen in Höhe von {eur(kredit)} wird hiermit genehmigt. Die Haushaltssatzung "
           f"kann öffentlich bekannt gemacht werden. Der Haushaltsplan ist im Anschluss an die "
           f"Bekanntmachung an sieben Tagen öffentlich auszulegen.")
    p.para("Ich weise darauf hin, dass die Verschuldung der Gemeinde in den folgenden Jahren nicht "
           "weiter steigen sollte.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Dr. Lange", "Amtsleiterin"], gap=120)
    p.footer(["Landkreis Saalekreis, Domplatz 9, 06217 Merseburg, Telefon (03461) 40-0",
              "Bankverbindung: Saalesparkasse, Konto 3000 1000 00, BLZ 800 537 62"])
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title3, d3, fmt(d3, "dmy"), False, p))
    rec.traps.append("02-schreiben: Brief der Kommunalaufsicht an die Gemeinde: eigenes Az. unter "
                     "„Ihr Zeichen“, fremdes „Unser Zeichen“ 15.2-…/08; Behördenanschrift")
    return rec


# -- 2012: Personalakte ------------------------------------------------------------------


def rec_personal_2012(rng, fonts, people):
    year, unit = 2012, "11"
    az = az_of(rng, unit, year, 1, 20)
    emp = people.new("f", (1962, 1975), "06258 Schkopau")
    d1 = pick_date(rng, year, 11, 11)
    reply = after(rng, d1, 14, 21)
    au_from = workday(dt.date(year, 12, rng.randint(3, 6)))
    au_to = au_from + dt.timedelta(days=11)
    d2 = after(rng, au_from, 1, 2)
    attest_until = dt.date(2013, 1, 31)
    tid = steuer_id(rng)
    rec = Record("personalakte-2012", f"Personalakte {emp.last}, {emp.first}", az, unit, year)

    p = Page(rng, fonts, "sans")
    p.letterhead(year, bold_font=p.fonts.get("DejaVuSans-Bold", 56))
    p.address(["Persönlich/Vertraulich"] + emp.address_lines(),
              sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.ref_row([("Unser Zeichen", az), ("Bearbeiterin", "Frau Scholz"), ("Telefon", "(03461) 4940-31"),
               ("Datum", fmt(d1, "long"))])
    p.space(60)
    title = "Elektronische Lohnsteuerabzugsmerkmale (ELStAM)"
    p.text(f"Betreff: {title}", p.fs.bold)
    p.space(40)
    p.text(emp.salutation)
    p.space(20)
    p.para("ab dem 1. Januar 2013 ruft die Gemeinde als Arbeitgeber Ihre "
           "Lohnsteuerabzugsmerkmale elektronisch beim Bundeszentralamt für Steuern ab. Dafür "
           "benötigen wir Ihre steuerliche Identifikationsnummer und Ihr Geburtsdatum.")
    p.para("Nach unseren Unterlagen lauten diese Angaben:")
    p.row([(LEFT + 60, "Identifikationsnummer:"), (LEFT + 700, tid)])
    p.row([(LEFT + 60, "Geburtsdatum:"), (LEFT + 700, fmt(emp.birth, "dmy"))])
    p.space(20)
    p.para(f"Bitte prüfen Sie die Angaben und teilen Sie uns Änderungen bis zum "
           f"{fmt(reply, 'dmy')} mit. Die Lohnsteuerkarte 2010 behalten wir bis zum Ende des "
           f"Jahres 2013 in Ihrer Personalakte.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Scholz", "Personalstelle"], gap=110)
    town_iban = iban_de("80053762", "3000123456")
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              f"Bankverbindung: Saalesparkasse, IBAN {town_iban}, BIC NOLADE21HAL"])
    rec.docs.append(Doc("01-schreiben.png", "Schreiben", title, d1, fmt(d1, "long"), True, p))
    rec.traps.append(f"01-schreiben: Steuer-ID {tid} mit gültiger Prüfziffer und Geburtsdatum; "
                     f"„ab dem 1. Januar 2013“ und Antwortfrist im Text; Datum nur in der "
                     f"Bezugszeichenzeile (Langform); IBAN der Gemeinde in der Fußzeile")

    p = Page(rng, fonts, "serif")
    p.text("Gemeinde Schkopau – Personalstelle")
    p.space(60)
    p.heading("Aktenvermerk")
    p.text(f"Az.: {az}")
    title2 = f"Arbeitsunfähigkeit Frau {emp.last}"
    p.text(f"Betreff: {title2}", p.fs.bold)
    p.space(40)
    p.para(f"Frau {emp.name} (Bauhof, Grünpflege) hat am {fmt(au_from, 'dmy')} eine ärztliche "
           f"Arbeitsunfähigkeitsbescheinigung für die Zeit vom {fmt(au_from, 'dmy')} bis "
           f"{fmt(au_to, 'dmy')} vorgelegt.")
    p.para(f"Nach dem ärztlichen Attest ihres Hausarztes darf sie bis zum {fmt(attest_until, 'dmy')} "
           f"wegen einer Erkrankung der Wirbelsäule keine Lasten über 10 kg heben. Mit dem "
           f"Bauhofleiter, Herrn Engel, wurde abgesprochen, dass Frau {emp.last} nach ihrer Rückkehr "
           f"in der Friedhofspflege eingesetzt wird.")
    p.para("Die Entgeltfortzahlung ist gewährleistet. Das Attest wurde in einem verschlossenen "
           "Umschlag zur Personalakte genommen.")
    p.space(50)
    p.text(f"Schkopau, {fmt(d2, 'nopad')}")
    p.signature_block(["Scholz"], gap=110)
    rec.docs.append(Doc("02-vermerk.png", "Vermerk", title2, d2, fmt(d2, "nopad"), True, p))
    rec.traps.append("02-vermerk: Gesundheitsdaten (Arbeitsunfähigkeit, ärztliches Attest) ohne "
                     "Anschrift oder Geburtsdatum; drei Daten im Text vor dem Vermerkdatum "
                     "(d.m.yyyy ohne Nullen); Bauhofleiter als weiterer Name")
    return rec


# -- 2016: Friedhof --------------------------------------------------------------------


def rec_friedhof_2016(rng, fonts, people):
    year, unit = 2016, "75"
    az = az_of(rng, unit, year, 10, 50)
    app = people.new("f", (1938, 1948), "06258 Schkopau")
    died = dt.date(1991, rng.randint(8, 11), rng.randint(1, 28))
    ends = dt.date(2016, died.month, died.day) - dt.timedelta(days=1)
    d1 = ends - dt.timedelta(days=rng.randint(45, 60))
    d1 = workday(d1)
    d2 = after(rng, d1, 10, 16)
    debit = after(rng, d2, 12, 16)
    sat = dt.date(2014, 12, rng.randint(4, 12))
    grave = f"Abteilung C, Reihe {rng.randint(2, 9)}, Nr. {rng.randint(40, 160)}"
    husband_first = rng.choice(FIRST[("m", "old")])
    rec = Record("friedhof-2016", f"Grabstätte {grave}, Verlängerung des Nutzungsrechts (2016)",
                 az, unit, year)

    p = Page(rng, fonts, "sans")
    title = p.heading("Antrag auf Verlängerung des Nutzungsrechts an einer Wahlgrabstätte",
                      p.fonts.get("DejaVuSans-Bold", 48), after=10)
    p.text("An die Gemeinde Schkopau, Friedhofsverwaltung, Schulstraße 18, 06258 Schkopau",
           p.fs.label)
    p.space(20)
    p.field("Aktenzeichen (wird von der Gemeinde eingetragen)", az)
    p.text("1. Antragstellerin / Antragsteller", p.fs.bold)
    p.field("Name, Vorname", app.name_rev)
    p.field("Geburtsdatum", fmt(app.birth, "dmy"))
    p.field("Anschrift", f"{app.street}, {app.place}")
    p.text("2. Grabstätte", p.fs.bold)
    p.field("Friedhof, Lage", f"Friedhof Schkopau, {grave}")
    p.field("Beigesetzt", f"{app.last}, {husband_first}, verstorben am {fmt(died, 'dmy')}")
    p.field("Nutzungsrecht bisher bis / Verlängerung um", f"{fmt(ends, 'dmy')} / 10 Jahre")
    p.text("3. SEPA-Lastschriftmandat", p.fs.bold)
    p.field("Kontoinhaber", app.name)
    p.field("IBAN", PRIVATE_IBAN)
    p.field("Ort, Datum", f"Schkopau, {fmt(d1, 'dmy')}")
    rec.docs.append(Doc("01-antrag.png", "Antrag", title, d1, fmt(d1, "dmy"), True, p))
    rec.traps.append("01-antrag: private IBAN DE89 3704 0044 0532 0130 00 (SEPA-Mandat), "
                     "Geburtsdatum, Sterbedatum und Ablaufdatum neben dem Antragsdatum; "
                     "Sterbedatum bei einem weiteren Namen (Verstorbener)")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(app.address_lines(), sender="Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau")
    p.row([(LEFT, f"Aktenzeichen: {az}"), ("R", f"Schkopau, den {fmt(d2, 'long')}")])
    p.space(50)
    title2 = p.heading("Bescheid über die Verlängerung eines Grabnutzungsrechts")
    p.text(app.salutation)
    p.space(20)
    new_end = dt.date(2026, ends.month, ends.day)
    p.para(f"auf Ihren Antrag vom {fmt(d1, 'dmy')} wird das Nutzungsrecht an der Wahlgrabstätte "
           f"auf dem Friedhof Schkopau, {grave}, bis zum {fmt(new_end, 'dmy')} verlängert.")
    p.para(f"Die Gebühr beträgt nach der Friedhofsgebührensatzung vom {fmt(sat, 'dmy')} für zehn "
           f"Jahre 350,00 EUR. Sie wird am {fmt(debit, 'dmy')} aufgrund des erteilten "
           f"SEPA-Lastschriftmandats von Ihrem Konto IBAN {PRIVATE_IBAN} abgebucht "
           f"(Mandatsreferenz {az.replace('/', '-')}).")
    p.text("Rechtsbehelfsbelehrung", p.fs.bold)
    p.para("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
           "erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift bei der "
           "Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau, einzulegen.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Im Auftrag", "Scholz"], gap=110)
    town_iban = iban_de("80053762", "3000123456")
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              f"Bankverbindung: Saalesparkasse, IBAN {town_iban}, BIC NOLADE21HAL"])
    rec.docs.append(Doc("02-bescheid.png", "Bescheid", title2, d2, fmt(d2, "long"), True, p))
    rec.traps.append("02-bescheid: private IBAN im Text und IBAN der Gemeinde in der Fußzeile; "
                     "Antragsdatum, neues Ablaufdatum, Satzungsdatum und Abbuchungsdatum im Text; "
                     "Mandatsreferenz aus dem Az. gebildet (mit Bindestrichen)")
    return rec


# -- 2019: Bebauungsplan -----------------------------------------------------------------


def rec_bplan_2019(rng, fonts, people):
    year, unit = 2019, "611"
    az = az_of(rng, unit, year, 1, 9)
    council_az = f"022.31/2018-{rng.randint(30, 60):03d}"
    aufst = dt.date(2018, 12, rng.randint(10, 14))
    d1 = pick_date(rng, year, 3, 3)
    finish = dt.date(year, 9, 30)
    per_from, per_to = dt.date(year, 4, 1), dt.date(year, 5, 31)
    d2 = after(rng, dt.date(year, 6, 20), 0, 8)
    pay = d2 + dt.timedelta(days=30)
    fassung = after(rng, dt.date(year, 7, 1), 0, 10)
    d3 = after(rng, fassung, 5, 9)
    ausl_from = weekday_date(rng, d3, 0, 10, 14)
    ausl_to = ausl_from + dt.timedelta(days=32)
    rnr = f"{year}-{rng.randint(300, 500):04d}"
    net = rng.choice([11550, 11600, 12250])
    vat = round(net * 0.19, 2)
    gross = net + vat
    company_iban = iban_de("80020086", f"{rng.randint(10**8, 10**9 - 1)}")
    bname = "„Am Saaleufer“"
    rec = Record("bplan-2019", "Bebauungsplan Nr. 12 „Am Saaleufer“ (2019)", az, unit, year)

    def money(v):
        s = f"{v:,.2f}"
        return s.replace(",", "X").replace(".", ",").replace("X", ".")

    p = Page(rng, fonts, "serif")
    h1 = p.heading("Ingenieurvertrag", align="C", after=0)
    h2 = p.heading(f"(Bebauungsplan Nr. 12 {bname})", p.fs.bold, align="C", after=20)
    title = f"{h1} {h2}"
    p.text(f"Aktenzeichen: {az}")
    p.space(20)
    p.text("zwischen")
    p.para("der Gemeinde Schkopau, vertreten durch den Bürgermeister, Schulstraße 18, "
           "06258 Schkopau, – nachfolgend Auftraggeber –", after=10)
    p.text("und")
    p.para("der Planungsbüro Saale GmbH, Große Ulrichstraße 12, 06108 Halle (Saale), vertreten "
           "durch den Geschäftsführer Dipl.-Ing. Thomas Neumann, – nachfolgend Auftragnehmer –")
    for head, body in [
        ("§ 1 Gegenstand", f"Der Auftraggeber überträgt dem Auftragnehmer die Ausarbeitung des "
         f"Bebauungsplans Nr. 12 {bname} mit Begründung und Umweltbericht. Grundlage ist der "
         f"Aufstellungsbeschluss des Gemeinderates vom {fmt(aufst, 'dmy')} (Az. {council_az})."),
        ("§ 2 Leistungen", "Die Leistungen umfassen den Vorentwurf, die Beteiligung der "
         "Öffentlichkeit und der Behörden, den Entwurf und die Fassung zum Satzungsbeschluss."),
        ("§ 3 Termine", f"Der Entwurf ist bis zum {fmt(finish, 'dmy')} vorzulegen."),
        ("§ 4 Vergütung", "Das Honorar beträgt 38.500,00 EUR zuzüglich der gesetzlichen "
         "Umsatzsteuer. Abschlagszahlungen werden nach Leistungsstand gewährt."),
    ]:
        p.text(head, p.fs.bold)
        p.para(body)
    p.space(30)
    p.text(f"Schkopau, den {fmt(d1, 'dmy')}")
    p.space(130)
    p.row([(LEFT, "Für den Auftraggeber"), (LEFT + 1000, "Für den Auftragnehmer")])
    p.row([(LEFT, "Ruland, Bürgermeister"), (LEFT + 1000, "Neumann, Geschäftsführer")])
    rec.docs.append(Doc("01-vertrag.png", "Vertrag", title, d1, fmt(d1, "dmy"), False, p))
    rec.traps.append(f"01-vertrag: zitiertes Az. {council_az} eines Ratsbeschlusses (andere "
                     f"Aktenplaneinheit) neben dem eigenen; Datum des Aufstellungsbeschlusses und "
                     f"Termin 30.09. im Text; Geschäftsführer einer Firma")

    p = Page(rng, fonts, "sans")
    p.row([(LEFT, "Planungsbüro Saale GmbH", p.fonts.get("DejaVuSans-Bold", 56))])
    p.row([(LEFT, "Stadtplanung · Landschaftsplanung · Verkehr", p.fonts.get("DejaVuSans", 32))], lh=44)
    p.rule(width=3, dy=4)
    p.address(["Gemeinde Schkopau", "Der Bürgermeister", "Schulstraße 18", "06258 Schkopau"],
              sender="Planungsbüro Saale GmbH, Große Ulrichstraße 12, 06108 Halle (Saale)")
    p.heading(f"Rechnung Nr. {rnr}", p.fonts.get("DejaVuSans-Bold", 46), after=10)
    p.row([(LEFT, "Rechnungsdatum:"), (LEFT + 560, fmt(d2, "iso"))])
    p.row([(LEFT, "Ihr Zeichen:"), (LEFT + 560, az)])
    p.row([(LEFT, "Vertrag vom:"), (LEFT + 560, fmt(d1, "dmy"))])
    p.row([(LEFT, "Leistungszeitraum:"), (LEFT + 560, f"{fmt(per_from, 'dmy')} bis {fmt(per_to, 'dmy')}")])
    p.space(30)
    title2 = f"1. Abschlagsrechnung Bebauungsplan Nr. 12 {bname}"
    p.text(f"Betreff: {title2}", p.fs.bold)
    p.space(30)
    p.row([(LEFT, "Pos."), (LEFT + 150, "Leistung"), ("R", "Betrag")])
    p.row([(LEFT, "1"), (LEFT + 150, "Bestandsaufnahme und Vorentwurf (30 %)"), ("R", f"{money(net)} EUR")])
    p.row([(LEFT + 150, "Nettobetrag"), ("R", f"{money(net)} EUR")])
    p.row([(LEFT + 150, "zuzüglich 19 % Umsatzsteuer"), ("R", f"{money(vat)} EUR")])
    p.row([(LEFT + 150, "Rechnungsbetrag"), ("R", f"{money(gross)} EUR")], p.fs.bold)
    p.space(30)
    p.para(f"Bitte überweisen Sie den Rechnungsbetrag ohne Abzug bis zum {fmt(pay, 'dmy')} auf "
           f"unser Konto bei der Deutschen Bank Halle, IBAN {company_iban}, unter Angabe der "
           f"Rechnungsnummer.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Neumann", "Geschäftsführer"], gap=110)
    p.footer(["Planungsbüro Saale GmbH, Große Ulrichstraße 12, 06108 Halle (Saale), Amtsgericht Stendal HRB 21457",
              "Geschäftsführer: Dipl.-Ing. Thomas Neumann, USt-IdNr. DE 287 654 321",
              f"Deutsche Bank Halle, IBAN {company_iban}"])
    rec.docs.append(Doc("02-rechnung.png", "Rechnung", title2, d2, fmt(d2, "iso"), False, p))
    rec.traps.append("02-rechnung: ISO-Rechnungsdatum; Vertragsdatum, Leistungszeitraum und "
                     "Zahlungsziel im Text; eigenes Az. als „Ihr Zeichen:“; Firmen-IBAN (kein "
                     "Personenbezug); Überschrift „Rechnung Nr.“ über dem Betreff")

    p = Page(rng, fonts, "serif")
    p.row([(LEFT, "Amtsblatt der Gemeinde Schkopau", p.fs.bold), ("R", f"Nr. {d3.month}/{year}")])
    p.rule(width=3, dy=4)
    p.space(60)
    title3 = p.heading(f"Bekanntmachung zum Bebauungsplan Nr. 12 {bname}", align="C", after=40)
    p.para(f"Der Gemeinderat der Gemeinde Schkopau hat am {fmt(aufst, 'long')} die Aufstellung "
           f"des Bebauungsplans Nr. 12 {bname} beschlossen. Das Plangebiet liegt zwischen der "
           f"Saalestraße und dem Ufer der Saale.")
    p.para(f"Der Vorentwurf in der Fassung vom {fmt(fassung, 'long')} wird gemäß § 3 Abs. 1 des "
           f"Baugesetzbuches in der Zeit vom {fmt(ausl_from, 'long')} bis zum "
           f"{fmt(ausl_to, 'long')} im Bauamt der Gemeindeverwaltung, Schulstraße 18, Zimmer 12, "
           f"während der Sprechzeiten öffentlich ausgelegt. Während dieser Zeit kann jedermann "
           f"Stellungnahmen schriftlich oder zur Niederschrift abgeben.")
    p.para("Nicht fristgerecht abgegebene Stellungnahmen können bei der Beschlussfassung über den "
           "Bebauungsplan unberücksichtigt bleiben.")
    p.space(40)
    p.row([(LEFT, f"Az.: {az}"), ("R", f"Schkopau, den {fmt(d3, 'long')}")])
    p.signature_block(["Ruland", "Bürgermeister"], gap=120)
    p.footer(["Herausgeber: Gemeinde Schkopau, Der Bürgermeister, Schulstraße 18, 06258 Schkopau"])
    rec.docs.append(Doc("03-bekanntmachung.png", "Bekanntmachung", title3, d3, fmt(d3, "long"), False, p))
    rec.traps.append("03-bekanntmachung: Datum des Beschlusses, der Fassung und der Auslegung "
                     "(Langform) vor dem eigenen; „zur Niederschrift“ im Text; Amtsblatt-Nummer")
    return rec


# -- 2020: Sitzungen des Gemeinderates ---------------------------------------------------------


def rec_sitzungen_2020(rng, fonts, people):
    year, unit = 2020, "022.30"
    az = az_of(rng, unit, year, 1, 15)
    d1 = pick_date(rng, 2019, 12, 12)
    d1 = min(d1, dt.date(2019, 12, 13))
    # Gemeinderat: Thursdays; Hauptausschuss: Tuesdays; Bauausschuss: Mondays
    def dates(weekday, months):
        out = []
        for m in months:
            x = dt.date(year, m, rng.randint(8, 16))
            while x.weekday() != weekday:
                x += dt.timedelta(days=1)
            out.append(x)
        return out
    gr = dates(3, [2, 4, 6, 9, 11])
    ha = dates(1, [1, 3, 5, 8, 10])
    ba = dates(0, [1, 3, 5, 8, 10])
    prev = weekday_date(rng, dt.date(2019, 12, 1), 3, 8, 14)
    d2 = gr[0] - dt.timedelta(days=rng.randint(8, 10))
    d2 = workday(d2)
    rec = Record("ratssitzungen-2020", "Sitzungen des Gemeinderates 2020", az, unit, year)

    p = Page(rng, fonts, "sans")
    p.row([(LEFT, "Gemeinde Schkopau", p.fs.bold), ("R", f"Az.: {az}")])
    p.space(60)
    title = p.heading("Sitzungsplan 2020", align="C", after=10)
    p.row([("C", "Gemeinderat und Ausschüsse der Gemeinde Schkopau")])
    p.space(50)
    cols = [LEFT, LEFT + 520, LEFT + 860, LEFT + 1200, LEFT + 1540]
    for name, ds in [("Gemeinderat", gr), ("Hauptausschuss", ha), ("Bau- und Ordnungsausschuss", ba)]:
        p.text(name, p.fs.bold)
        p.row([(x, fmt(d, "dmy")) for x, d in zip(cols, ds)])
        p.space(20)
    p.space(30)
    p.para("Die Sitzungen des Gemeinderates beginnen jeweils um 18.00 Uhr, die Sitzungen der "
           "Ausschüsse um 17.30 Uhr im Sitzungssaal der Gemeindeverwaltung, Schulstraße 18. "
           "Einladung und Tagesordnung werden mindestens eine Woche vor der Sitzung versandt und "
           "im Amtsblatt bekannt gemacht.")
    p.para("Die Haushaltssatzung 2021 soll in der Sitzung im November beraten werden. "
           "Änderungen des Sitzungsplanes bleiben vorbehalten.")
    p.space(50)
    p.text(f"Stand: {fmt(d1, 'dmy')}")
    p.signature_block(["Ruland", "Bürgermeister"], gap=110)
    rec.docs.append(Doc("01-plan.png", "Plan", title, d1, fmt(d1, "dmy"), False, p))
    rec.traps.append("01-plan: 15 Sitzungstermine von 2020 auf der Seite, eigenes Datum nur als "
                     "„Stand: …“ im Dezember 2019 (Laufzeit beginnt im Vorjahr der Akte)")

    p = Page(rng, fonts, "serif")
    p.letterhead(year)
    p.address(["An die Mitglieder", "des Gemeinderates", "der Gemeinde Schkopau"])
    p.ref_row([("Unser Zeichen", az), ("Bearbeiterin", "Frau Scholz"), ("Datum", fmt(d2, "long"))])
    p.space(60)
    title2 = "Einladung zur 1. Sitzung des Gemeinderates im Jahr 2020"
    p.text(f"Betreff: {title2}", p.fs.bold)
    p.space(40)
    p.text("Sehr geehrte Damen und Herren,")
    p.space(20)
    p.para(f"hiermit lade ich Sie zur 1. Sitzung des Gemeinderates im Jahr 2020 am "
           f"{WEEKDAYS[gr[0].weekday()]}, dem {fmt(gr[0], 'dmy')}, um 18.00 Uhr in den "
           f"Sitzungssaal der Gemeindeverwaltung, Schulstraße 18, ein.")
    p.text("Tagesordnung:", p.fs.bold)
    p.text("Öffentlicher Teil")
    for i, s in enumerate([
        "Eröffnung, Feststellung der Beschlussfähigkeit",
        f"Bestätigung der Niederschrift der Sitzung vom {fmt(prev, 'dmy')}",
        "Einwohnerfragestunde",
        "Bebauungsplan Nr. 12 „Am Saaleufer“: Billigung des Entwurfs",
        "Vergabe der Bauleistungen Kindertagesstätte Schulstraße",
    ], 1):
        p.hanging(f"{i}.", s)
    p.text("Nichtöffentlicher Teil")
    p.hanging("6.", "Grundstücksangelegenheiten")
    p.space(20)
    p.para("Die Sitzungsunterlagen erhalten Sie wie gewohnt über das Ratsinformationssystem.")
    p.text("Mit freundlichen Grüßen")
    p.signature_block(["Ruland", "Bürgermeister"], gap=110)
    town_iban = iban_de("80053762", "3000123456")
    p.footer(["Sprechzeiten: Dienstag 9-12 und 14-18 Uhr, Donnerstag 9-12 Uhr",
              f"Bankverbindung: Saalesparkasse, IBAN {town_iban}, BIC NOLADE21HAL"])
    rec.docs.append(Doc("02-schreiben.png", "Schreiben", title2, d2, fmt(d2, "long"), False, p))
    rec.traps.append("02-schreiben: Einladung mit „Tagesordnung“ und „Niederschrift“ (Wörter des "
                     "Typs Protokoll), Sitzungsdatum und Datum der vorigen Niederschrift im Text; "
                     "IBAN der Gemeinde in der Fußzeile (kein Personenbezug); Anschrift ohne "
                     "Privatperson")
    return rec


RECORDS = [rec_strasse_1951, rec_sitzung_1965, rec_abbruch_1978, rec_gewerbe_1988, rec_bau_1994,
           rec_voranfrage_1999, rec_hundesteuer_2001, rec_gaststaette_2003, rec_haushalt_2008,
           rec_personal_2012, rec_friedhof_2016, rec_bplan_2019, rec_sitzungen_2020]


# --------------------------------------------------------------------------
# checks and output


def norm(s: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in s.lower()).split())


def check(rec: Record, plan_units: set[str]):
    """The ground truth must hold what fields.json promises."""
    assert rec.unit in plan_units, (rec.directory, rec.unit)
    assert rec.aktenzeichen.startswith(rec.unit + "/"), rec.aktenzeichen
    labelled = re.compile(r"(Aktenzeichen|Az\.|Ihr Zeichen|Unser Zeichen)\s*:?\s*"
                          + re.escape(rec.aktenzeichen) + r"(\s|$)")
    own = False
    for d in rec.docs:
        text = "\n".join(d.page.gt)
        assert d.doc_type in DOC_TYPES, d.doc_type
        assert d.date_text in text, (rec.directory, d.name, d.date_text)
        assert norm(d.title) in norm(text), (rec.directory, d.name, d.title)
        own = own or any(labelled.search(line) for line in d.page.gt)
        # or in a reference line: "… Unser Zeichen …" with the values on the next line
        own = own or any(re.search(r"(Ihr|Unser) Zeichen", a) and rec.aktenzeichen in b.split()
                         for a, b in zip(d.page.gt, d.page.gt[1:]))
    assert own, f"{rec.directory}: own Aktenzeichen not printed with a label"
    assert [d.date for d in rec.docs] == sorted(d.date for d in rec.docs), rec.directory


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write (created; existing files are overwritten)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--dejavu-dir", default=os.environ.get("AKTENSCAN_DEJAVU_DIR",
                                                            "/usr/share/fonts/truetype/dejavu"))
    ap.add_argument("--traps", action="store_true", help="also print the traps per record and file")
    args = ap.parse_args()

    out = Path(args.out)
    fonts = Fonts(Path(args.dejavu_dir))
    rng = random.Random(args.seed)
    people = People(rng)

    assert iban_valid(PRIVATE_IBAN)
    assert steuer_id_check("8609574271") == 9  # the BZSt's example 86 095 742 719

    plan = json.loads((SAMPLES / "aktenplan.json").read_text(encoding="utf-8"))
    plan_units = {e["kennzeichen"] for e in plan["entries"]}

    records = []
    for make in RECORDS:
        rec = make(rng, fonts, people)
        rec.docs.sort(key=lambda d: d.name)  # natural order = file order
        rec.traps.sort()
        check(rec, plan_units)
        records.append(rec)

    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLES / "aktenplan.json", out / "aktenplan.json")
    manifest = {
        "version": 1,
        "description": "Evaluation set for the suggestion benchmark, made by "
                       f"bench/make_suggest_pages.py --seed {args.seed} (invented content).",
        "conventions": {
            "paths": "directory and ground_truth are relative to this file",
            "ground_truth": "UTF-8, one line per printed line in reading order, LF line ends",
        },
        "records": [],
    }
    fields = {
        "description": "Expected metadata of the generated records (bench/make_suggest_pages.py). "
                       "personal_data is true where a page holds personal data of a private person "
                       "(name with birth date or address, Steuer-ID, private IBAN, health data).",
        "records": {},
    }
    n_docs = n_pages = 0
    for rec in records:
        files = []
        docs = {}
        for d in rec.docs:
            d.page.save(out / rec.directory / d.name)
            gt_rel = f"ground-truth/{rec.directory}/{d.name}.gt.txt"
            gt_path = out / gt_rel
            gt_path.parent.mkdir(parents=True, exist_ok=True)
            gt_path.write_text("\n".join(d.page.gt) + "\n", encoding="utf-8")
            files.append({
                "name": d.name, "pages": 1, "format": "png", "compression": "deflate",
                "color": "gray", "dpi": DPI, "born_digital": False, "rotation": 0,
                "skew_degrees": [0.0], "language": "deu", "script": "Latin",
                "ground_truth": gt_rel,
                "description": f"{d.doc_type}: {d.title}",
            })
            docs[d.name] = {"doc_date": d.date.isoformat(), "doc_type": d.doc_type,
                            "title": d.title, "personal_data": d.personal}
            n_docs += 1
            n_pages += 1
        manifest["records"].append({"directory": rec.directory, "title": rec.title,
                                    "aktenzeichen": rec.aktenzeichen, "year": rec.year,
                                    "files": files})
        dates = sorted(d.date for d in rec.docs)
        fields["records"][rec.directory] = {
            "aktenzeichen": rec.aktenzeichen,
            "aktenplan_unit": rec.unit,
            "laufzeit": f"{dates[0].isoformat()}..{dates[-1].isoformat()}",
            "personal_data": rec.personal,
            "documents": docs,
        }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    (out / "ground-truth" / "fields.json").write_text(
        json.dumps(fields, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    if args.traps:
        for rec in records:
            print(f"{rec.directory} ({rec.aktenzeichen}):")
            for t in rec.traps:
                print(f"  {t}")
    n_personal = sum(r.personal for r in records)
    print(f"{out}: {len(records)} records ({n_personal} with personal data), {n_docs} documents, "
          f"{n_pages} pages (seed {args.seed})")


if __name__ == "__main__":
    main()
