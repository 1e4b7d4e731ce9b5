"""The shared server as staff at other desks meet it: a real headless Chromium (Debian's chromium
and chromium-driver) opens the server's address, signs in through the real page, searches and
opens a page; it sees only what her account may see, and the view is in the audit log under her
name. And the server over HTTPS (--tls-cert/--tls-key, a certificate made by openssl here)."""

import http.client
import json
import os
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

import pytest

from conftest import ROOT, binary, run, run_json, require_tool
from test_server import PASSWORD, start_server

selenium = pytest.importorskip("selenium", reason="selenium is in tests/requirements.txt")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def library(sample_library, tmp_path_factory):
    source, _ = sample_library
    lib = tmp_path_factory.mktemp("browser") / "bibliothek"
    shutil.copytree(source, lib)
    records = {r["aktenzeichen"]: r for r in run_json(lib, "list")}
    bau, rat = records["632.10/1987-014"], records["022.31/1998-017"]
    run(lib, "record", "set", bau["id"], "--amt", "Bauamt")
    run(lib, "record", "set", rat["id"], "--amt", "Hauptamt", "--vertraulichkeit", "005")
    run(lib, "account", "set", "leser", "--role", "leser", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    run(lib, "account", "set", "sb", "--role", "sachbearbeiter", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    run(lib, "account", "set", "archivarin", "--role", "archivar", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    run(lib, "account", "set", "verwaltung", "--role", "administrator", "--office", "Bauamt", "--password-stdin",
        input=PASSWORD + "\n")
    return lib, bau, rat


@pytest.fixture(scope="module")
def site(library):
    lib = library[0]
    proc, base = start_server(lib, "--ui", str(ROOT / "ui" / "dist"), "--max-upload-mb", "1")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def browser(tmp_path):
    if not shutil.which("chromium") or not shutil.which(CHROMEDRIVER):
        pytest.fail("chromium and chromedriver are missing: install the Debian packages chromium and "
                    "chromium-driver (make test does)")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--lang=de-DE"]:
        options.add_argument(arg)
    # Downloads (a PDF, an export) land in the test's folder, unasked.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.downloads = downloads
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def wait(driver, condition, timeout=30, what="condition"):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d), message=what)


def by_id(driver, name):
    return driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')


def sign_in(driver, base, name, password):
    driver.get(base + "/")
    wait(driver, lambda d: by_id(d, "signin-name"), what="the sign-in page")
    by_id(driver, "signin-name")[0].send_keys(name)
    by_id(driver, "signin-password")[0].send_keys(password)
    by_id(driver, "signin-submit")[0].click()


def test_a_reader_signs_in_in_a_browser_searches_and_sees_only_her_office(site, library, browser):
    lib, bau, rat = library
    # Nothing of the library before the sign-in; a wrong password gets a German message.
    sign_in(browser, site, "leser", "falsch-falsch")
    message = wait(browser, lambda d: (m := by_id(d, "signin-message")) and m[0].text and "läuft" not in m[0].text
                   and m[0], what="the refusal")
    assert "Anmeldung fehlgeschlagen" in message.text or "nicht" in message.text, message.text
    assert not by_id(browser, "search-input")

    sign_in(browser, site, "leser", PASSWORD)
    search = wait(browser, lambda d: by_id(d, "search-input"), what="the search screen")[0]
    assert "leser" in by_id(browser, "signed-in-as")[0].text
    # Only Suchen for a Leser: capturing, describing, checking and exporting are not hers.
    assert by_id(browser, "nav-suchen") and not by_id(browser, "nav-erfassen")
    assert not by_id(browser, "nav-metadaten") and not by_id(browser, "nav-pruefen") and not by_id(browser, "nav-export")
    assert not by_id(browser, "nav-konten")
    search.send_keys("Gemeinde")
    results = wait(browser, lambda d: by_id(d, "search-result"), what="hits for Gemeinde")
    # Her office's record only: the Hauptamt's confidential record is neither a hit nor counted.
    time.sleep(1)  # the hits settle (search as one types)
    shown = browser.find_element(By.ID, "screen-suchen").text
    assert rat["title"] not in shown and bau["title"] in shown, shown
    facets = " ".join(f.find_element(By.XPATH, "..").text for f in by_id(browser, "facet"))
    assert "Hauptamt" not in facets and "Bauamt" in facets, facets

    results[0].click()
    wait(browser, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-image]'); return i && i.complete && i.naturalWidth > 0"),
        what="the page image")
    # The page view is in the audit log under her name.
    deadline = time.time() + 10
    while time.time() < deadline:
        seen = [e for e in run_json(lib, "audit", "report", "--user", "leser") if e["action"] == "page.view"]
        if seen:
            break
        time.sleep(0.5)
    assert seen and all(e["subject"].split("/")[0] in {d["id"] for d in bau["documents"]} for e in seen), seen

    # Signing out ends the session: the page asks for the sign-in again.
    by_id(browser, "sign-out")[0].click()
    wait(browser, lambda d: by_id(d, "signin-name"), what="the sign-in page after signing out")


