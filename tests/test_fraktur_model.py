"""The choice of model for Fraktur pages (`--fraktur-model`): by default the more accurate pair
`frk+Fraktur`, on request the faster `frk`; the choice is recorded per page, and a model that is
not installed is refused before anything is stored."""

import pytest

from conftest import SAMPLES, run, run_json
from textnorm import cer

FRAKTUR = SAMPLES / "bekanntmachung-1921"
TRUTH = SAMPLES / "ground-truth" / "bekanntmachung-1921" / "01-bekanntmachung.tif.gt.txt"


@pytest.mark.parametrize("choice, model", [(None, "frk+Fraktur"), ("frk", "frk")])
def test_fraktur_pages_are_read_with_the_chosen_models(tmp_path, choice, model):
    library = tmp_path / "bibliothek"
    extra = ["--fraktur-model", choice] if choice else []
    report = run_json(library, "ingest", FRAKTUR, "--title", "Bekanntmachung", *extra)
    assert report["failed"] == []
    doc = report["documents"][0]["id"]
    page = run_json(library, "show", doc)["page_list"][0]
    assert page["ocr"]["script"] == "Fraktur"
    assert page["ocr"]["source"] == {"ocr": {"model": model}}
    text = run(library, "text", doc, "--page", "1").stdout
    assert cer(text, TRUTH.read_text(encoding="utf-8")) < 0.05


def test_a_fraktur_model_that_is_not_installed_is_refused_up_front(tmp_path):
    library = tmp_path / "bibliothek"
    proc = run(library, "ingest", FRAKTUR, "--title", "Bekanntmachung", "--fraktur-model", "frk+gotisch", check=False)
    assert proc.returncode != 0
    assert "„gotisch“ ist nicht installiert" in proc.stderr
    assert "--fraktur-model" in proc.stderr
    if (library / "aktenscan.sqlite").exists():
        assert run_json(library, "list") == []
