#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""OCR the sample records with Tesseract and report the character error rate.

Needs the tesseract CLI (with deu and frk) and poppler-utils (pdfimages,
pdftotext) on PATH, and Pillow.  Reads samples/manifest.json.

    OMP_THREAD_LIMIT=1 python check_ocr.py [--show-diff]

CER = Levenshtein distance / length of the reference, after collapsing all
whitespace (including the form feeds between pages) to single spaces.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageSequence

SAMPLES = Path(__file__).resolve().parent.parent


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def tesseract(img: Path, lang: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(
        ["tesseract", str(img), "-", "-l", lang, "--psm", "1"],
        capture_output=True, text=True, env=env, check=True,
    )
    return r.stdout


def page_images(path: Path, entry: dict, tmp: Path) -> list[Path]:
    """The page images of a file, upright (rotation from the manifest undone)."""
    if entry["format"] == "pdf":
        subprocess.run(["pdfimages", "-j", str(path), str(tmp / "pdfimg")], check=True)
        files = sorted(tmp.glob("pdfimg-*.jpg"))
    else:
        files = []
        with Image.open(path) as im:
            for i, fr in enumerate(ImageSequence.Iterator(im)):
                fr = fr.copy()
                if entry.get("rotation"):
                    fr = fr.rotate(-entry["rotation"], expand=True)
                p = tmp / f"page-{i:03d}.png"
                fr.save(p, dpi=(300, 300))
                files.append(p)
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-diff", action="store_true", help="print OCR output and reference")
    args = ap.parse_args()
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    installed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                               check=True).stdout.split()
    rows = []
    for rec in manifest["records"]:
        for f in rec["files"]:
            path = SAMPLES / rec["directory"] / f["name"]
            ref = (SAMPLES / f["ground_truth"]).read_text(encoding="utf-8")
            langs = [f.get("language", "deu")]
            if f.get("born_digital"):
                hyp = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                                     text=True, check=True).stdout
                hyps = {"pdftotext": hyp}
            else:
                hyps = {}
                if langs[0] == "frk":
                    # also the script model and the modern German model, if installed
                    langs = [lang for lang in ["frk", "Fraktur", "deu"] if lang in installed]
                with tempfile.TemporaryDirectory() as td:
                    imgs = page_images(path, f, Path(td))
                    for lang in langs:
                        hyps[lang] = "\f".join(tesseract(i, lang) for i in imgs)
            for how, hyp in hyps.items():
                r, h = norm(ref), norm(hyp)
                cer = levenshtein(r, h) / max(1, len(r))
                rows.append((f"{rec['directory']}/{f['name']}", how, len(r), cer))
                print(f"{rec['directory']}/{f['name']:28s} {how:9s} chars={len(r):5d} CER={cer * 100:5.2f} %",
                      flush=True)
                if args.show_diff:
                    print("--- OCR\n" + hyp + "\n--- REF\n" + ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