def test_a_clerk_sends_a_scan_from_the_browser_into_her_record(site, library, browser, tmp_path):
    """Erfassen in the browser: she picks her record and two files, sends them, and sees the scan
    stored and searchable; the record has one document more, made under her name. The other
    file is over the server's limit (1 MB here): she is told so, and it is not sent at all."""
    from selenium.webdriver.support.ui import Select

    lib, bau, _ = library
    before = [d["id"] for d in run_json(lib, "show", bau["id"])["documents"]]
    sign_in(browser, site, "sb", PASSWORD)
    wait(browser, lambda d: by_id(d, "nav-erfassen"), what="Erfassen for a clerk")[0].click()
    record = wait(browser, lambda d: (s := by_id(d, "send-record")) and s[0].find_elements(By.TAG_NAME, "option")
                  and s[0], what="her records to choose from")
    Select(record).select_by_value(bau["id"])
    big = tmp_path / "Lageplan gross.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * ((2 << 20) - 9))
    page = ROOT / "samples" / "bauakte-1987" / "03-bescheid.png"
    by_id(browser, "send-files")[0].send_keys(f"{big}\n{page}")
    by_id(browser, "send-start")[0].click()
    line = wait(browser, lambda d: (r := d.find_elements(By.CSS_SELECTOR, "[data-testid=send-results] li.ok"))
                and r[0], timeout=120, what="the file stored")
    assert "03-bescheid.png" in line.text and "durchsuchbar (1 Seiten)" in line.text, line.text
    refused = browser.find_elements(By.CSS_SELECTOR, "[data-testid=send-results] li.error")
    assert len(refused) == 1 and "Lageplan gross.pdf" in refused[0].text, [r.text for r in refused]
    assert "nicht gesendet: 2 MB, der Server nimmt höchstens 1 MB an" in refused[0].text, refused[0].text
    assert "1 von 2 Dateien gespeichert" in by_id(browser, "send-message")[0].text
    after = [d["id"] for d in run_json(lib, "show", bau["id"])["documents"]]
    assert after[: len(before)] == before and len(after) == len(before) + 1
    made = [e for e in run_json(lib, "audit", "report", "--user", "sb") if e["subject"] == after[-1]]
    assert made, "the new document's entries name the clerk"

    # The page she sent shows below, to put right: she turns it, and the server writes it anew.
    wait(browser, lambda d: d.execute_script(
        "const i = document.querySelector('[data-testid=page-thumb-image]'); return i && i.complete && i.naturalWidth > 0"),
        what="the stored page's thumbnail")
    browser.execute_script("document.querySelector('[data-testid=page-rotate]').scrollIntoView();")
    by_id(browser, "page-rotate")[0].click()
    wait(browser, lambda d: "gedreht" in by_id(d, "pages-status")[0].text, what="the page turned")
    assert [e for e in run_json(lib, "audit", "report", "--user", "sb")
            if e["action"] == "document.pages" and e["subject"] == after[-1]], "the turn logged under her name"


def test_the_served_window_is_locked_down(site):
    with urllib.request.urlopen(site + "/", timeout=30) as resp:
        page = resp.read().decode()
        csp = resp.headers["Content-Security-Policy"]
    assert "<div id=\"app\">" in page
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    for path in ["/../aktenscan.sqlite", "/.%2e/aktenscan.sqlite", "/assets/../../aktenscan.sqlite"]:
        try:
            urllib.request.urlopen(site + path, timeout=30)
            raise AssertionError(f"{path} was served")
        except urllib.error.HTTPError as e:
            assert e.code == 404, path


