"""Searching the ingested samples as staff would: German words find their page, with the matched
words' boxes on that page, and a broken query is answered with a message, not a crash."""

import json

from conftest import run, run_json


def search(library, query, *extra):
    return run_json(library, "search", query, *extra)


def test_words_umlauts_compounds_and_ocr_errors_find_their_pages(sample_library):
    library, _ = sample_library
    for query in ["Baugenehmigung", "Strasse", "Antrag", "Bürgermeifter", "Gemeindc", "1987-014"]:
        result = search(library, query)
        assert result["total"] >= 1, query
        hit = result["hits"][0]
        assert hit["page"] >= 1 and hit["document_id"] and hit["record_id"]
        assert hit["boxes"], f"{query}: no word boxes to highlight"
        page = run_json(library, "show", hit["document_id"])["page_list"][hit["page"] - 1]
        for x, y, w, h in hit["boxes"]:
            assert 0 <= x and x + w <= page["width"] and 0 <= y and y + h <= page["height"], (query, hit)


def test_aktenzeichen_filter_keeps_to_one_record(sample_library):
    library, _ = sample_library
    result = search(library, "Gemeinde", "--filter", "az:632.10/1987-014")
    assert result["total"] >= 1
    assert {h["aktenzeichen"] for h in result["hits"]} == {"632.10/1987-014"}


def test_fraktur_notice_is_found(sample_library):
    library, _ = sample_library
    result = search(library, "Bekanntmachung")
    assert any("1921" in (h["aktenzeichen"] or "") or "1921" in h["title"] for h in result["hits"]), result


def test_malformed_query_gets_a_message(sample_library):
    library, _ = sample_library
    proc = run(library, "search", "(Bauantrag", check=False)
    assert proc.returncode == 2
    assert "bracket" in proc.stderr or "Klammer" in proc.stderr
    assert "panicked" not in proc.stderr


def test_reindex_rebuilds_the_same_results(sample_library):
    library, _ = sample_library
    before = search(library, "Baugenehmigung")
    run(library, "reindex")
    after = search(library, "Baugenehmigung")
    assert [(h["document_id"], h["page"]) for h in after["hits"]] == [(h["document_id"], h["page"]) for h in before["hits"]]


def test_pages_with_the_exact_word_rank_above_compound_and_stem_hits(sample_library):
    """`Antrag` finds `Bauantrag` too, but the page with the word itself comes first."""
    library, _ = sample_library
    for query in ["Antrag", "Gemeinde", "Reinigung"]:
        hits = search(library, query, "--limit", "50")["hits"]
        exact = []
        for hit in hits:
            text = run(library, "text", hit["document_id"], "--page", str(hit["page"])).stdout
            words = {w.strip(".,;:()\"'„“").lower() for w in text.split()}
            exact.append(query.lower() in words)
        assert exact and exact[0], (query, exact)
        first_inexact = exact.index(False) if False in exact else len(exact)
        assert not any(exact[first_inexact:]), f"{query}: an exact hit ranks below an inexact one: {exact}"
