"""End to end in a real window: the built desktop app under Xvfb, driven through tauri-driver and
WebKitWebDriver with selenium. Searches a word on a sample page, opens the hit and checks that the
matched words are outlined over the page image, edits metadata, imports a file, and writes a
screenshot of each screen (to $AKTENSCAN_SCREENSHOTS, default a temporary folder)."""

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import threading
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

selenium = pytest.importorskip("selenium", reason="selenium is in tests/requirements.txt")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402
from selenium.webdriver.remote.file_detector import UselessFileDetector  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 60  # seconds for any DOM state the window should reach
WAIT_INGEST = 300


def app_binary() -> Path:
    path = Path(os.environ.get("AKTENSCAN_APP", ROOT / "target" / "debug" / "aktenscan-app"))
    if not path.exists():
        pytest.fail(f"{path} is missing: build first (make build)")
    return path


def tauri_driver() -> str:
    for candidate in (os.environ.get("TAURI_DRIVER"), shutil.which("tauri-driver"), ROOT / ".tools" / "bin" / "tauri-driver"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail("tauri-driver is missing: make test installs it (cargo install tauri-driver --version ^2 --locked)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"tauri-driver exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"tauri-driver did not listen on port {port} within {timeout} s")


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def window(sample_library, tmp_path):
    """The app on a copy of the sample library, in a fresh Xvfb; yields (driver, library)."""
    library = tmp_path / "bibliothek"
    shutil.copytree(sample_library[0], library)
    with app_window(tmp_path, str(library)) as driver:
        yield driver, library


@contextlib.contextmanager
def app_window(tmp_path, library):
    """The app with AKTENSCAN_LIBRARY=`library` (a folder or a server address) in a fresh Xvfb,
    with a home folder of its own; yields the driver."""
    for tool, package in (("Xvfb", "xvfb"), ("WebKitWebDriver", "webkit2gtk-driver")):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install the Debian package {package} (make test does)")
    home = tmp_path / "home"
    home.mkdir()

    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    driver_proc = None
    driver = None
    try:
        with os.fdopen(read_fd) as f:
            display = f.readline().strip()
        assert display, "Xvfb did not report a display"
        env = dict(
            os.environ,
            DISPLAY=f":{display}",
            AKTENSCAN_LIBRARY=library,
            AKTENSCAN_USER="e2e-test",
            # SANE's hardware-free test backend only (nothing under /etc is read).
            SANE_CONFIG_DIR=str(ROOT / "tests" / "sane"),
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            WEBKIT_DISABLE_COMPOSITING_MODE="1",
        )
        env.pop("WAYLAND_DISPLAY", None)
        port = free_port()
        native_port = free_port()
        log = open(tmp_path / "tauri-driver.log", "w")
        driver_proc = subprocess.Popen(
            [tauri_driver(), "--port", str(port), "--native-port", str(native_port),
             "--native-driver", shutil.which("WebKitWebDriver")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_port(port, driver_proc, 30)
        # tauri-driver listens before the WebKitWebDriver it started does; a session asked for
        # in between is dropped ("Connection refused" in tauri-driver.log, seen on a cold start).
        wait_port(native_port, driver_proc, 30)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(app_binary())})
        driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        # Paths typed into text fields are text, not files to upload.
        driver.file_detector = UselessFileDetector()
        driver.set_page_load_timeout(WAIT)
        driver.set_script_timeout(WAIT)
        yield driver
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # the session may be gone already
                pass
        stop(driver_proc)
        stop(xvfb)


def until(driver, what, timeout=WAIT, message=""):
    # Lists re-render while the app works (results at each keystroke, the page strip after an
    # edit): an element read a moment ago may be gone, which only means "look again".
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(what, message)


def by_testid(driver, name):
    return driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')


def shot(driver, path, timeout=20):
    """A screenshot that may not hold up the test: WebKitWebDriver was seen to wait forever for
    a repaint on a short page. Gives up after `timeout` seconds (the file is then missing)."""
    done = threading.Event()

    def take():
        try:
            driver.save_screenshot(str(path))
        except Exception:  # a screenshot is documentation, not a check
            pass
        done.set()

    threading.Thread(target=take, daemon=True).start()
    if not done.wait(timeout):
        print(f"screenshot {path.name}: no answer within {timeout} s, skipped")


def stored(library, sql, *params):
    """Reads the library's database directly (what the app wrote, independent of the window)."""
    with sqlite3.connect(f"file:{library / 'aktenscan.sqlite'}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def screenshots_dir(tmp_path) -> Path:
    out = Path(os.environ.get("AKTENSCAN_SCREENSHOTS") or tmp_path / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def open_screen(driver, name):
    # WebKitWebDriver clicks where an element is without scrolling to it first: after work far
    # down a screen (the page strip under the scan panel) the navigation is out of view and the
    # click is lost. Bring it into view first.
    nav = driver.find_element(By.CSS_SELECTOR, f'[data-testid="nav-{name}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'});", nav)
    nav.click()
    until(driver, lambda d: d.find_element(By.ID, f"screen-{name}").is_displayed(), message=f"screen {name}")


def test_search_open_hit_edit_metadata_and_import(window, tmp_path):
    driver, library = window
    shots = screenshots_dir(tmp_path)

    # The window shows the library.
    until(driver, lambda d: by_testid(d, "library-path") and by_testid(d, "library-path")[0].text not in ("", "…"),
          message="library path shown")
    assert by_testid(driver, "library-path")[0].text == str(library)

    # Suchen: a word on a sample page gives results as you type; the hit opens with boxes drawn.
    field = until(driver, lambda d: by_testid(d, "search-input") and by_testid(d, "search-input")[0])
    started = time.monotonic()
    field.send_keys("Baugenehmigung")
    until(driver, lambda d: len(by_testid(d, "search-result")) > 0, message="a search result")
    # Includes the 150 ms debounce and WebDriver round trips; printed for the record (pytest -s).
    print(f"search: typed to results drawn in {time.monotonic() - started:.2f} s")
    marked = driver.find_elements(By.CSS_SELECTOR, '[data-testid="search-result"] mark')
    assert marked, "the snippet marks the matched word"
    by_testid(driver, "search-result")[0].click()
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-image]'); return i && i.complete && i.naturalWidth > 0;"),
        message="page image loaded")
    until(driver, lambda d: len(by_testid(d, "hit-box")) > 0, message="a hit box over the page")
    inside = driver.execute_script("""
        const img = document.querySelector('[data-testid=page-image]').getBoundingClientRect();
        return [...document.querySelectorAll('[data-testid=hit-box]')].every(b => {
          const r = b.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && r.left >= img.left - 4 && r.right <= img.right + 4
            && r.top >= img.top - 4 && r.bottom <= img.bottom + 4;
        });""")
    assert inside, "every hit box lies on the page image"
    time.sleep(0.3)
    driver.save_screenshot(str(shots / "suchen.png"))
    assert by_testid(driver, "pdf-open")[0].is_enabled() and by_testid(driver, "pdf-save")[0].is_enabled()

    # A page stored upside down (03-bescheid.png, turned 180°) is shown upright, boxes on it.
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("Maßgabe")
    until(driver, lambda d: any("Maßgabe" in r.text for r in by_testid(d, "search-result")),
          message="a result on the turned page")
    next(r for r in by_testid(driver, "search-result") if "Maßgabe" in r.text).click()
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-image]');"
        "return i && i.dataset.rotation === '180' && i.complete && i.naturalWidth > 0;"),
        message="the turned page shown upright")
    until(driver, lambda d: len(by_testid(d, "hit-box")) > 0, message="a hit box over the turned page")
    # "Maßgabe" is in the upper half of the upright page (in the lower half of the stored scan).
    upper = driver.execute_script("""
        const img = document.querySelector('[data-testid=page-image]').getBoundingClientRect();
        const b = document.querySelector('[data-testid=hit-box]').getBoundingClientRect();
        return (b.top - img.top) / img.height;""")
    assert 0 < upper < 0.5, f"the hit box of the turned page is at {upper:.2f} of the height"

    # Metadaten: inline validation in German, then a valid Laufzeit is saved in the store.
    open_screen(driver, "metadaten")
    form = until(driver, lambda d: by_testid(d, "record-form") and by_testid(d, "record-form")[0].is_displayed()
                 and by_testid(d, "record-form")[0])
    record_id = driver.execute_script(
        "return document.querySelector('#screen-metadaten select').value;")
    laufzeit = form.find_element(By.NAME, "laufzeit")
    laufzeit.clear()
    laufzeit.send_keys("1994..1987")
    until(driver, lambda d: by_testid(d, "error-laufzeit")[0].is_displayed(), message="inline error")
    assert "Beginn liegt nach dem Ende" in by_testid(driver, "error-laufzeit")[0].text
    laufzeit.send_keys(Keys.CONTROL, "a")
    laufzeit.send_keys("1987..1994")
    retention = form.find_element(By.NAME, "retention")
    retention.clear()
    retention.send_keys("30")
    by_testid(driver, "record-save")[0].click()
    until(driver, lambda d: by_testid(d, "record-message")[0].text == "Gespeichert.", message="saved")
    driver.save_screenshot(str(shots / "metadaten.png"))
    assert stored(library, "SELECT laufzeit_from, laufzeit_to, retention_years FROM records WHERE id = ?",
                  record_id) == [("1987", "1994", 30)]

    # The Aktenplan picker fills the Aktenplaneinheit; an emptied Aufbewahrungsfrist is cleared.
    by_testid(driver, "plan-pick")[0].click()
    plan_filter = until(driver, lambda d: by_testid(d, "plan-filter")[0].is_displayed() and by_testid(d, "plan-filter")[0])
    plan_filter.send_keys(Keys.CONTROL, "a")
    plan_filter.send_keys("Bauanträge")
    until(driver, lambda d: len(by_testid(d, "plan-entry")) == 1, message="one matching plan unit")
    by_testid(driver, "plan-entry")[0].click()
    assert form.find_element(By.NAME, "aktenplan_unit").get_attribute("value") == "632.10"
    retention = form.find_element(By.NAME, "retention")
    retention.send_keys(Keys.CONTROL, "a")
    retention.send_keys(Keys.BACKSPACE)
    # The message is written after the records are reloaded and the form drawn again.
    driver.execute_script("document.querySelector('[data-testid=record-message]').textContent = '';")
    by_testid(driver, "record-save")[0].click()
    until(driver, lambda d: by_testid(d, "record-message")[0].text == "Gespeichert.", message="saved again")
    until(driver, lambda d: stored(library, "SELECT aktenplan_unit, retention_years FROM records WHERE id = ?",
                                   record_id) == [("632.10", None)], message="plan unit saved, retention cleared")

    # Per document: Betreff, Typ, Datum with inline validation.
    doc_form = by_testid(driver, "document-form")[0]
    doc_id = doc_form.get_attribute("data-document")
    doc_date = doc_form.find_element(By.NAME, "doc_date")
    doc_date.send_keys(Keys.CONTROL, "a")
    doc_date.send_keys("1987-13")
    until(driver, lambda d: doc_form.find_element(By.CSS_SELECTOR, '[data-testid="doc-error-doc_date"]').is_displayed(),
          message="inline date error")
    doc_date.send_keys(Keys.CONTROL, "a")
    doc_date.send_keys("1987-03-09")
    doc_type = doc_form.find_element(By.NAME, "doc_type")
    doc_type.send_keys(Keys.CONTROL, "a")
    doc_type.send_keys("Antrag")
    doc_form.find_element(By.CSS_SELECTOR, '[data-testid="document-save"]').click()
    until(driver, lambda d: stored(library, "SELECT doc_type, doc_date FROM documents WHERE id = ?", doc_id)
          == [("Antrag", "1987-03-09")], message="document fields saved")

    # Prüfen: the first page of a document with its OCR text.
    open_screen(driver, "pruefen")
    until(driver, lambda d: by_testid(d, "ocr-text")[0].text.strip() != "", message="OCR text shown")
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('#screen-pruefen [data-testid=page-image]');"
        "return i && i.complete && i.naturalWidth > 0;"), message="review page image")
    driver.save_screenshot(str(shots / "pruefen.png"))

    # Erfassen: a one-page sample into a new record; progress reaches the end.
    open_screen(driver, "erfassen")
    assert by_testid(driver, "import-button")[0].is_displayed()
    path = by_testid(driver, "path-input")[0]
    path.send_keys(str(SAMPLES / "bauakte-1987" / "02-schreiben.jpg"))
    by_testid(driver, "add-path")[0].click()
    by_testid(driver, "new-title")[0].send_keys("E2E-Testakte Schreiben")
    by_testid(driver, "start-ingest")[0].click()
    until(driver, lambda d: by_testid(d, "progress")[0].get_attribute("data-state") == "finished",
          timeout=WAIT_INGEST, message="ingest finished")
    message = by_testid(driver, "capture-message")[0].text
    assert message.startswith("Fertig"), message
    assert stored(library, "SELECT count(*) FROM records WHERE title = ?", "E2E-Testakte Schreiben") == [(1,)]

    # Erfassen → Seiten: the new document's page appears as a thumbnail; turn it right.
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-thumb] img');"
        "return i && i.complete && i.naturalWidth > 0;"), message="page thumbnail loaded")
    (new_doc,) = stored(library, "SELECT d.id FROM documents d JOIN records r ON r.id = d.record_id WHERE r.title = ?",
                        "E2E-Testakte Schreiben")
    # The strip's buttons are enabled once the document is complete (its PDF/A written after
    # its pages are indexed): a clerk clicks what is enabled.
    until(driver, lambda d: by_testid(d, "page-rotate") and by_testid(d, "page-rotate")[0].is_enabled(),
          message="page edits enabled")
    # Erfassen is taller since it holds the scan panel: bring the strip into view first.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", by_testid(driver, "page-rotate")[0])
    by_testid(driver, "page-rotate")[0].click()
    until(driver, lambda d: by_testid(d, "page-thumb")[0].get_attribute("data-rotation") == "90",
          message="page turned")
    assert stored(library, "SELECT rotation FROM pages WHERE document_id = ?", new_doc[0]) == [(90,)]
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-thumb] img');"
        "return i && i.complete && i.naturalWidth > i.naturalHeight;"), message="turned thumbnail loaded")
    shot(driver, shots / "erfassen.png")
    # A two-page document: page 1 moves right (by its button), so page 2 comes first.
    (two_pages,) = stored(library, "SELECT id FROM documents WHERE page_count = 2 ORDER BY created_at LIMIT 1")
    first_image = stored(library, "SELECT image_sha256 FROM pages WHERE document_id = ? AND page_no = 1", two_pages[0])
    driver.execute_script(
        "const s = document.querySelector('[data-testid=pages-document]');"
        "s.value = arguments[0]; s.dispatchEvent(new Event('change'));", two_pages[0])
    until(driver, lambda d: len(by_testid(d, "page-thumb")) == 2, message="two thumbnails")
    by_testid(driver, "page-move-right")[0].click()
    until(driver, lambda d: stored(library, "SELECT image_sha256 FROM pages WHERE document_id = ? AND page_no = 2",
                                   two_pages[0]) == first_image, message="page moved in the library")
    actors = stored(library, "SELECT DISTINCT actor FROM audit_log WHERE action = 'document.pages'")
    assert actors == [("e2e-test",)]

    # Export: the records are listed.
    open_screen(driver, "export")
    until(driver, lambda d: len(by_testid(d, "export-record")) > 0, message="records to export")
    shot(driver, shots / "export.png")

    open_screen(driver, "einstellungen")
    until(driver, lambda d: by_testid(d, "settings-library")[0].get_attribute("value") == str(library))
    # The OCR model is chosen from the installed ones and kept in the settings file.
    until(driver, lambda d: d.execute_script(
        "return [...document.querySelectorAll('[data-testid=settings-ocr-lang] option')].some(o => o.value === 'frk');"),
        message="installed OCR models offered")
    driver.execute_script(
        "const s = document.querySelector('[data-testid=settings-ocr-lang]'); s.value = 'frk';"
        "s.dispatchEvent(new Event('change'));")
    # Scans for a record on a server are recognised at this desk.
    choose(driver, "settings-ocr-place", "arbeitsplatz")
    by_testid(driver, "settings-save")[0].click()
    until(driver, lambda d: by_testid(d, "settings-message")[0].text == "Einstellungen gespeichert.", message="settings saved")
    saved = list((library.parent / "home" / ".config").rglob("einstellungen.json"))
    assert saved and '"ocr_lang": "frk"' in saved[0].read_text(encoding="utf-8")
    assert '"ocr_place": "arbeitsplatz"' in saved[0].read_text(encoding="utf-8")
    shot(driver, shots / "einstellungen.png")