def test_over_https_the_cookie_is_secure_and_plain_http_gets_nothing(library, tmp_path):
    require_tool("openssl", "openssl")
    lib = library[0]
    cert, key = tmp_path / "server.pem", tmp_path / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    proc, base = start_server(lib, "--tls-cert", str(cert), "--tls-key", str(key))
    try:
        assert base.startswith("https://")
        context = ssl.create_default_context(cafile=str(cert))
        req = urllib.request.Request(base + "/api/anmelden", method="POST",
                                     data=json.dumps({"name": "leser", "passwort": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=context, timeout=30) as resp:
            assert resp.status == 200
            cookie = resp.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
        with pytest.raises((urllib.error.URLError, OSError, http.client.HTTPException)):
            urllib.request.urlopen(base.replace("https://", "http://") + "/api/ich", timeout=10)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # A certificate that is no certificate: the file and the reason, and no server.
    bad = subprocess.run([str(binary()), "--library", str(lib), "serve", "--listen", "127.0.0.1:0",
                          "--tls-cert", str(key), "--tls-key", str(key)], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and str(key) in bad.stderr and "Zertifikat" in bad.stderr, bad.stderr


def test_without_tls_only_loopback_is_served(library):
    out = subprocess.run([str(binary()), "--library", str(library[0]), "serve", "--listen", "0.0.0.0:0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "--tls-cert" in out.stderr, out.stderr


def test_an_archivist_describes_checks_and_exports_in_the_browser(site, library, browser, tmp_path):
    """The Bauamt's archivist at a desk with only a browser: she completes the record in
    Metadaten, looks at every page in Prüfen and marks each, then exports the record as xdomea
    0503; the package comes as a download. The Sichtkontrolle and the export are stored under her
    name, and the Hauptamt's record is not offered to her anywhere."""
    from selenium.webdriver.common.keys import Keys

    lib, bau, rat = library
    sign_in(browser, site, "archivarin", PASSWORD)
    wait(browser, lambda d: by_id(d, "nav-export"), what="Export for an archivist")
    assert by_id(browser, "nav-metadaten") and by_id(browser, "nav-pruefen") and not by_id(browser, "nav-einstellungen")

    def choose(screen, record):
        browser.execute_script(
            f"const s = document.querySelector('#screen-{screen} select'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change'));", record)

    # Metadaten: what the export needs.
    by_id(browser, "nav-metadaten")[0].click()
    form = wait(browser, lambda d: (f := by_id(d, "record-form")) and f[0].is_displayed() and f[0], what="the form")
    offered = browser.execute_script(
        "return [...document.querySelectorAll('#screen-metadaten select:first-of-type option')].map(o => o.value)")
    assert bau["id"] in offered and rat["id"] not in offered, offered
    choose("metadaten", bau["id"])
    for name, value in [("laufzeit", "1987..1994"), ("retention", "30"), ("aktenplan_unit", "632.10")]:
        box = form.find_element(By.NAME, name)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(value)
    by_id(browser, "record-save")[0].click()
    wait(browser, lambda d: by_id(d, "record-message")[0].text == "Gespeichert.", what="the record saved")
    shown = run_json(lib, "show", bau["id"])
    assert (shown["laufzeit_from"], shown["retention_years"]) == ("1987", 30), shown

    # Prüfen: every page of the first document marked, the OCR text beside it.
    by_id(browser, "nav-pruefen")[0].click()
    choose("pruefen", bau["id"])
    doc = bau["documents"][0]
    wait(browser, lambda d: by_id(d, "ocr-text")[0].text.strip(), what="the page's text")
    for _ in range(doc["pages"]):
        by_id(browser, "mark-ok")[0].click()
    by_id(browser, "save-check")[0].click()
    saved = wait(browser, lambda d: (m := d.find_elements(By.CSS_SELECTOR, "#screen-pruefen .message-ok"))
                 and m[0].text and m[0], what="the check saved")
    assert "vollständig" in saved.text and "archivarin" in saved.text, saved.text
    if os.environ.get("AKTENSCAN_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["AKTENSCAN_SCREENSHOTS"], "browser-pruefen.png"))
    checks = [e for e in run_json(lib, "audit", "report", "--user", "archivarin") if e["action"] == "document.check"]
    assert [e["subject"] for e in checks] == [doc["id"]]

    # Export: the record as 0503, built on the server and downloaded.
    by_id(browser, "nav-export")[0].click()
    boxes = wait(browser, lambda d: by_id(d, "export-record"), what="the records to export")
    assert {b.get_attribute("value") for b in boxes} == {bau["id"]}, "only what she may see"
    assert not by_id(browser, "export-out"), "no folder to choose: the package is a download"
    boxes[0].click()
    by_id(browser, "export-run")[0].click()
    message = wait(browser, lambda d: (m := by_id(d, "export-message")[0]).text and "läuft" not in m.text and m,
                   timeout=120, what="the export")
    assert "Heruntergeladen" in message.text and "Aussonderung.Aussonderung.0503.zip" in message.text, message.text
    # The download is the package: its message valid xdomea 3.1.0, the document a PDF.
    from test_export import xmllint
    zips = wait(browser, lambda d: [p for p in d.downloads.iterdir() if p.name.endswith("0503.zip")],
                what="the downloaded package")
    with zipfile.ZipFile(zips[0]) as z:
        z.extractall(tmp_path / "paket")
        names = z.namelist()
    assert any(n.endswith(".pdf") for n in names), names
    xmllint(next((tmp_path / "paket").glob("*_Aussonderung.Aussonderung.0503.xml")), "3.1.0")
    exported = [e for e in run_json(lib, "audit", "report", "--user", "archivarin") if e["action"] == "record.export"]
    assert [e["subject"] for e in exported] == [bau["id"]]
    assert "intakt" in run(lib, "audit", "verify").stdout


def test_an_administrator_sets_up_an_account_in_the_browser_and_its_owner_changes_the_password(
        site, library, browser):
    """The Bauamt's administrator creates a Leser of the Bauamt on the Konten screen; a grant
    beyond her own is refused with the server's German reason. The new colleague signs in with
    the first password and sets her own through the page; the old one no longer works."""
    lib = library[0]
    sign_in(browser, site, "verwaltung", PASSWORD)
    wait(browser, lambda d: by_id(d, "nav-konten"), what="Konten for an administrator")
    by_id(browser, "nav-konten")[0].click()
    wait(browser, lambda d: [r for r in by_id(d, "account-row") if r.get_attribute("data-name") == "leser"],
         what="the accounts listed")

    def fill(name, password, offices, everything=False):
        by_id(browser, "account-new")[0].click()
        by_id(browser, "account-name")[0].send_keys(name)
        by_id(browser, "account-password")[0].send_keys(password)
        box = by_id(browser, "account-everything")[0]
        if box.is_selected() != everything:
            box.click()
        if not everything:
            by_id(browser, "account-offices")[0].send_keys(offices)
        by_id(browser, "account-save")[0].click()
        return wait(browser, lambda d: (m := by_id(d, "account-message")[0]).text and m, what="the answer")

    refused = fill("helferin", "Erstes-Passwort-1", "", everything=True)
    assert "über Ihre eigene hinaus" in refused.text, refused.text
    saved = fill("praktikantin", "Erstes-Passwort-1", "Bauamt")
    assert "praktikantin gespeichert" in saved.text, saved.text
    row = wait(browser, lambda d: [r for r in by_id(d, "account-row") if r.get_attribute("data-name") == "praktikantin"],
               what="the new row")[0]
    assert "Leser" in row.text and "Bauamt" in row.text, row.text
    if os.environ.get("AKTENSCAN_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["AKTENSCAN_SCREENSHOTS"], "browser-konten.png"))
    accounts = {a["name"]: a for a in run_json(lib, "account", "list")}
    assert "helferin" not in accounts
    assert accounts["praktikantin"]["freigabe"]["scope"] == {"granted": {"offices": ["Bauamt"], "units": []}}
    # Her own account is shown, but another administrator changes it: the form stays greyed.
    own = next(r for r in by_id(browser, "account-row") if r.get_attribute("data-name") == "verwaltung")
    own.find_element(By.CSS_SELECTOR, "[data-testid=account-edit]").click()
    note = wait(browser, lambda d: (n := by_id(d, "account-note")[0]).is_displayed() and n, what="the note")
    assert "eigenes Konto" in note.text, note.text
    assert not by_id(browser, "account-save")[0].is_enabled()
    assert not by_id(browser, "account-role")[0].is_enabled()
    by_id(browser, "account-new")[0].click()
    assert by_id(browser, "account-save")[0].is_enabled()
    by_id(browser, "sign-out")[0].click()

    sign_in(browser, site, "praktikantin", "Erstes-Passwort-1")
    wait(browser, lambda d: by_id(d, "search-input"), what="her search screen")
    assert not by_id(browser, "nav-konten")
    by_id(browser, "password-change")[0].click()
    for name, value in [("password-present", "Erstes-Passwort-1"), ("password-new", "Eigenes-Passwort-2"),
                        ("password-again", "Eigenes-Passwort-2")]:
        by_id(browser, name)[0].send_keys(value)
    by_id(browser, "password-save")[0].click()
    message = wait(browser, lambda d: (m := by_id(d, "password-message")[0]).text and m, what="the change")
    assert "Passwort geändert" in message.text, message.text
    assert by_id(browser, "search-input"), "still signed in at this desk"
    by_id(browser, "sign-out")[0].click()
    sign_in(browser, site, "praktikantin", "Erstes-Passwort-1")
    refusal = wait(browser, lambda d: (m := by_id(d, "signin-message")) and m[0].text and "läuft" not in m[0].text
                   and m[0], what="the old password refused")
    assert "Anmeldung fehlgeschlagen" in refusal.text, refusal.text
    changes = [e for e in run_json(lib, "audit", "report", "--user", "praktikantin") if e["action"] == "account.update"]
    assert [e["subject"] for e in changes] == ["account:praktikantin"]