def sign_in_app(driver, name):
    """Signs in on the app's sign-in page (its library is a server)."""
    from test_server import PASSWORD

    until(driver, lambda d: by_testid(d, "signin-name"), message="the sign-in in the app")
    by_testid(driver, "signin-name")[0].send_keys(name)
    by_testid(driver, "signin-password")[0].send_keys(PASSWORD)
    by_testid(driver, "signin-submit")[0].click()


def choose(driver, testid, value):
    """Picks an option of a <select> as the clerk would (and tells the screen it changed)."""
    driver.execute_script(
        "const s = document.querySelector(`[data-testid=${arguments[0]}]`);"
        "s.value = arguments[1]; s.dispatchEvent(new Event('change'));", testid, value)


def options_of(driver, testid):
    return driver.execute_script(
        "return [...document.querySelectorAll(`[data-testid=${arguments[0]}] option`)].map(o => [o.value, o.textContent]);",
        testid)


def sheets(driver):
    """The scanned sheets shown: (page, state, picture drawn)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=scan-pages] li')].map(li => {"
        "  const i = li.querySelector('img');"
        "  return [Number(li.dataset.page), li.dataset.state, !!(i && i.complete && i.naturalWidth > 0)];});")


def scan_message(driver):
    m = by_testid(driver, "scan-message")[0]
    return m.text if m.is_displayed() else ""


def test_scan_in_the_window_search_and_export(window, tmp_path):
    """Erfassen → Scannen with SANE's test backend: the scanner and its choices are offered, each
    sheet appears before the batch ends, the record is searchable and exported with the scanner
    in its scan protocol; Abbrechen and an open cover keep every page already scanned."""
    driver, library = window
    shots = screenshots_dir(tmp_path)
    until(driver, lambda d: by_testid(d, "library-path") and by_testid(d, "library-path")[0].text not in ("", "…"),
          message="the window is up")
    open_screen(driver, "erfassen")

    # The scanners SANE finds, by vendor and model, and the choices the device reports.
    until(driver, lambda d: any(v == "test:0" for v, _ in options_of(d, "scan-device")), message="test:0 listed")
    assert any("frontend-tester" in label for v, label in options_of(driver, "scan-device") if v == "test:0")
    choose(driver, "scan-device", "test:0")
    until(driver, lambda d: "150" in [v for v, _ in options_of(d, "scan-resolution")], message="resolutions offered")
    assert "Automatic Document Feeder" in [v for v, _ in options_of(driver, "scan-source")]
    assert "A4" in [v for v, _ in options_of(driver, "scan-page-size")]
    assert {"Gray", "Color"} <= {v for v, _ in options_of(driver, "scan-mode")}
    choose(driver, "scan-resolution", "150")
    choose(driver, "scan-mode", "Gray")
    choose(driver, "scan-source", "Automatic Document Feeder")
    choose(driver, "scan-page-size", "A4")
    # The test scanner is made as slow as an office scanner (about half a second per sheet).
    driver.execute_script("document.querySelector('[data-testid=scan-options]').closest('details').open = true;")
    extra = by_testid(driver, "scan-options")[0]
    extra.send_keys("read-delay=yes; read-delay-duration=15000")

    # Into a new record.
    by_testid(driver, "new-title")[0].send_keys("Bauakte Lindenweg 7 (Scan)")
    by_testid(driver, "new-aktenzeichen")[0].send_keys("632.10/2026-007")
    by_testid(driver, "scan-start")[0].click()
    # Sheets appear while the feeder still runs.
    until(driver, lambda d: any(drawn for _, _, drawn in sheets(d)) and by_testid(d, "scan-cancel")[0].is_enabled(),
          message="a sheet drawn before the batch ends")
    shot(driver, shots / "scannen.png")
    until(driver, lambda d: scan_message(d).startswith("Fertig"), timeout=WAIT_INGEST, message="batch stored")
    first = sheets(driver)
    assert [p for p, _, _ in first] == list(range(1, 11)), first
    assert all(state == "recognised" for _, state, _ in first), first
    (record,) = stored(library, "SELECT id FROM records WHERE title = ?", "Bauakte Lindenweg 7 (Scan)")
    assert stored(library, "SELECT page_count FROM documents WHERE record_id = ?", record[0]) == [(10,)]

    # Weiter scannen, then Abbrechen: the batch stops after the current sheet; what was scanned is stored.
    by_testid(driver, "scan-continue")[0].click()
    until(driver, lambda d: len(sheets(d)) >= 1, message="the second batch begins")
    by_testid(driver, "scan-cancel")[0].click()
    until(driver, lambda d: scan_message(d).startswith("Angehalten"), timeout=WAIT_INGEST, message="stopped")
    kept = len(sheets(driver))
    assert 1 <= kept < 10, kept
    counts = [n for (n,) in stored(library, "SELECT page_count FROM documents WHERE record_id = ? ORDER BY position",
                                   record[0])]
    assert counts == [10, kept], counts

    # A scanner whose cover is open: a German message, and every page scanned before is kept.
    extra.send_keys(Keys.CONTROL, "a")
    extra.send_keys("read-return-value=SANE_STATUS_COVER_OPEN")
    by_testid(driver, "scan-continue")[0].click()
    until(driver, lambda d: "Der Scan ist fehlgeschlagen" in scan_message(d), timeout=WAIT_INGEST,
          message="the open cover reported")
    assert "Abdeckung" in scan_message(driver) or "Treiber reagiert nicht" in scan_message(driver), scan_message(driver)
    counts = [n for (n,) in stored(library, "SELECT page_count FROM documents WHERE record_id = ? ORDER BY position",
                                   record[0])]
    assert counts == [10, kept], counts

    # The scanned pages are found by search (the grid pages carry no words: by the record's title).
    open_screen(driver, "suchen")
    field = by_testid(driver, "search-input")[0]
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("Lindenweg")
    hit_of_scan = ("return [...document.querySelectorAll('.group')]"
                   ".filter(g => g.querySelector('h3').textContent.includes('Lindenweg 7'))"
                   ".map(g => g.querySelector('[data-testid=search-result]'))[0] || null;")
    until(driver, lambda d: d.execute_script(hit_of_scan), message="the scan found")
    driver.execute_script(hit_of_scan).click()
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-image]'); return i && i.complete && i.naturalWidth > 0;"),
        message="the scanned page shown")

    # Exported as xdomea, the scanner named in each document's scan protocol.
    run_cli = [str(ROOT / "target" / "debug" / "aktenscan"), "--library", str(library), "record", "set", record[0],
               "--laufzeit", "2026", "--aufbewahrung", "30", "--plan", "632.10"]
    subprocess.run(run_cli, check=True, capture_output=True, env=dict(os.environ, AKTENSCAN_USER="e2e-test"))
    open_screen(driver, "export")
    until(driver, lambda d: any(b.get_attribute("value") == record[0] for b in by_testid(d, "export-record")),
          message="the scanned record offered")
    next(b for b in by_testid(driver, "export-record") if b.get_attribute("value") == record[0]).click()
    out = tmp_path / "abgabe"
    out.mkdir()
    by_testid(driver, "export-out")[0].send_keys(str(out))
    by_testid(driver, "export-run")[0].click()
    until(driver, lambda d: list(out.glob("*.zip")), timeout=WAIT_INGEST, message="package written")
    (package,) = out.glob("*.zip")
    with zipfile.ZipFile(package) as z:
        xml = next(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert xml.count("Scanner Noname frontend-tester (Gerät test:0)") == 2, "both documents name the scanner"
    assert "resolution=150" in xml and "read-delay=true" in xml
    assert "vom Bearbeiter angehalten" in xml, "the second batch's end is in its protocol"

    # Einstellungen: the app watches the hot folder; each file is taken, then stored or set aside.
    inbox = tmp_path / "eingang"
    inbox.mkdir()
    open_screen(driver, "einstellungen")
    hot = by_testid(driver, "settings-hot-folder")[0]
    hot.send_keys(Keys.CONTROL, "a")
    hot.send_keys(str(inbox))
    by_testid(driver, "hot-start")[0].click()
    until(driver, lambda d: str(inbox) in by_testid(d, "hot-status")[0].text, message="watching")
    shutil.copy(SAMPLES / "bauakte-1987" / "02-schreiben.jpg", inbox / "schreiben.jpg")
    (inbox / "leer.pdf").write_bytes(b"")

    def news(d):
        return d.execute_script(
            "return [...document.querySelectorAll('[data-testid=hot-log] li')].map(li => [li.dataset.kind, li.textContent]);")
    until(driver, lambda d: any(k == "stored" and "schreiben.jpg" in text for k, text in news(d))
          and any(k == "failed" and "leer.pdf" in text for k, text in news(d)), timeout=WAIT_INGEST,
          message="one file stored, one set aside")
    failed = next(text for k, text in news(driver) if k == "failed")
    assert "fehler" in failed and "0 bytes" in failed, failed
    assert any(k == "taken" and "schreiben.jpg" in text for k, text in news(driver))
    assert (inbox / "fehler" / "leer.pdf").exists() and (inbox / "verarbeitet" / "schreiben.jpg").exists()
    assert stored(library, "SELECT count(*) FROM records WHERE title = ?", "schreiben") == [(1,)]
    shot(driver, shots / "eingangsordner.png")
    by_testid(driver, "hot-stop")[0].click()
    until(driver, lambda d: by_testid(d, "hot-start")[0].is_enabled(), message="watching stopped")


def test_suggestions_in_metadaten(window, tmp_path):
    """Metadaten shows what the pages suggest with why; "Zeigen" outlines the words on the page,
    "Übernehmen" saves the value, "Verwerfen" keeps it out, and both are in the audit log."""
    driver, library = window
    shots = screenshots_dir(tmp_path)
    until(driver, lambda d: by_testid(d, "library-path") and by_testid(d, "library-path")[0].text not in ("", "…"),
          message="the window is up")
    ((record,),) = stored(library, "SELECT id FROM records WHERE aktenzeichen = ?", "632.10/1987-014")
    open_screen(driver, "metadaten")
    choose_record = ("const s = document.querySelector('#screen-metadaten select');"
                     "s.value = arguments[0]; s.dispatchEvent(new Event('change'));")
    driver.execute_script(choose_record, record)

    # The list is drawn anew whenever the record is (after each decision): it is read and its
    # buttons pressed in one script each, so no element goes stale in between.
    def suggestions(d):
        return d.execute_script(
            "return [...document.querySelectorAll('[data-testid=suggestion]')]"
            ".map(li => [li.dataset.field, li.dataset.document, li.textContent]);")

    def press(d, field, button):
        """Presses a suggestion's button; the suggestion's document ("" for the record), or None."""
        return d.execute_script(
            "const li = document.querySelector(`[data-testid=suggestion][data-field=${arguments[0]}]`);"
            "if (!li) return null; li.querySelector(`[data-testid=${arguments[1]}]`).click();"
            "return li.dataset.document;", field, button)

    until(driver, lambda d: any(f == "personal_data" for f, _, _ in suggestions(d)), message="Personenbezug suggested")
    assert any(f == "personal_data" and "Geburtsdatum" in text for f, _, text in suggestions(driver))
    assert not driver.find_element(By.ID, "meta-personal").is_selected()

    # Zeigen: the page with the words outlined.
    assert press(driver, "personal_data", "suggestion-show") is not None
    until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=suggestion-page] [data-testid=page-image]');"
        "return i && i.complete && i.naturalWidth > 0;"), message="the page shown")
    until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="suggestion-page"] [data-testid="hit-box"]'),
          message="the words outlined")
    shot(driver, shots / "vorschlaege.png")

    # Übernehmen: saved, the form shows it, the decision is logged.
    assert press(driver, "personal_data", "suggestion-accept") is not None
    until(driver, lambda d: stored(library, "SELECT personal_data FROM records WHERE id = ?", record) == [(1,)],
          message="Personenbezug saved")
    until(driver, lambda d: d.find_element(By.ID, "meta-personal").is_selected(), message="the form shows it")
    # Verwerfen: the first document's Typ suggestion is refused and not offered again.
    until(driver, lambda d: any(f == "doc_type" for f, _, _ in suggestions(d)), message="Typ suggested")
    refused_doc = press(driver, "doc_type", "suggestion-refuse")
    assert refused_doc
    until(driver, lambda d: stored(library, "SELECT count(*) FROM audit_log WHERE action = 'suggestion.refuse'") == [(1,)],
          message="refusal logged")
    until(driver, lambda d: not any(f == "doc_type" and doc == refused_doc for f, doc, _ in suggestions(d)),
          message="refused one gone")
    actions = stored(library, "SELECT action, subject, actor FROM audit_log WHERE action LIKE 'suggestion.%' ORDER BY seq")
    assert actions == [("suggestion.accept", record, "e2e-test"), ("suggestion.refuse", refused_doc, "e2e-test")]
    open_screen(driver, "suchen")
    open_screen(driver, "metadaten")
    driver.execute_script(choose_record, record)
    until(driver, lambda d: suggestions(d), message="suggestions read again")
    assert not any(f == "doc_type" and doc == refused_doc for f, doc, _ in suggestions(driver)), \
        "a refused suggestion does not come back"
    assert stored(library, "SELECT doc_type FROM documents WHERE id = ?", refused_doc) == [(None,)]


def test_the_app_on_a_server_signs_in_searches_and_opens_a_page(sample_library, tmp_path):
    """AKTENSCAN_LIBRARY=http://…: the app opens no folder; it asks for the sign-in, searches the
    server's library as the person signed in (her office only), shows a hit's page image from the
    server (the view logged under her name), and offers Erfassen to clerks only."""
    from conftest import run, run_json
    from test_server import PASSWORD, start_server

    lib = tmp_path / "geteilt"
    shutil.copytree(sample_library[0], lib)
    records = {r["aktenzeichen"]: r for r in run_json(lib, "list")}
    bau, rat = records["632.10/1987-014"], records["022.31/1998-017"]
    run(lib, "record", "set", bau["id"], "--amt", "Bauamt")
    run(lib, "record", "set", rat["id"], "--amt", "Hauptamt")
    run(lib, "account", "set", "leser", "--role", "leser", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    proc, base = start_server(lib)
    try:
        with app_window(tmp_path, base) as driver:
            until(driver, lambda d: by_testid(d, "signin-name"), message="the sign-in in the app")
            assert not by_testid(driver, "search-input"), "nothing of the library before the sign-in"
            by_testid(driver, "signin-name")[0].send_keys("leser")
            by_testid(driver, "signin-password")[0].send_keys(PASSWORD)
            by_testid(driver, "signin-submit")[0].click()
            search = until(driver, lambda d: by_testid(d, "search-input"), message="Suchen after the sign-in")[0]
            assert "leser" in by_testid(driver, "signed-in-as")[0].text
            until(driver, lambda d: base in by_testid(d, "library-path")[0].text, message="the server named")
            assert by_testid(driver, "nav-suchen") and not by_testid(driver, "nav-erfassen")
            search.send_keys("Gemeinde")
            until(driver, lambda d: by_testid(d, "search-result"), message="hits from the server")
            time.sleep(1)  # the hits settle (search as one types)
            shown = driver.find_element(By.ID, "screen-suchen").text
            assert bau["title"] in shown and rat["title"] not in shown, shown
            by_testid(driver, "search-result")[0].click()
            until(driver, lambda d: d.execute_script(
                "const i = document.querySelector('[data-testid=page-image]');"
                "return i && i.complete && i.naturalWidth > 0"), message="the page image from the server")
            shot(driver, screenshots_dir(tmp_path) / "app-am-server.png")
            # The desk's own settings stay at hand: the library named as the server (from the
            # environment, so not to be changed here), the hot folder pointed to Erfassen.
            open_screen(driver, "einstellungen")
            library = until(driver, lambda d: (f := by_testid(d, "settings-library")) and f[0].get_attribute("value")
                            and f[0], message="the settings read")
            assert library.get_attribute("value") == base and not library.is_enabled()
            assert by_testid(driver, "hot-in-capture")[0].is_displayed() and not by_testid(driver, "hot-start")
        views = [e for e in run_json(lib, "audit", "report", "--user", "leser") if e["action"] == "page.view"]
        assert views and all(e["subject"].split("/")[0] in {d["id"] for d in bau["documents"]} for e in views)
        # No folder was opened or made for the server address.
        assert not (tmp_path / "home" / "Dokumente").exists() and not (ROOT / "http:").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_app_on_a_server_scans_at_the_desk_and_the_server_stores_the_batch(sample_library, tmp_path, monkeypatch):
    """A clerk's app whose library is a server: Erfassen offers the desk's scanner (SANE's test
    device); the batch is scanned here, each sheet shown as it arrives and recognised here
    (AKTENSCAN_OCR=arbeitsplatz: the server has no language model), sent to the server as one
    batch, and stored there as one document of the chosen record, under her name; the desk's
    outbox is empty afterwards."""
    from conftest import run, run_json
    from test_server import clerks_library, documents_of, start_server

    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)
    fonts_only = tmp_path / "ohne-modelle"
    fonts_only.mkdir()
    shutil.copy(Path(os.environ.get("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")) / "pdf.ttf", fonts_only)
    monkeypatch.setenv("AKTENSCAN_OCR", "arbeitsplatz")
    proc, base = start_server(lib, "--tessdata", fonts_only)
    try:
        with app_window(tmp_path, base) as driver:
            sign_in_app(driver, "sb")
            until(driver, lambda d: by_testid(d, "nav-erfassen"), message="Erfassen for a clerk")[0].click()
            until(driver, lambda d: any(v == rat for v, _ in options_of(d, "send-record")),
                  message="her record offered")
            choose(driver, "send-record", rat)
            until(driver, lambda d: any(v == "test:0" for v, _ in options_of(d, "scan-device")),
                  message="the desk's scanner listed")
            choose(driver, "scan-device", "test:0")
            until(driver, lambda d: "Automatic Document Feeder" in [v for v, _ in options_of(d, "scan-source")],
                  message="the scanner's choices")
            choose(driver, "scan-resolution", "150")
            choose(driver, "scan-mode", "Gray")
            choose(driver, "scan-source", "Automatic Document Feeder")
            by_testid(driver, "scan-start")[0].click()
            until(driver, lambda d: "an den Server gesendet" in scan_message(d), timeout=WAIT_INGEST,
                  message="the batch stored on the server")
            shown = sheets(driver)
            assert [p for p, _, _ in shown] == list(range(1, 11)), shown
            assert all(drawn for _, _, drawn in shown), "each sheet shown as it was scanned"
            assert all(state == "recognised" for _, state, _ in shown), "each sheet recognised at the desk"
            driver.execute_script("document.querySelector('[data-testid=scan-panel]').scrollIntoView();")
            shot(driver, screenshots_dir(tmp_path) / "app-am-server-scannen.png")

            # The desk's hot folder, into the same record: a page that lands there is recognised
            # here and stored on the server; a broken file is set aside with its reason.
            inbox = tmp_path / "eingang"
            inbox.mkdir()
            folder = by_testid(driver, "send-hot-folder")[0]
            driver.execute_script("arguments[0].scrollIntoView();", folder)
            folder.send_keys(str(inbox))
            by_testid(driver, "hot-start")[0].click()
            until(driver, lambda d: "überwacht" in by_testid(d, "hot-status")[0].text, message="the folder watched")
            shutil.copy(SAMPLES / "bauakte-1987" / "03-bescheid.png", inbox / ".bescheid.png")
            (inbox / ".bescheid.png").rename(inbox / "bescheid.png")
            (inbox / "kaputt.pdf").write_bytes(b"%PDF-1.4 kaputt")
            kinds = lambda d: [e.get_attribute("data-kind") for e in d.find_elements(By.CSS_SELECTOR, "[data-testid=hot-log] li")]
            until(driver, lambda d: "stored" in kinds(d) and "failed" in kinds(d), timeout=WAIT_INGEST,
                  message="the page stored on the server, the broken file set aside")
            log = by_testid(driver, "hot-log")[0].text
            assert "bescheid.png" in log and "kaputt.pdf" in log, log
            by_testid(driver, "hot-stop")[0].click()
            until(driver, lambda d: "nicht überwacht" in by_testid(d, "hot-status")[0].text, message="stopped")
            assert (inbox / "fehler" / "kaputt.pdf").exists()

            # Files of this desk, chosen in Erfassen: recognised here and sent; a broken one is
            # refused with its reason, the other stored.
            letter = SAMPLES / "bauakte-1987" / "02-schreiben.jpg"
            broken = tmp_path / "kaputt.tif"
            broken.write_bytes(b"II*\x00kaputt")
            box = by_testid(driver, "send-paths")[0]
            driver.execute_script("arguments[0].scrollIntoView();", box)
            # As "Dateien wählen …" fills it (the dialog itself is the desktop's, not the page's).
            driver.execute_script("arguments[0].value = arguments[1];", box, f"{letter}\n{broken}")
            by_testid(driver, "send-start")[0].click()
            try:
                until(driver, lambda d: "1 von 2 Dateien gespeichert" in by_testid(d, "send-message")[0].text,
                      timeout=WAIT_INGEST, message="the desk's files sent")
            except Exception:
                said = by_testid(driver, "send-message")[0].text
                lines = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "[data-testid=send-results] li")]
                raise AssertionError(f"the desk's files not sent: {said!r} {lines!r}")
            lines = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "[data-testid=send-results] li")]
            assert "02-schreiben.jpg: gespeichert" in lines[0] and "kaputt.tif" in lines[1], lines
        after = documents_of(lib, rat)
        assert after[: len(before)] == before and len(after) == len(before) + 3, after
        assert len(run(lib, "text", after[-1]).stdout.split()) > 20, "the letter read at the desk"
        hot = run_json(lib, "show", after[-2])
        assert hot["pages"] == 1, hot
        # The server has no language model: the words can only have been read at the desk.
        assert len(run(lib, "text", after[-2]).stdout.split()) > 20
        new = run_json(lib, "show", after[-3])
        assert new["pages"] == 10, new
        assert "test:0" in json.dumps(run_json(lib, "document", "protokoll", after[-3]))
        audited = {e["subject"] for e in run_json(lib, "audit", "report", "--user", "sb")}
        assert set(after[-3:]) <= audited, "all stored under her name"
        outbox = tmp_path / "home" / ".local" / "share" / "aktenscan" / "ausgang"
        assert not outbox.exists() or list(outbox.iterdir()) == []
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_app_on_a_server_checks_and_exports_as_an_archivist(sample_library, tmp_path):
    """An archivist's app whose library is a server: Prüfen shows the server's pages and their
    text, her verdicts are stored on the server under her name; Export builds the xdomea package
    on the server and writes it into the folder she chose at her desk."""
    from conftest import run, run_json
    from test_export import complete_metadata, xmllint
    from test_server import PASSWORD, start_server

    lib = tmp_path / "geteilt"
    shutil.copytree(sample_library[0], lib)
    bau = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["632.10/1987-014"]
    complete_metadata(lib, bau["id"])
    run(lib, "account", "set", "archivarin", "--role", "archivar", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    out = tmp_path / "Abgabe"
    proc, base = start_server(lib)
    try:
        with app_window(tmp_path, base) as driver:
            sign_in_app(driver, "archivarin")
            until(driver, lambda d: by_testid(d, "nav-pruefen"), message="Prüfen for an archivist")
            open_screen(driver, "pruefen")
            driver.execute_script(
                "const s = document.querySelector('#screen-pruefen select'); s.value = arguments[0];"
                "s.dispatchEvent(new Event('change'));", bau["id"])
            doc = bau["documents"][0]
            until(driver, lambda d: by_testid(d, "ocr-text")[0].text.strip(), message="the page's text")
            for _ in range(doc["pages"]):
                by_testid(driver, "mark-ok")[0].click()
            by_testid(driver, "save-check")[0].click()
            until(driver, lambda d: "archivarin" in d.find_element(By.ID, "screen-pruefen").text,
                  message="the check saved under her name")

            open_screen(driver, "export")
            box = until(driver, lambda d: by_testid(d, "export-record"), message="her records")[0]
            box.click()
            by_testid(driver, "export-out")[0].send_keys(str(out))
            by_testid(driver, "export-run")[0].click()
            until(driver, lambda d: "ProzessID" in by_testid(d, "export-message")[0].text, timeout=120,
                  message="the export written")
            shot(driver, screenshots_dir(tmp_path) / "app-am-server-export.png")
        checks = [e for e in run_json(lib, "audit", "report", "--user", "archivarin") if e["action"] == "document.check"]
        assert [e["subject"] for e in checks] == [doc["id"]]
        (package,) = out.glob("*_Aussonderung.Aussonderung.0503.zip")
        with zipfile.ZipFile(package) as z:
            z.extractall(tmp_path / "paket")
        xmllint(next((tmp_path / "paket").glob("*.xml")), "3.1.0")
        exported = [e for e in run_json(lib, "audit", "report", "--user", "archivarin") if e["action"] == "record.export"]
        assert [e["subject"] for e in exported] == [bau["id"]]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
