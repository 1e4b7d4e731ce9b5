"""The shared server (`aktenscan serve`) as the desks of a town hall use it over HTTP: accounts
sign in, and each sees only the records granted to her (office, Aktenplan unit, confidentiality,
personal data) in hits, totals, facets, pages, PDFs and ALTO; guessed ids get what a missing one
gets; every page view and download is in the audit log under her name."""

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import SAMPLES, binary, run, run_json

PASSWORD = "Sommer-in-Schkopau-1"


class Desk:
    """One client: its own cookies (a browser) or a bearer token (a program)."""

    def __init__(self, base):
        self.base = base
        self.token = None
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None, raw=None, headers=None, use_cookie=False):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if use_cookie and self.cookie:
            req.add_header("Cookie", self.cookie)
        elif self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, method, path, body=None, **kw):
        status, headers, data = self.call(method, path, body, **kw)
        return status, (json.loads(data) if data else None)

    def sign_in(self, name, password=PASSWORD):
        status, headers, data = self.call("POST", "/api/anmelden", {"name": name, "passwort": password})
        if status == 200:
            answer = json.loads(data)
            self.token, self.csrf = answer["token"], answer["csrf"]
            self.cookie = headers["Set-Cookie"].split(";")[0]
            assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
        return status, data


@pytest.fixture(scope="module")
def server(sample_library, tmp_path_factory):
    """A copy of the sample library with offices, levels and personal data set, four accounts,
    and the server running on a free loopback port."""
    source, _ = sample_library
    lib = tmp_path_factory.mktemp("geteilt") / "bibliothek"
    shutil.copytree(source, lib)
    records = {r["aktenzeichen"]: r for r in run_json(lib, "list")}
    bau = records["632.10/1987-014"]
    rat = records["022.31/1998-017"]
    notice = records["Tgb.-Nr. 147/21"]
    run(lib, "record", "set", bau["id"], "--amt", "Bauamt", "--vertraulichkeit", "003")
    run(lib, "record", "set", rat["id"], "--amt", "Hauptamt", "--vertraulichkeit", "005")
    run(lib, "record", "set", notice["id"], "--amt", "Bauamt", "--personenbezug")
    accounts = {
        "leser": ["--role", "leser", "--office", "Bauamt"],
        "leser-p": ["--role", "leser", "--office", "Bauamt", "--personal-data"],
        "sb": ["--role", "sachbearbeiter", "--unit", "022", "--ceiling", "005"],
        "archiv": ["--role", "archivar", "--everything", "--ceiling", "004", "--personal-data"],
        "archiv-bau": ["--role", "archivar", "--office", "Bauamt"],
        "probe": ["--role", "leser"],
    }
    for name, args in accounts.items():
        run(lib, "account", "set", name, *args, "--password-stdin", input=PASSWORD + "\n")
    proc, base = start_server(lib)
    ids = {"bau": bau, "rat": rat, "notice": notice}
    yield lib, base, ids
    proc.terminate()
    proc.wait(timeout=30)


def start_server(lib, *extra):
    """`aktenscan serve` on a free loopback port; returns the process and its base URL."""
    proc = subprocess.Popen(
        [str(binary()), "--library", str(lib), "serve", "--listen", "127.0.0.1:0", "--max-body", "65536", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AKTENSCAN_USER": "server"},
    )
    line = proc.stdout.readline()
    found = re.search(r"(https?)://(127\.0\.0\.1:\d+)/", line)
    if not found:
        proc.kill()
        pytest.fail(f"the server did not say where it listens: {line!r} {proc.stderr.read()}")
    return proc, f"{found.group(1)}://{found.group(2)}"


def desk(server, name):
    d = Desk(server[1])
    status, data = d.sign_in(name)
    assert status == 200, data
    return d


def all_hits(d, query):
    status, result = d.json("GET", f"/api/suche?q={urllib.request.quote(query)}&limit=100")
    assert status == 200, result
    return result


def test_without_a_session_nothing_is_answered(server):
    _, base, ids = server
    anon = Desk(base)
    doc = ids["bau"]["documents"][0]["id"]
    for path in ["/api/ich", "/api/suche?q=Gemeinde", "/api/akten", f"/api/akten/{ids['bau']['id']}",
                 f"/api/dokumente/{doc}", f"/api/dokumente/{doc}/pdf", f"/api/dokumente/{doc}/seiten/1/bild"]:
        status, _, _ = anon.call("GET", path)
        assert status == 401, path
    anon.token = "0" * 64
    assert anon.call("GET", "/api/akten")[0] == 401


def test_wrong_passwords_are_refused_alike_then_throttled_and_logged(server):
    lib, base, _ = server
    d = Desk(base)
    unknown = d.sign_in("niemand", "falsch")
    wrong = d.sign_in("probe", "falsch")
    assert unknown[0] == wrong[0] == 401 and unknown[1] == wrong[1]
    statuses = [d.sign_in("probe", "falsch")[0] for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429], statuses
    assert d.sign_in("probe")[0] == 429, "the name is throttled for a while, even with the right password"
    assert desk(server, "leser").token, "other names from the same desk still sign in"
    # Refused sign-ins are logged by the server process (actor "server"), never with a password.
    refused = [e for e in run_json(lib, "audit", "report", "--user", "server") if e["action"] == "session.refused"]
    assert {e["subject"] for e in refused} >= {"account:niemand", "account:probe"}
    assert not any("falsch" in json.dumps(e) or PASSWORD in json.dumps(e) for e in refused)


def test_a_reader_sees_only_her_office_in_hits_totals_and_facets(server):
    _, _, ids = server
    archive = all_hits(desk(server, "archiv"), "Gemeinde")
    assert {h["record_id"] for h in archive["hits"]} >= {ids["bau"]["id"], ids["rat"]["id"]}
    reader = all_hits(desk(server, "leser"), "Gemeinde")
    assert reader["total"] >= 1
    assert {h["record_id"] for h in reader["hits"]} == {ids["bau"]["id"]}
    assert reader["total"] == len(reader["hits"]) < archive["total"]
    assert set(reader["facets"]["amt"]) == {"Bauamt"}
    assert set(reader["facets"]["jahr"]) <= {"1987"}
    # The personal-data record of her own office only for the reader granted personal data.
    assert ids["notice"]["id"] in {h["record_id"] for h in all_hits(desk(server, "leser-p"), "Bekanntmachung")["hits"]}
    assert ids["notice"]["id"] not in {h["record_id"] for h in all_hits(desk(server, "leser"), "Bekanntmachung")["hits"]}


def test_a_confidential_record_is_absent_for_a_reader_on_every_endpoint(server):
    """Guessed ids: the confidential council record's ids get what a random id gets."""
    _, _, ids = server
    d = desk(server, "leser")
    rat = ids["rat"]
    doc = rat["documents"][0]["id"]
    random_id = str(uuid.uuid4())
    paths = lambda r, dd: [f"/api/akten/{r}", f"/api/dokumente/{dd}", f"/api/dokumente/{dd}/pdf"] + [
        f"/api/dokumente/{dd}/seiten/1/{v}" for v in ["bild", "vorschau", "text", "alto", "woerter"]
    ]
    for hidden, missing in zip(paths(rat["id"], doc), paths(random_id, random_id)):
        got, nothing = d.call("GET", hidden), d.call("GET", missing)
        assert got[0] == nothing[0] == 404, (hidden, got[0])
        assert got[2] == nothing[2], hidden
    for prefix in [rat["id"][:8], doc[:8]]:
        assert d.call("GET", f"/api/akten/{prefix}")[0] == 404
        assert d.call("GET", f"/api/dokumente/{prefix}")[0] == 404
    status, listed = d.json("GET", "/api/akten")
    assert status == 200 and {r["id"] for r in listed} == {ids["bau"]["id"]}
    # The words of the confidential record find nothing, and count nothing.
    text = run(server[0], "text", doc, "--page", "1").stdout
    word = max(re.findall(r"[A-Za-zÄÖÜäöüß]{9,}", text), key=len)
    assert all_hits(d, word)["total"] == 0 or all(h["record_id"] != rat["id"] for h in all_hits(d, word)["hits"])
    assert all_hits(desk(server, "sb"), word)["total"] >= 1, word


def test_one_desks_token_never_reads_another_desks_record(server):
    _, _, ids = server
    sb, reader = desk(server, "sb"), desk(server, "leser")
    doc = ids["rat"]["documents"][0]["id"]
    assert sb.call("GET", f"/api/dokumente/{doc}/seiten/1/bild")[0] == 200
    assert reader.call("GET", f"/api/dokumente/{doc}/seiten/1/bild")[0] == 404
    # The Sachbearbeiter's unit grant does not reach the Bauamt's record.
    assert sb.call("GET", f"/api/akten/{ids['bau']['id']}")[0] == 404


def test_pages_pdf_and_alto_are_served_and_logged_under_the_person(server):
    lib, _, ids = server
    d = desk(server, "leser")
    doc = ids["bau"]["documents"][0]["id"]
    status, headers, image = d.call("GET", f"/api/dokumente/{doc}/seiten/1/bild")
    assert status == 200 and headers["Content-Type"] in ("image/png", "image/jpeg") and len(image) > 1000
    status, headers, pdf = d.call("GET", f"/api/dokumente/{doc}/pdf")
    assert status == 200 and pdf.startswith(b"%PDF-") and "attachment" in headers["Content-Disposition"]
    status, _, alto = d.call("GET", f"/api/dokumente/{doc}/seiten/1/alto")
    assert status == 200 and b"<alto" in alto
    status, words = d.json("GET", f"/api/dokumente/{doc}/seiten/1/woerter")
    assert status == 200 and words["blocks"]
    report = run_json(lib, "audit", "report", "--user", "leser")
    actions = [(e["action"], e["subject"]) for e in report]
    assert ("page.view", f"{doc}/1") in actions
    assert ("document.download", doc) in actions
    assert ("session.signin", "account:leser") in actions
    assert all(e["actor"] == "leser" for e in report)
    assert "intakt" in run(lib, "audit", "verify").stdout


def test_roles_and_csrf_guard_changes(server):
    _, _, ids = server
    reader, sb = desk(server, "leser"), desk(server, "sb")
    change = {"remark": "geprüft"}
    status, answer = reader.json("PUT", f"/api/akten/{ids['bau']['id']}", change)
    assert status == 403, answer
    rat = ids["rat"]["id"]
    # By cookie without the CSRF header: refused, nothing changed.
    status, _ = sb.json("PUT", f"/api/akten/{rat}", change, use_cookie=True)
    assert status == 403
    assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"]["remark"] != "geprüft"
    status, answer = sb.json("PUT", f"/api/akten/{rat}", change, use_cookie=True, headers={"X-Aktenscan-CSRF": sb.csrf})
    assert status == 200, answer
    assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"]["remark"] == "geprüft"


def test_a_clerk_cannot_place_a_record_beyond_her_own_clearance(server):
    """A Sachbearbeiter of unit 022 describes the council's record, but cannot move it into an
    Aktenplan unit and office she does not see, nor mark personal data she has no right to:
    refused (422), the record as it was, nothing in the audit log."""
    lib, _, ids = server
    sb = desk(server, "sb")
    rat = ids["rat"]["id"]
    before = sb.json("GET", f"/api/akten/{rat}")[1]["akte"]
    entries = len(audit_of(lib, "sb", "record.update"))
    for change in [{"aktenplan_unit": "632.10", "office": "Bauamt"}, {"personal_data": True},
                   {"confidentiality": "geheim"},
                   {"remark": "umgehängt", "aktenplan_unit": "632.10", "office": ""}]:
        status, answer = sb.json("PUT", f"/api/akten/{rat}", change)
        assert status == 422, (change, answer)
        assert "außerhalb Ihrer Berechtigung" in answer["fehler"], answer
        assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"] == before
    # Nor by accepting a "suggestion" of her own making.
    for field, value in [("aktenplan_unit", "632.10"), ("aktenzeichen", "632.10/1998-017")]:
        decision = {"document_id": None, "field": field, "value": value, "accept": True}
        status, answer = sb.json("POST", f"/api/akten/{rat}/vorschlaege", [decision])
        assert status == 422 and "außerhalb Ihrer Berechtigung" in answer["fehler"], answer
        assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"] == before
    assert len(audit_of(lib, "sb", "record.update")) == entries
    # Within her unit she still files it to another office.
    status, answer = sb.json("PUT", f"/api/akten/{rat}", {"office": "Ordnungsamt"})
    assert status == 200, answer
    status, answer = sb.json("PUT", f"/api/akten/{rat}", {"office": before["office"]})
    assert status == 200 and sb.json("GET", f"/api/akten/{rat}")[1]["akte"]["office"] == before["office"]


def test_bad_requests_get_a_clear_4xx_and_change_nothing(server):
    _, _, ids = server
    sb = desk(server, "sb")
    rat = ids["rat"]["id"]
    before = sb.json("GET", f"/api/akten/{rat}")[1]["akte"]
    assert sb.call("PUT", f"/api/akten/{rat}", raw=b"{kaputt")[0] == 400
    assert sb.call("PUT", f"/api/akten/{rat}", raw=b"{\"remark\": \"" + b"x" * 200_000 + b"\"}")[0] == 413
    assert sb.call("PUT", f"/api/akten/{rat}", {"laufzeit": "1999..1990"})[0] == 422
    assert sb.call("POST", "/api/anmelden", raw=b"nicht json")[0] in (400, 415)
    for path in ["/api/akten/..%2F..%2Fetc%2Fpasswd", "/api/dokumente/%2Fetc%2Fpasswd/pdf", "/api/dokumente/x/seiten/abc/bild",
                 "/api/dokumente/x/seiten/1/..%2F..%2Faktenscan.sqlite", "/../aktenscan.sqlite"]:
        assert sb.call("GET", path)[0] == 404, path
    assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"] == before


def test_a_server_killed_hard_keeps_every_acknowledged_change(sample_library, tmp_path):
    """kill -9 right after an edit was answered: the change, its audit entry and the index stay."""
    lib = tmp_path / "bibliothek"
    shutil.copytree(sample_library[0], lib)
    rat = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["022.31/1998-017"]["id"]
    run(lib, "record", "set", rat, "--vertraulichkeit", "005")
    run(lib, "account", "set", "sb", "--role", "sachbearbeiter", "--unit", "022", "--ceiling", "005",
        "--password-stdin", input=PASSWORD + "\n")
    proc, base = start_server(lib)
    try:
        d = Desk(base)
        assert d.sign_in("sb")[0] == 200
        status, answer = d.json("PUT", f"/api/akten/{rat}", {"remark": "vor dem Absturz", "office": "Ordnungsamt"})
        assert status == 200, answer
    finally:
        proc.kill()
        proc.wait(timeout=30)
    shown = run_json(lib, "show", rat)
    assert shown["remark"] == "vor dem Absturz" and shown["office"] == "Ordnungsamt"
    assert "intakt" in run(lib, "audit", "verify").stdout
    hits = run_json(lib, "search", "amt:Ordnungsamt", "--limit", "50", "--confidentiality", "005")["hits"]
    assert hits and {h["record_id"] for h in hits} == {rat}


@pytest.fixture(scope="module")
def capture_server(sample_library, tmp_path_factory):
    """A copy of the sample library of its own (files are added to it), a clerk who may capture
    into the council's unit 022, a Leser of it, and the server with a 1 MB upload limit."""
    lib = tmp_path_factory.mktemp("erfassen") / "bibliothek"
    shutil.copytree(sample_library[0], lib)
    records = {r["aktenzeichen"]: r for r in run_json(lib, "list")}
    rat, bau = records["022.31/1998-017"], records["632.10/1987-014"]
    run(lib, "record", "set", bau["id"], "--amt", "Bauamt")
    run(lib, "account", "set", "sb", "--role", "sachbearbeiter", "--unit", "022",
        "--password-stdin", input=PASSWORD + "\n")
    run(lib, "account", "set", "leser", "--role", "leser", "--unit", "022",
        "--password-stdin", input=PASSWORD + "\n")
    proc, base = start_server(lib, "--max-upload-mb", "1", "--ocr-jobs", "1")
    yield lib, base, {"rat": rat, "bau": bau}
    proc.terminate()
    proc.wait(timeout=30)


def clerks_library(sample_library, tmp_path):
    """A copy of the sample library of its own with a clerk `sb` of the council's unit 022;
    returns it and the council record's id."""
    lib = tmp_path / "bibliothek"
    shutil.copytree(sample_library[0], lib)
    rat = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["022.31/1998-017"]["id"]
    run(lib, "account", "set", "sb", "--role", "sachbearbeiter", "--unit", "022", "--password-stdin",
        input=PASSWORD + "\n")
    return lib, rat


def documents_of(lib, record_id):
    return [d["id"] for d in run_json(lib, "show", record_id)["documents"]]


def uploads_left(lib):
    folder = lib / "tmp" / "upload"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def break_off(base, lib, request):
    """Sends `request` (head and part of the body) over a raw socket and hangs up; then waits
    until the server has cleared what it received (tmp/upload empty)."""
    import socket
    import time

    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(request)
        time.sleep(0.5)
    for _ in range(50):
        if uploads_left(lib) == []:
            break
        time.sleep(0.2)
    assert uploads_left(lib) == []


def send(d, record_id, name, data, **kw):
    return d.call("POST", f"/api/akten/{record_id}/dokumente?name={urllib.request.quote(name)}", raw=data,
                  headers={"Content-Type": "application/octet-stream"}, **kw)


def test_a_clerk_sends_a_scan_into_a_record_and_a_colleague_finds_it(capture_server):
    """The file is recognised on the server and its words are found by the next search, as
    the clerk's own work in the audit log; the sent file does not stay behind."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    sb, leser = desk(capture_server, "sb"), desk(capture_server, "leser")
    before = documents_of(lib, rat)
    assert all_hits(leser, "Einzelgarage")["total"] == 0  # the Bauakte's page, not hers to see
    image = (SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes()
    status, _, answer = send(sb, rat, "Bescheid 1987.png", image)
    assert status == 201, answer
    answer = json.loads(answer)
    assert answer["akte"] == rat and len(answer["dokumente"]) == 1 and answer["dokumente"][0]["seiten"] == 1
    new = answer["dokumente"][0]["id"]
    assert documents_of(lib, rat) == before + [new]
    hits = all_hits(leser, "Einzelgarage")
    assert hits["total"] >= 1 and {h["document_id"] for h in hits["hits"]} == {new}
    assert uploads_left(lib) == []
    report = run(lib, "audit", "report", "--user", "sb").stdout
    assert new in report


def test_who_may_not_capture_or_not_see_the_record_sends_nothing(capture_server):
    lib, base, ids = capture_server
    rat, bau = ids["rat"]["id"], ids["bau"]["id"]
    image = (SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes()
    before = {r: documents_of(lib, r) for r in (rat, bau)}
    status, _, answer = send(desk(capture_server, "leser"), rat, "x.png", image)
    assert status == 403, answer
    sb = desk(capture_server, "sb")
    assert send(sb, bau, "x.png", image)[0] == 404  # not her unit: absent, as any unknown id
    assert send(sb, "00000000-0000-0000-0000-000000000000", "x.png", image)[0] == 404
    assert send(Desk(base), rat, "x.png", image)[0] == 401
    # A browser's session cookie without the CSRF header may not send either.
    assert send(sb, rat, "x.png", image, use_cookie=True)[0] == 403
    assert {r: documents_of(lib, r) for r in (rat, bau)} == before
    assert uploads_left(lib) == []


def test_a_broken_off_oversized_foreign_or_broken_file_leaves_nothing(capture_server):
    """A sender who breaks off mid-file, a file over the limit (announced or not), a name that
    is not a page file, an empty and a damaged PDF: each a clear 4xx, no document, no file left."""
    import socket
    import time

    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    sb = desk(capture_server, "sb")
    before = documents_of(lib, rat)
    host, port = base.removeprefix("http://").split(":")

    # Breaks off after 100 kB of an announced 600 kB.
    break_off(base, lib, f"POST /api/akten/{rat}/dokumente?name=abgebrochen.tif HTTP/1.1\r\nHost: {host}\r\n"
              f"Authorization: Bearer {sb.token}\r\nContent-Length: 600000\r\n\r\n".encode()
              + b"II*\x00" + b"\x00" * 100_000)

    # Announced over the limit: told before the body is sent (as `Expect: 100-continue` wants).
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall((f"POST /api/akten/{rat}/dokumente?name=gross.pdf HTTP/1.1\r\nHost: {host}\r\n"
                   f"Authorization: Bearer {sb.token}\r\nContent-Length: {(1 << 20) + 9}\r\n\r\n").encode())
        reply = s.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413") and "gross.pdf" in reply, reply

    # The same without a length announced (chunked): refused once the limit is passed.
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall((f"POST /api/akten/{rat}/dokumente?name=gestueckelt.pdf HTTP/1.1\r\nHost: {host}\r\n"
                   f"Authorization: Bearer {sb.token}\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        chunk = b"0" * 65536
        try:
            for _ in range(20):
                s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may close once it has refused
        reply = s.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413"), reply

    for name, data, code in [("programm.exe", b"MZ\x90\x00", 415), ("ohne-endung", b"%PDF-1.4", 415),
                             ("leer.pdf", b"", 400), ("kaputt.pdf", b"%PDF-1.4\n1 0 obj <<\n", 422)]:
        status, _, answer = send(sb, rat, name, data)
        assert status == code, (name, status, answer)
        assert name in json.loads(answer)["fehler"], answer

    # A name with a path in it is kept by its last part only: nothing lands outside.
    status, _, answer = send(sb, rat, "../../../aktenscan.sqlite.png", b"kein Bild")
    assert status == 422, answer
    assert documents_of(lib, rat) == before
    assert uploads_left(lib) == []
    assert "intakt" in run(lib, "audit", "verify").stdout


def test_only_the_apps_window_may_call_across_origins(server):
    """The desktop app's window (origin tauri://localhost) may call the API with a bearer token;
    a web page of any other origin gets no CORS header, so its script cannot read an answer."""
    d = desk(server, "leser")
    preflight = {"Origin": "tauri://localhost", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "authorization"}
    status, headers, _ = d.call("OPTIONS", "/api/suche?q=Gemeinde", headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "tauri://localhost"
    assert "authorization" in headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in headers
    status, headers, _ = d.call("GET", "/api/suche?q=Gemeinde", headers={"Origin": "tauri://localhost"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "tauri://localhost"
    for origin in ["https://evil.example", "null", "tauri://localhost.evil.example"]:
        status, headers, _ = d.call("OPTIONS", "/api/suche?q=Gemeinde", headers={**preflight, "Origin": origin})
        assert "Access-Control-Allow-Origin" not in headers, origin
        status, headers, _ = d.call("GET", "/api/suche?q=Gemeinde", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in headers, origin


def test_a_server_killed_while_it_stores_a_sent_file_finishes_it_when_it_starts_again(sample_library, tmp_path):
    """kill -9 while a sent scan is being recognised: nothing stored before is lost, the audit
    chain is intact, and the next start stores the file (its ingest resumed) and clears tmp/upload."""
    import threading
    import sqlite3
    import time

    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)

    def running_jobs():
        with sqlite3.connect(f"file:{lib / 'aktenscan.sqlite'}?mode=ro", uri=True, timeout=30) as db:
            return db.execute("SELECT count(*) FROM jobs WHERE status = 'running'").fetchone()[0]

    proc, base = start_server(lib, "--ocr-jobs", "1")
    try:
        d = Desk(base)
        assert d.sign_in("sb")[0] == 200
        scan = (SAMPLES / "bauakte-1987" / "02-schreiben.jpg").read_bytes()
        def sending():
            try:
                send(d, rat, "Schreiben 1987.jpg", scan)
            except OSError:
                pass  # the server is killed while she waits for the answer

        sender = threading.Thread(target=sending, daemon=True)
        sender.start()
        deadline = time.time() + 60
        while running_jobs() == 0 and time.time() < deadline:
            time.sleep(0.02)
        assert running_jobs() == 1, "the ingest of the sent file did not begin"
    finally:
        proc.kill()
        proc.wait(timeout=30)
    sender.join(timeout=30)
    assert documents_of(lib, rat)[: len(before)] == before
    assert len(uploads_left(lib)) == 1, "the sent file is kept for the resume"
    assert "intakt" in run(lib, "audit", "verify").stdout

    proc, base = start_server(lib)
    try:
        deadline = time.time() + 120
        while (uploads_left(lib) or running_jobs()) and time.time() < deadline:
            time.sleep(0.2)
        after = documents_of(lib, rat)
        assert after[: len(before)] == before and len(after) == len(before) + 1, after
        assert uploads_left(lib) == [] and running_jobs() == 0
        d = Desk(base)
        assert d.sign_in("sb")[0] == 200
        hits = all_hits(d, "Schulstraße")["hits"]
        assert after[-1] in {h["document_id"] for h in hits}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "intakt" in run(lib, "audit", "verify").stdout
    # The resumed storing is still the clerk's work in the audit log, not the server process's.
    assert after[-1] in run(lib, "audit", "report", "--user", "sb").stdout
    assert after[-1] not in run(lib, "audit", "report", "--user", "server").stdout


SANE_DIR = SAMPLES.parent / "tests" / "sane"


def at_desk(*args, user="sb", env=None, timeout=600, cwd=None):
    """`aktenscan` at a desk whose library is the server: no library folder of its own."""
    desk_env = {k: v for k, v in os.environ.items() if k != "AKTENSCAN_LIBRARY"}
    proc = subprocess.run(
        [str(binary()), *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=cwd,
        env={**desk_env, "SANE_CONFIG_DIR": str(SANE_DIR), "AKTENSCAN_PASSWORD": PASSWORD,
             "AKTENSCAN_SERVER_USER": user, **(env or {})},
    )
    return proc


def test_a_desk_scans_a_batch_into_a_record_on_the_server(capture_server, tmp_path):
    """`aktenscan scan --server`: the desk's scanner (SANE's test device) scans the feeder,
    the batch goes to the server as one request and becomes one document of ten pages there,
    with the scanner in its protocol and the clerk in the audit log; the outbox is emptied.
    A Leser is refused before anything is scanned."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    before = documents_of(lib, rat)
    outbox = tmp_path / "ausgang"
    scan = ["scan", "--server", base, "--record", rat, "--device", "test:0", "--resolution", "50",
            "--mode", "Gray", "--source", "ADF", "--outbox", outbox]
    refused = at_desk(*scan, user="leser")
    assert refused.returncode == 2 and "HTTP 403" in refused.stderr, refused.stderr
    assert "gescannt" not in refused.stderr
    assert not outbox.exists() or list(outbox.iterdir()) == []
    done = at_desk(*scan, "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["akte"] == rat and answer["fehler"] == []
    assert [d["seiten"] for d in answer["dokumente"]] == [10]
    new = answer["dokumente"][0]["id"]
    assert documents_of(lib, rat) == before + [new]
    protocol = run_json(lib, "document", "protokoll", new)
    text = json.dumps(protocol, ensure_ascii=False)
    assert "test:0" in text and "frontend-tester" in text, text
    assert list(outbox.iterdir()) == [], "a sent batch leaves the outbox"
    assert uploads_left(lib) == []
    assert new in run(lib, "audit", "report", "--user", "sb").stdout
    assert "intakt" in run(lib, "audit", "verify").stdout


def test_a_batch_the_server_refuses_stays_in_the_outbox_and_can_be_sent_again(sample_library, tmp_path):
    """Over the server's limit the batch is refused whole (413), nothing of it is stored, and
    the desk keeps it with the command that sends it again; sent again to a server that takes
    it, it is stored and leaves the outbox."""
    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)
    outbox = tmp_path / "ausgang"
    proc, base = start_server(lib, "--max-upload-mb", "0")
    try:
        big = at_desk("scan", "--server", base, "--record", rat, "--device", "test:0", "--resolution", "50",
                      "--mode", "Gray", "--source", "ADF", "--outbox", outbox)
        assert big.returncode == 2, big.stderr
        assert "mehr als die 0 MB, die der Server annimmt" in big.stderr and "--batch" in big.stderr, big.stderr
        [kept] = list(outbox.iterdir())
        assert (kept / "scan.json").is_file() and len(list(kept.glob("*.png")) + list(kept.glob("*.tif")) + list(kept.glob("*.pnm"))) > 0
        assert documents_of(lib, rat) == before and uploads_left(lib) == []
        again = at_desk("send", "--server", base, "--record", rat, "--batch", kept)
        assert again.returncode == 1 and "die der Server annimmt" in again.stderr, again.stderr
        assert kept.exists(), "a batch not sent is not removed"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    proc, base = start_server(lib)
    try:
        again = at_desk("send", "--server", base, "--record", rat, "--batch", kept, "--json")
        assert again.returncode == 0, again.stderr
        [answer] = json.loads(again.stdout)
        assert [d["seiten"] for d in answer["dokumente"]] == [10]
        assert documents_of(lib, rat) == before + [answer["dokumente"][0]["id"]]
        assert not kept.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_desk_recognises_its_batch_itself_and_the_server_stores_the_text(sample_library, tmp_path):
    """`--ocr arbeitsplatz`: the desk recognises the pages with its own Tesseract (the page
    upside down, turned by its orientation detection) and sends the text with them, for a
    scanned batch (`send --batch`), a single file (`send`) and its hot folder (`watch`). A
    server that has no language model at all stores each, with the text the sample library's
    own recognition gave the same page. A recognition that does not fit its page is refused
    whole (422, naming the page) and nothing is stored."""
    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)
    fonts_only = tmp_path / "ohne-modelle"
    fonts_only.mkdir()
    shutil.copy(Path(os.environ.get("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")) / "pdf.ttf", fonts_only)
    batch = tmp_path / "stapel"
    batch.mkdir()
    page = SAMPLES / "bauakte-1987" / "03-bescheid.png"
    shutil.copy(page, batch / "0001.png")
    (batch / "scan.json").write_text(json.dumps({"device": "test:0", "end": "complete", "files": ["/desk/0001.png"]}))
    proc, base = start_server(lib, "--tessdata", fonts_only)
    try:
        sb = Desk(base)
        assert sb.sign_in("sb")[0] == 200
        # A forged or broken recognition: nothing of the batch is stored.
        width, height = png_size(page)
        fitting = {"pages": [{"page": 0, "text": {"width": width, "height": height, "blocks": []},
                              "facts": {"source": {"ocr": {"model": "deu"}}, "orientation": "Upright",
                                        "orientation_confidence": None, "skew_degrees": 0.0, "script": None,
                                        "mean_confidence": None, "ocr_ms": 1}}]}
        wrong_size = json.loads(json.dumps(fitting))
        wrong_size["pages"][0]["text"]["width"] = width + 1
        two_pages = json.loads(json.dumps(fitting))
        two_pages["pages"].append({**fitting["pages"][0], "page": 1})
        layer = json.loads(json.dumps(fitting))
        layer["pages"][0]["facts"]["source"] = "pdf_text_layer"
        protocol = json.dumps({"device": "test:0", "end": "complete"}).encode()
        for forged, why in [(wrong_size, "Pixel"), (two_pages, "2 Seite(n)"), (layer, "Tesseract")]:
            body, kind = multipart([("protokoll", None, protocol), ("seite", "0001.png", page.read_bytes()),
                                    ("erkennung", None, json.dumps(forged).encode())])
            status, _, data = sb.call("POST", f"/api/akten/{rat}/stapel", raw=body, headers={"Content-Type": kind})
            answer = json.loads(data)
            assert status == 422 and why in answer["fehler"] and "0001.png" in answer["fehler"], answer
        assert documents_of(lib, rat) == before and uploads_left(lib) == []

        sent = at_desk("send", "--server", base, "--record", rat, "--batch", batch, "--ocr", "arbeitsplatz", "--json")
        assert sent.returncode == 0, sent.stderr
        [answer] = json.loads(sent.stdout)
        assert answer["fehler"] == [] and [d["seiten"] for d in answer["dokumente"]] == [1], answer
        new = answer["dokumente"][0]["id"]
        assert documents_of(lib, rat) == before + [new]
        assert "1 von 1 Seite(n) an diesem Arbeitsplatz erkannt" in sent.stderr, sent.stderr
        status, _, text = sb.call("GET", f"/api/dokumente/{new}/seiten/1/text")
        assert status == 200

        # A single file and the desk's hot folder, recognised here too.
        letter = SAMPLES / "bauakte-1987" / "02-schreiben.jpg"
        body, kind = multipart([("datei", "Schreiben.jpg", letter.read_bytes()),
                                ("erkennung", None, json.dumps(wrong_size).encode())])
        status, _, data = sb.call("POST", f"/api/akten/{rat}/dokumente?name=Schreiben.jpg", raw=body,
                                  headers={"Content-Type": kind})
        assert status == 422 and "Schreiben.jpg" in json.loads(data)["fehler"], data
        # Four scanned pages in one PDF (2.7 MB: larger than a form's default limit).
        scans = tmp_path / "Schreiben-4-Seiten.pdf"
        scans_pdf(letter, 4, scans)
        assert scans.stat().st_size > 2 << 20
        single = at_desk("send", "--server", base, "--record", rat, scans, "--ocr", "arbeitsplatz", "--json")
        assert single.returncode == 0, single.stderr
        [stored] = json.loads(single.stdout)
        assert [d["seiten"] for d in stored["dokumente"]] == [4], stored
        letter_doc = stored["dokumente"][0]["id"]
        folder = tmp_path / "eingang"
        folder.mkdir()
        shutil.copy(letter, folder / "Nachtrag.jpg")
        watched = at_desk("watch", folder, "--server", base, "--record", rat, "--settle", "0", "--once",
                          "--ocr", "arbeitsplatz")
        assert watched.returncode == 0, watched.stderr
        assert (folder / "verarbeitet" / "Nachtrag.jpg").exists()
        assert not (folder / "fehler").exists() or list((folder / "fehler").iterdir()) == []
        watched_doc = documents_of(lib, rat)[-1]
        assert documents_of(lib, rat) == before + [new, letter_doc, watched_doc]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # The text is what the sample library's own ingest read on the same page.
    bau = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["632.10/1987-014"]["id"]
    [bescheid] = [d["id"] for d in run_json(lib, "show", bau)["documents"] if d["source"].endswith("03-bescheid.png")]
    sample_text = run(lib, "text", bescheid).stdout
    assert len(sample_text.split()) > 20 and text.decode().split() == sample_text.split()
    assert run(lib, "text", new).stdout.split() == sample_text.split()
    assert not batch.exists(), "a sent batch leaves the outbox"
    [schreiben] = [d["id"] for d in run_json(lib, "show", bau)["documents"] if d["source"].endswith("02-schreiben.jpg")]
    letter_text = run(lib, "text", schreiben).stdout.split()
    assert len(letter_text) > 20
    assert run(lib, "text", letter_doc, "--page", "3").stdout.split() == letter_text
    assert run(lib, "text", watched_doc).stdout.split() == letter_text


def scans_pdf(jpeg, pages, out):
    """A PDF of `pages` A4 pages, each the grey JPEG scan `jpeg` as it is (as a scanner's PDF)."""
    import pikepdf

    pdf = pikepdf.new()
    data = jpeg.read_bytes()
    for _ in range(pages):
        image = pikepdf.Stream(pdf, data)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 2480, 3508, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.DCTDecode
        page = pdf.add_blank_page(page_size=(595.28, 841.89))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q")
    pdf.save(out)


def png_size(path):
    """Width and height of a PNG, from its header."""
    head = path.read_bytes()[:24]
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_a_batch_with_a_page_the_server_cannot_read_stays_in_the_outbox(capture_server, tmp_path):
    """`send --batch`: the readable pages are stored; the page the server refused is named, and
    the batch stays at the desk so that nothing of it is lost."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    before = documents_of(lib, rat)
    batch = tmp_path / "stapel"
    batch.mkdir()
    shutil.copy(SAMPLES / "bauakte-1987" / "03-bescheid.png", batch / "0001.png")
    (batch / "0002.png").write_bytes(b"kein Bild, nur Text")
    (batch / "scan.json").write_text(json.dumps({"device": "test:0", "end": "complete",
                                                 "files": ["/desk/0001.png", "/desk/0002.png"]}))
    sent = at_desk("send", "--server", base, "--record", rat, "--batch", batch)
    assert sent.returncode == 1, sent.stderr
    assert "0002.png" in sent.stdout and "bleibt im Ausgang" in sent.stderr, (sent.stdout, sent.stderr)
    after = documents_of(lib, rat)
    assert len(after) == len(before) + 1
    assert run_json(lib, "show", after[-1])["pages"] == 1
    assert (batch / "0002.png").exists() and (batch / "scan.json").exists()
    assert uploads_left(lib) == []


def test_a_long_file_name_is_kept_short_with_its_ending(capture_server):
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    sb = desk(capture_server, "sb")
    name = "Bescheid " + "sehr lang " * 40 + ".png"
    status, _, answer = send(sb, rat, name, (SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes())
    assert status == 201, answer
    new = json.loads(answer)["dokumente"][0]["id"]
    source = run_json(lib, "show", new)["source"]
    assert source.endswith(".png") and len(source.rsplit("/", 1)[-1]) <= 150, source


def test_a_desk_sends_files_and_a_bad_one_does_not_stop_the_rest(capture_server):
    """`aktenscan send`: each file a document; a damaged PDF and a missing file are named with
    their reason, the good file is stored anyway, and the exit code says not all went."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    before = documents_of(lib, rat)
    broken = SAMPLES.parent / "target" / "kaputt-gesendet.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj <<\n")
    sent = at_desk("send", "--server", base, "--record", rat, broken,
                   SAMPLES / "bauakte-1987" / "03-bescheid.png", "/nicht/da.png", "--json")
    broken.unlink()
    assert sent.returncode == 1, sent.stderr
    [answer] = json.loads(sent.stdout)
    assert [d["seiten"] for d in answer["dokumente"]] == [1]
    assert "kaputt-gesendet.pdf" in sent.stderr and "/nicht/da.png" in sent.stderr, sent.stderr
    assert documents_of(lib, rat) == before + [answer["dokumente"][0]["id"]]
    wrong = at_desk("send", "--server", base, "--record", rat, SAMPLES / "bauakte-1987" / "03-bescheid.png",
                    env={"AKTENSCAN_PASSWORD": "falsch"})
    assert wrong.returncode == 2 and "Anmeldung als sb" in wrong.stderr, wrong.stderr
    assert documents_of(lib, rat) == before + [answer["dokumente"][0]["id"]]


def multipart(parts, boundary="grenze"):
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_batch_without_its_protocol_pages_or_right_is_refused_and_leaves_nothing(capture_server):
    lib, base, ids = capture_server
    rat, bau = ids["rat"]["id"], ids["bau"]["id"]
    sb = desk(capture_server, "sb")
    before = documents_of(lib, rat)
    page = (SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes()
    protocol = json.dumps({"device": "test:0", "end": "complete"}).encode()

    def post(d, record, parts, **kw):
        body, kind = multipart(parts)
        return d.call("POST", f"/api/akten/{record}/stapel", raw=body, headers={"Content-Type": kind}, **kw)

    cases = [
        (sb, rat, [("seite", "s1.png", page)], 400, "protokoll fehlt"),
        (sb, rat, [("protokoll", None, protocol)], 400, "keine Seite"),
        (sb, rat, [("protokoll", None, b"{kein json"), ("seite", "s1.png", page)], 400, "protokoll"),
        (sb, rat, [("protokoll", None, protocol), ("seite", "programm.exe", b"MZ")], 415, "programm.exe"),
        (sb, rat, [("protokoll", None, protocol), ("passwort", None, b"x")], 400, "unbekanntes Feld"),
        (sb, rat, [("protokoll", None, protocol), ("leer", None, b"viel"), ("seite", "s1.png", page)], 400, "leer"),
        (sb, rat, [("protokoll", None, protocol), ("seite", None, page)], 400, "Dateiname fehlt"),
        # Repeated small fields count towards the batch's limit (1 MB here).
        (sb, rat, [("protokoll", None, b" " * 600_000 + protocol), ("protokoll", None, b" " * 600_000 + protocol)],
         413, "Stapel"),
        (desk(capture_server, "leser"), rat, [("protokoll", None, protocol), ("seite", "s1.png", page)], 403, ""),
        (sb, bau, [("protokoll", None, protocol), ("seite", "s1.png", page)], 404, ""),
        (Desk(base), rat, [("protokoll", None, protocol), ("seite", "s1.png", page)], 401, ""),
    ]
    for d, record, parts, code, says in cases:
        status, _, answer = post(d, record, parts)
        assert status == code and says in json.loads(answer)["fehler"], (parts[-1][:2], status, answer)
    assert post(sb, rat, [("protokoll", None, protocol), ("seite", "s1.png", page)], use_cookie=True)[0] == 403
    # Announced over the limit: refused before a byte of the body is read, so the desk is told.
    import socket

    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall((f"POST /api/akten/{rat}/stapel HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {sb.token}\r\n"
                   f"Content-Type: multipart/form-data; boundary=grenze\r\nContent-Length: {3 << 20}\r\n\r\n").encode())
        reply = s.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413") and "1 MB" in reply, reply
    assert sb.call("GET", f"/api/akten/{rat}/stapel")[0] == 204
    assert desk(capture_server, "leser").call("GET", f"/api/akten/{rat}/stapel")[0] == 403
    assert sb.call("GET", f"/api/akten/{bau}/stapel")[0] == 404

    # Breaks off in the middle of the second page.
    body, kind = multipart([("protokoll", None, protocol), ("seite", "s1.png", page), ("seite", "s2.png", page)])
    break_off(base, lib, f"POST /api/akten/{rat}/stapel HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {sb.token}\r\n"
              f"Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[: len(body) - len(page) // 2])
    assert documents_of(lib, rat) == before
    assert "intakt" in run(lib, "audit", "verify").stdout


def test_a_desk_sends_over_https_trusting_only_the_given_certificate(sample_library, tmp_path):
    """The server's certificate signed by the town hall's own CA: `aktenscan send --ca-cert CA`
    trusts it and stores the file; without it the desk refuses the server and says how to
    trust it."""
    from conftest import require_tool

    require_tool("openssl", "openssl")
    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)
    ca, ca_key = tmp_path / "ca.pem", tmp_path / "ca.key"
    cert, key, csr = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "server.csr"
    extensions = tmp_path / "server.ext"
    extensions.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    for cmd in (
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Gemeinde Schkopau CA",
         "-keyout", ca_key, "-out", ca],
        ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", csr],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
         "-extfile", extensions, "-out", cert],
    ):
        subprocess.run(["openssl", *map(str, cmd)], check=True, capture_output=True)
    proc, base = start_server(lib, "--tls-cert", str(cert), "--tls-key", str(key))
    try:
        assert base.startswith("https://")
        page = SAMPLES / "bauakte-1987" / "03-bescheid.png"
        untrusted = at_desk("send", "--server", base, "--record", rat, page)
        assert untrusted.returncode == 2 and "nicht vertrauenswürdig" in untrusted.stderr, untrusted.stderr
        assert "--ca-cert" in untrusted.stderr
        trusted = at_desk("send", "--server", base, "--record", rat, page, "--ca-cert", ca, "--json")
        assert trusted.returncode == 0, trusted.stderr
        [answer] = json.loads(trusted.stdout)
        assert documents_of(lib, rat) == before + [answer["dokumente"][0]["id"]]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_library_that_is_a_server_address_opens_no_folder_and_takes_what_a_desk_sends(capture_server, tmp_path):
    """AKTENSCAN_LIBRARY=http://… at a desk: a command that needs a library folder says it is a
    server's address and makes no folder; `send` goes to that server without --server."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    before = documents_of(lib, rat)
    listed = at_desk("list", env={"AKTENSCAN_LIBRARY": base}, cwd=tmp_path)
    assert listed.returncode == 2 and "Adresse eines Aktenscan-Servers" in listed.stderr, listed.stderr
    assert list(tmp_path.iterdir()) == [], "no folder named after the address"
    sent = at_desk("send", "--record", rat, SAMPLES / "bauakte-1987" / "03-bescheid.png", "--json",
                   env={"AKTENSCAN_LIBRARY": base}, cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    [answer] = json.loads(sent.stdout)
    assert documents_of(lib, rat) == before + [answer["dokumente"][0]["id"]]


# Describing, checking and exporting over the server: the roles' work without a library folder.

def audit_of(lib, user, action):
    return [e for e in run_json(lib, "audit", "report", "--user", user) if e["action"] == action]


def test_a_clerk_describes_a_document_and_who_may_not_changes_nothing(server):
    lib, _, ids = server
    sb, reader = desk(server, "sb"), desk(server, "leser")
    doc = ids["rat"]["documents"][0]["id"]
    title = sb.json("GET", f"/api/dokumente/{doc}")[1]["dokument"]["title"]
    form = {"title": title, "doc_type": "Niederschrift", "doc_date": "1998-03-12"}
    status, answer = sb.json("PUT", f"/api/dokumente/{doc}", form)
    assert status == 200, answer
    assert {c["field"] for c in answer["aenderungen"]} >= {"doc_type", "doc_date"}, answer
    shown = sb.json("GET", f"/api/dokumente/{doc}")[1]["dokument"]
    assert (shown["doc_type"], shown["doc_date"]) == ("Niederschrift", "1998-03-12")
    assert [e["subject"] for e in audit_of(lib, "sb", "document.update")] == [doc]
    # The index follows at once: the type is a filter of her search.
    found = all_hits(sb, "typ:Niederschrift")
    assert found["hits"] and {h["document_id"] for h in found["hits"]} == {doc}, found
    assert found["facets"]["typ"] == {"Niederschrift": found["total"]}, found["facets"]

    # A date that is none: 422 naming the field, nothing changed.
    status, answer = sb.json("PUT", f"/api/dokumente/{doc}", {**form, "doc_date": "1998-13-45"})
    assert status == 422 and [f["feld"] for f in answer["felder"]] == ["doc_date"], answer
    # A Leser may not describe; a document of a record she does not see is absent.
    bau_doc = ids["bau"]["documents"][0]["id"]
    # A Leser may not describe at all: the same 403 for every id, hidden or made up.
    assert reader.json("PUT", f"/api/dokumente/{bau_doc}", form)[0] == 403
    assert reader.call("PUT", f"/api/dokumente/{doc}", form) [::2] == reader.call("PUT", f"/api/dokumente/{uuid.uuid4()}", form)[::2]
    assert sb.json("PUT", f"/api/dokumente/{bau_doc}", form)[0] == 404
    # By cookie without the CSRF header: refused.
    assert sb.json("PUT", f"/api/dokumente/{doc}", {**form, "doc_type": "Brief"}, use_cookie=True)[0] == 403
    assert sb.json("GET", f"/api/dokumente/{doc}")[1]["dokument"]["doc_type"] == "Niederschrift"
    assert len(audit_of(lib, "sb", "document.update")) == 1


def test_an_archivist_records_a_sichtkontrolle_under_her_name(server):
    lib, _, ids = server
    archiv, sb = desk(server, "archiv-bau"), desk(server, "sb")
    doc = ids["bau"]["documents"][0]["id"]
    pages = len(archiv.json("GET", f"/api/dokumente/{doc}")[1]["seiten"])
    verdicts = [{"seite": p, "ok": p != pages} for p in range(1, pages + 1)]
    # A Sachbearbeiter does not do the Sichtkontrolle.
    rat_doc = ids["rat"]["documents"][0]["id"]
    assert sb.json("POST", f"/api/dokumente/{rat_doc}/sichtkontrolle", {"seiten": verdicts[:1]})[0] == 403
    # A page the document does not have: 422, nothing stored.
    status, answer = archiv.json("POST", f"/api/dokumente/{doc}/sichtkontrolle",
                                 {"seiten": [{"seite": pages + 1, "ok": True}]})
    assert status == 422 and f"Seite {pages + 1}" in answer["fehler"], answer
    status, answer = archiv.json("POST", f"/api/dokumente/{doc}/sichtkontrolle", {"seiten": []})
    assert status == 422 and "keine Seite" in answer["fehler"], answer
    assert archiv.json("POST", f"/api/dokumente/{doc}/sichtkontrolle",
                       {"seiten": verdicts, "wer": "jemand"})[0] == 422, "unknown fields are refused"

    status, check = archiv.json("POST", f"/api/dokumente/{doc}/sichtkontrolle",
                                {"seiten": verdicts, "notiz": "mit dem Papier verglichen"})
    assert status == 201, check
    assert check["checked_by"] == "archiv-bau" and check["scope"] == "vollständig", check
    assert f"neu scannen: Seite {pages}" in check["anomalies"] and "mit dem Papier" in check["anomalies"]
    checks = archiv.json("GET", f"/api/dokumente/{doc}")[1]["pruefungen"]
    assert [c["checked_by"] for c in checks] == ["archiv-bau"], checks
    assert [e["subject"] for e in audit_of(lib, "archiv-bau", "document.check")] == [doc]
    # A sample (not every page) is told as one.
    status, check = archiv.json("POST", f"/api/dokumente/{doc}/sichtkontrolle", {"seiten": verdicts[:1]})
    assert status == 201 and check["scope"] == "Stichprobe", check


def test_an_archivist_exports_what_she_sees_as_valid_xdomea_logged_under_her_name(server, tmp_path):
    import hashlib
    import zipfile

    from test_export import xmllint

    lib, _, ids = server
    archiv = desk(server, "archiv-bau")
    bau, rat = ids["bau"]["id"], ids["rat"]["id"]
    exports = lib / "tmp" / "export"
    left = lambda: sorted(exports.iterdir()) if exports.exists() else []

    # Not ready: the German list of what is missing, and nothing written or logged.
    status, answer = archiv.json("POST", "/api/export", {"akten": [bau], "format": "0503"})
    assert status == 422 and answer["fehlend"] and answer["fehlend"][0]["probleme"], answer
    assert left() == [] and audit_of(lib, "archiv-bau", "record.export") == []

    fields = {"laufzeit": "1987", "retention": "30", "aktenplan_unit": "632.10"}
    assert archiv.json("PUT", f"/api/akten/{bau}", fields)[0] == 200
    status, headers, body = archiv.call("POST", "/api/export", {"akten": [bau], "format": "0503"})
    assert status == 200, body[:300]
    assert headers["Content-Type"] == "application/zip" and "attachment" in headers["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == headers["X-Aktenscan-Sha256"]
    pid = headers["X-Aktenscan-Prozess-Id"]
    package = tmp_path / "paket.zip"
    package.write_bytes(body)
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
        z.extractall(tmp_path / "paket")
    message = f"{pid}_Aussonderung.Aussonderung.0503.xml"
    assert message in names and sum(n.endswith(".pdf") for n in names) == int(headers["X-Aktenscan-Dokumente"]) >= 1
    xmllint(tmp_path / "paket" / message, "3.1.0")
    assert left() == [], "the package leaves the server once sent"
    logged = audit_of(lib, "archiv-bau", "record.export")
    assert [e["subject"] for e in logged] == [bau]
    assert "intakt" in run(lib, "audit", "verify").stdout

    # A record she does not see makes the whole export absent, as a made-up id does.
    random_id = str(uuid.uuid4())
    hidden = archiv.call("POST", "/api/export", {"akten": [bau, rat], "format": "0401"})
    made_up = archiv.call("POST", "/api/export", {"akten": [bau, random_id], "format": "0401"})
    assert hidden[0] == made_up[0] == 404 and hidden[2] == made_up[2]
    # Roles below Archivar may not export; a wrong format or no record is refused.
    assert desk(server, "sb").json("POST", "/api/export", {"akten": [rat], "format": "0503"})[0] == 403
    assert desk(server, "leser").json("POST", "/api/export", {"akten": [bau], "format": "0503"})[0] == 403
    assert archiv.json("POST", "/api/export", {"akten": [bau], "format": "0999"})[0] == 422
    assert archiv.json("POST", "/api/export", {"akten": [], "format": "0503"})[0] == 422
    assert len(audit_of(lib, "archiv-bau", "record.export")) == 1 and left() == []


def test_suggestions_are_read_and_decided_by_a_clerk_under_her_name(server):
    lib, _, ids = server
    sb, reader, archiv = desk(server, "sb"), desk(server, "leser"), desk(server, "archiv-bau")
    rat = ids["rat"]["id"]
    status, suggestions = sb.json("GET", f"/api/akten/{rat}/vorschlaege")
    assert status == 200 and suggestions["record_id"] == rat, suggestions
    decision = {"document_id": None, "field": "laufzeit", "value": "1998", "accept": True}
    status, done = sb.json("POST", f"/api/akten/{rat}/vorschlaege", [decision])
    assert status == 200 and done == {"accepted": 1, "refused": 0}, done
    assert sb.json("GET", f"/api/akten/{rat}")[1]["akte"]["laufzeit_from"].startswith("1998")
    assert [e["subject"] for e in audit_of(lib, "sb", "suggestion.accept")] == [rat]
    # A Leser may not; the Bauamt's archivist does not see the Hauptamt's record.
    assert reader.json("GET", f"/api/akten/{ids['bau']['id']}/vorschlaege")[0] == 403
    assert archiv.json("GET", f"/api/akten/{rat}/vorschlaege")[0] == 404
    assert archiv.json("POST", f"/api/akten/{rat}/vorschlaege", [decision])[0] == 404


def test_guessed_ids_on_the_changing_endpoints_get_what_a_missing_one_gets(server):
    """The Bauamt's archivist may do everything there is but does not see the Hauptamt's council
    record: every changing endpoint answers its ids exactly as made-up ones."""
    _, _, ids = server
    archiv = desk(server, "archiv-bau")
    rat, doc, made_up = ids["rat"]["id"], ids["rat"]["documents"][0]["id"], str(uuid.uuid4())
    calls = lambda r, d: [
        ("PUT", f"/api/akten/{r}", {"remark": "x"}),
        ("PUT", f"/api/dokumente/{d}", {"title": "x"}),
        ("POST", f"/api/dokumente/{d}/sichtkontrolle", {"seiten": [{"seite": 1, "ok": True}]}),
        ("POST", f"/api/dokumente/{d}/seiten", {"op": "rotate", "page": 1, "degrees": 90}),
        ("GET", f"/api/akten/{r}/vorschlaege", None),
        ("POST", f"/api/akten/{r}/vorschlaege", []),
        ("POST", "/api/export", {"akten": [r], "format": "0503"}),
        ("GET", f"/api/akten/{r}/stapel", None),
    ]
    for (method, hidden, body), (_, missing, _) in zip(calls(rat, doc), calls(made_up, made_up)):
        got, nothing = archiv.call(method, hidden, body), archiv.call(method, missing, body)
        assert got[0] == nothing[0] == 404, (method, hidden, got[0], nothing[0])
        assert got[2] == nothing[2], hidden
    # A decision on her own record that names a hidden document (whole or a prefix) reads as one
    # naming no document at all, and nothing is logged.
    bau = ids["bau"]["id"]
    for named in [doc, doc[:8]]:
        refusal = {"document_id": named, "field": "title", "value": "x", "accept": False}
        got = archiv.call("POST", f"/api/akten/{bau}/vorschlaege", [refusal])
        nothing = archiv.call("POST", f"/api/akten/{bau}/vorschlaege", [{**refusal, "document_id": made_up}])
        assert got[0] == nothing[0] == 404 and got[2].replace(named.encode(), b"") == nothing[2].replace(made_up.encode(), b""), got
    assert not [e for e in run_json(server[0], "audit", "report", "--user", "archiv-bau") if e["subject"] == doc]
    assert desk(server, "sb").json("GET", f"/api/dokumente/{doc}")[1]["pruefungen"] == []


def test_a_desks_hot_folder_sends_into_a_record_and_waits_out_a_server_restart(sample_library, tmp_path):
    """`aktenscan watch DIR --record ID` at a desk whose library is the server: a complete scan
    is sent into the record (recognised there, under the clerk's name) and moves to
    verarbeitet/; a broken file goes to fehler/ with the server's reason. While the server is
    down a new file stays claimed in in-arbeit/; once the server is back (its sessions gone with
    the restart) the watcher signs in again and sends it; after a restart while it was idle it
    signs in again before the next file. Nothing is lost or sent twice."""
    import socket
    import time

    lib, rat = clerks_library(sample_library, tmp_path)
    before = documents_of(lib, rat)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def serve():
        proc = subprocess.Popen([str(binary()), "--library", str(lib), "serve", "--listen", f"127.0.0.1:{port}"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert "127.0.0.1" in proc.stdout.readline()
        return proc

    def wait_for(condition, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if condition():
                return True
            time.sleep(0.2)
        return False

    folder = tmp_path / "eingang"
    folder.mkdir()
    server = serve()
    desk_env = {k: v for k, v in os.environ.items() if k != "AKTENSCAN_LIBRARY"}
    watcher = subprocess.Popen(
        [str(binary()), "watch", str(folder), "--record", rat, "--settle", "1", "--rescan", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**desk_env, "AKTENSCAN_LIBRARY": f"http://127.0.0.1:{port}", "AKTENSCAN_SERVER_USER": "sb",
             "AKTENSCAN_PASSWORD": PASSWORD})
    page = SAMPLES / "bauakte-1987" / "03-bescheid.png"
    try:
        shutil.copy(page, folder / "Bescheid.png")
        (folder / "kaputt.tif").write_bytes(b"II*\x00" + b"\x00" * 64)
        assert wait_for(lambda: (folder / "verarbeitet" / "Bescheid.png").exists()), watcher.stderr
        assert wait_for(lambda: (folder / "fehler" / "kaputt.tif.txt").exists())
        assert "kaputt.tif" in (folder / "fehler" / "kaputt.tif.txt").read_text()
        sent = documents_of(lib, rat)
        assert sent[: len(before)] == before and len(sent) == len(before) + 1
        assert run_json(lib, "show", sent[-1])["source"].endswith("Bescheid.png")

        # The server goes down; a file dropped meanwhile waits, claimed.
        server.terminate()
        server.wait(timeout=30)
        shutil.copy(page, folder / "Nachtrag.png")
        claimed = lambda: [p.name for p in (folder / "in-arbeit").iterdir() if p.name.endswith("Nachtrag.png")]
        assert wait_for(lambda: claimed(), 30)
        time.sleep(2)  # a few rescans against a server that does not answer
        assert claimed() and not (folder / "fehler" / "Nachtrag.png").exists()
        server = serve()
        assert wait_for(lambda: (folder / "verarbeitet" / "Nachtrag.png").exists())
        assert list((folder / "in-arbeit").iterdir()) == []

        # Restarted while the watcher was idle: its session is gone; it signs in again at once.
        server.terminate()
        server.wait(timeout=30)
        server = serve()
        shutil.copy(page, folder / "Dritte.png")
        assert wait_for(lambda: (folder / "verarbeitet" / "Dritte.png").exists())
    finally:
        watcher.send_signal(2)
        out, err = watcher.communicate(timeout=60)
        server.terminate()
        server.wait(timeout=30)
    after = documents_of(lib, rat)
    assert len(after) == len(before) + 3, (after, err)
    assert "erneut gesendet" in err and "Nachtrag.png" in err, err
    assert "Dritte.png: bleibt" not in err, err
    assert "Bescheid" in out and "Nachtrag" in out, out
    made = {e["subject"] for e in run_json(lib, "audit", "report", "--user", "sb")}
    assert set(after[len(before):]) <= made, "each document made under the clerk's name"


def test_a_desks_hot_folder_without_a_record_or_right_takes_nothing(capture_server, tmp_path):
    _, base, ids = capture_server
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "scan.png").write_bytes((SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes())
    no_record = at_desk("watch", folder, "--once", env={"AKTENSCAN_LIBRARY": base})
    assert no_record.returncode != 0 and "--record" in no_record.stderr, no_record.stderr
    reader = at_desk("watch", folder, "--once", "--record", ids["rat"]["id"], user="leser",
                     env={"AKTENSCAN_LIBRARY": base})
    assert reader.returncode != 0 and "403" in reader.stderr, reader.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["scan.png"], "nothing claimed or moved"


def test_a_sending_repeated_with_its_key_is_answered_and_not_stored_twice(capture_server):
    """A desk whose answer was lost (a broken connection during the server's recognition) sends
    the file again with the same key: the server answers with what it stored, and the record
    has the document once."""
    lib, base, ids = capture_server
    rat = ids["rat"]["id"]
    before = documents_of(lib, rat)
    sb = desk((lib, base, ids), "sb")
    page = (SAMPLES / "bauakte-1987" / "03-bescheid.png").read_bytes()
    path = f"/api/akten/{rat}/dokumente?name=Bescheid.png&schluessel=0a1b2c3d4e5f"
    first = sb.call("POST", path, raw=page, headers={"Content-Type": "application/octet-stream"})
    again = sb.call("POST", path, raw=page, headers={"Content-Type": "application/octet-stream"})
    assert first[0] == 201 and again[0] == 200, (first[0], again[2][:200])
    stored, replay = json.loads(first[2]), json.loads(again[2])
    assert replay["dokumente"] == stored["dokumente"] and replay["fehler"] == []
    assert documents_of(lib, rat) == before + [d["id"] for d in stored["dokumente"]]
    # Another key stores anew; a key that is none is refused before anything is kept.
    other = sb.call("POST", path.replace("0a1b2c3d4e5f", "ffeeddccbbaa"), raw=page,
                    headers={"Content-Type": "application/octet-stream"})
    assert other[0] == 201
    for bad in ["kurz", "../../etc", "x" * 65]:
        status, _, _ = sb.call("POST", path.replace("0a1b2c3d4e5f", urllib.request.quote(bad)), raw=page,
                               headers={"Content-Type": "application/octet-stream"})
        assert status == 400, bad
    assert len(documents_of(lib, rat)) == len(before) + 2 and uploads_left(lib) == []


# Accounts: an administrator manages them from her desk; everyone changes her own password.

@pytest.fixture
def accounts_server(sample_library, tmp_path):
    """A library of its own with the Bauakte in the Bauamt, the clerk `sb`, an administrator of
    everything (`admin`) and one of the Bauamt only (`admin-bau`), served on loopback."""
    lib, _ = clerks_library(sample_library, tmp_path)
    bau = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["632.10/1987-014"]["id"]
    run(lib, "record", "set", bau, "--amt", "Bauamt")
    for name, args in {
        "admin": ["--everything", "--ceiling", "004", "--personal-data"],
        "admin-bau": ["--office", "Bauamt"],
    }.items():
        run(lib, "account", "set", name, "--role", "administrator", *args, "--password-stdin",
            input=PASSWORD + "\n")
    proc, base = start_server(lib)
    yield lib, base, {"bau": bau}
    proc.terminate()
    proc.wait(timeout=30)


def grant(offices=(), units=(), ceiling="003", personal=False):
    return {"ceiling": ceiling, "personal_data": personal,
            "scope": {"granted": {"offices": list(offices), "units": list(units)}}}


def test_an_administrator_sets_up_a_colleague_who_then_sees_only_her_grant(accounts_server):
    lib, base, ids = accounts_server
    admin, sb = desk(accounts_server, "admin"), desk(accounts_server, "sb")
    # Only an administrator lists or sets accounts; without a session nothing is answered.
    assert sb.call("GET", "/api/konten")[0] == 403
    assert sb.call("PUT", "/api/konten/sb", {"rolle": "administrator", "freigabe": grant()})[0] == 403
    assert Desk(base).call("GET", "/api/konten")[0] == 401
    status, _, listed = admin.call("GET", "/api/konten")
    assert status == 200 and b"argon2" not in listed
    assert {a["name"]: a["rolle"] for a in json.loads(listed)}["sb"] == "sachbearbeiter"

    new = {"rolle": "leser", "passwort": "Winter-in-Schkopau-2", "freigabe": grant(["Bauamt"])}
    status, made = admin.json("PUT", "/api/konten/Krause", new)
    assert status == 200 and made["name"] == "krause" and not made["verzeichnis"], made
    # By cookie, a change needs the session's CSRF header.
    assert admin.call("PUT", "/api/konten/krause", new, use_cookie=True)[0] == 403
    krause = Desk(base)
    assert krause.sign_in("krause", "Winter-in-Schkopau-2")[0] == 200
    seen = [r["id"] for r in krause.json("GET", "/api/akten")[1]]
    assert seen == [ids["bau"]], seen
    # Logged under the administrator, without the password.
    entries = [e for e in audit_of(lib, "admin", "account.update") if e["subject"] == "account:krause"]
    details = entries[-1]["details"] if entries else {}
    details = json.loads(details) if isinstance(details, str) else details
    assert details["password_changed"] is True and details["clearance"]["scope"] != "everything"
    assert "Winter-in-Schkopau-2" not in json.dumps(run_json(lib, "audit", "report", "--user", "admin"))

    # A new account needs a password of ten characters or more; a field unknown is refused.
    assert admin.call("PUT", "/api/konten/ohne", {"rolle": "leser", "freigabe": grant()})[0] == 422
    assert admin.call("PUT", "/api/konten/kurz", {**new, "passwort": "kurz"})[0] == 422
    # A form for a new account never overwrites one of the same name (any case).
    status, answer = admin.json("PUT", "/api/konten/SB", {**new, "neu": True})
    assert status == 422 and "gibt es schon" in answer["fehler"], answer
    assert {a["name"]: a["rolle"] for a in admin.json("GET", "/api/konten")[1]}["sb"] == "sachbearbeiter"
    # Her own password only with the present one (/api/ich/passwort), not by the form.
    own = {"rolle": "administrator", "passwort": "Winter-in-Schkopau-2",
           "freigabe": {"ceiling": "004", "personal_data": True, "scope": "everything"}}
    status, answer = admin.json("PUT", "/api/konten/admin", own)
    assert status == 422 and "Passwort ändern" in answer["fehler"], answer
    assert Desk(base).sign_in("admin")[0] == 200
    assert admin.call("PUT", "/api/konten/x", {**new, "rechte": "alle"})[0] == 422
    assert "ohne" not in run(lib, "account", "list").stdout


def test_no_administrator_grants_beyond_her_own_clearance_or_locks_herself_out(accounts_server):
    lib, base, _ = accounts_server
    admin, admin_bau, sb = (desk(accounts_server, n) for n in ["admin", "admin-bau", "sb"])
    everything = {"ceiling": "003", "personal_data": False, "scope": "everything"}
    status, answer = admin_bau.json("PUT", "/api/konten/helfer", {
        "rolle": "leser", "passwort": "Winter-in-Schkopau-2", "freigabe": everything})
    assert status == 422 and "über Ihre eigene hinaus" in answer["fehler"], answer
    # Nor does she take over an account that sees more by giving it a password of hers.
    status, answer = admin_bau.json("PUT", "/api/konten/admin", {
        "rolle": "administrator", "passwort": "Winter-in-Schkopau-2", "freigabe": grant(["Bauamt"])})
    assert status == 422 and "sieht mehr als Sie" in answer["fehler"], answer
    assert Desk(base).sign_in("admin")[0] == 200, "admin's password unchanged"
    names = run(lib, "account", "list").stdout
    assert "helfer" not in names and "alle Akten" in names
    # She is shown only the accounts within her own clearance: not the one that sees everything.
    listed = {a["name"] for a in admin_bau.json("GET", "/api/konten")[1]}
    assert "admin-bau" in listed and "admin" not in listed, listed
    assert "admin" in {a["name"] for a in admin.json("GET", "/api/konten")[1]}

    own = {"rolle": "administrator", "freigabe": everything | {"ceiling": "004", "personal_data": True}}
    narrower = {**own, "freigabe": everything}
    for change in [{**own, "gesperrt": True}, {**own, "rolle": "archivar"}, narrower]:
        status, answer = admin.json("PUT", "/api/konten/admin", change)
        assert status == 422 and "nicht selbst" in answer["fehler"], answer
    assert admin.call("GET", "/api/konten")[0] == 200

    # A lock, or a password set anew, ends the account's sessions at once.
    sb_grant = grant(units=["022"])
    assert sb.call("GET", "/api/akten")[0] == 200
    assert admin.call("PUT", "/api/konten/sb", {"rolle": "sachbearbeiter", "freigabe": sb_grant,
                                                "passwort": "Herbst-in-Schkopau-3"})[0] == 200
    assert sb.call("GET", "/api/akten")[0] == 401
    assert Desk(base).sign_in("sb")[0] == 401, "the old password is gone"
    sb = Desk(base)
    assert sb.sign_in("sb", "Herbst-in-Schkopau-3")[0] == 200
    assert admin.call("PUT", "/api/konten/sb", {"rolle": "sachbearbeiter", "freigabe": sb_grant,
                                                "gesperrt": True})[0] == 200
    assert sb.call("GET", "/api/akten")[0] == 401
    assert Desk(base).sign_in("sb", "Herbst-in-Schkopau-3")[0] == 401
    # Unlocked again, she signs in anew: the session of before the lock stays ended.
    assert admin.call("PUT", "/api/konten/sb", {"rolle": "sachbearbeiter", "freigabe": sb_grant})[0] == 200
    assert sb.call("GET", "/api/akten")[0] == 401
    assert Desk(base).sign_in("sb", "Herbst-in-Schkopau-3")[0] == 200


def test_a_person_changes_her_own_password_and_her_other_desks_sign_in_again(accounts_server):
    _, base, _ = accounts_server
    here, there = desk(accounts_server, "sb"), desk(accounts_server, "sb")
    change = {"bisher": "falsch-geraten", "neu": "Herbst-in-Schkopau-3"}
    status, answer = here.json("POST", "/api/ich/passwort", change)
    assert status == 422 and "bisherige Passwort" in answer["fehler"], answer
    assert here.call("GET", "/api/ich")[0] == 200, "a wrong guess does not end her session"
    change["bisher"] = PASSWORD
    assert here.call("POST", "/api/ich/passwort", change, use_cookie=True)[0] == 403, "CSRF"
    status, _, _ = here.call("POST", "/api/ich/passwort", change, use_cookie=True,
                             headers={"X-Aktenscan-CSRF": here.csrf})
    assert status == 204
    assert here.call("GET", "/api/ich")[0] == 200 and there.call("GET", "/api/ich")[0] == 401
    assert Desk(base).sign_in("sb")[0] == 401
    assert Desk(base).sign_in("sb", "Herbst-in-Schkopau-3")[0] == 200


def test_a_clerk_turns_and_splits_pages_over_the_server_and_who_may_not_changes_nothing(accounts_server):
    """Page edits from a desk without the library folder: she turns a page and splits a
    document of her record; the PDF/A is written anew on the server. A Leser is refused, a
    document she may not see answers as a missing one, a page the document lacks is refused in
    German, and the edits are logged under her name."""
    lib, base, ids = accounts_server
    run(lib, "account", "set", "nur-lesen", "--role", "leser", "--everything", "--password-stdin",
        input=PASSWORD + "\n")
    rat = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["022.31/1998-017"]
    doc = next(d for d in rat["documents"] if d["pages"] >= 2)
    sb, reader = desk(accounts_server, "sb"), desk(accounts_server, "nur-lesen")
    path = f"/api/dokumente/{doc['id']}/seiten"
    pdf_before = sb.call("GET", f"/api/dokumente/{doc['id']}/pdf")[2]
    turned_before = sb.json("GET", f"/api/dokumente/{doc['id']}")[1]["seiten"][0]["drehung"]

    assert reader.call("POST", path, {"op": "rotate", "page": 1, "degrees": 90})[0] == 403
    hidden = ids["bau"]
    bau_doc = run_json(lib, "show", hidden)["documents"][0]["id"]
    got = sb.call("POST", f"/api/dokumente/{bau_doc}/seiten", {"op": "rotate", "page": 1, "degrees": 90})
    nothing = sb.call("POST", f"/api/dokumente/{uuid.uuid4()}/seiten", {"op": "rotate", "page": 1, "degrees": 90})
    assert got[0] == nothing[0] == 404 and got[2] == nothing[2]
    for bad in [{"op": "rotate", "page": 99, "degrees": 90}, {"op": "rotate", "page": 1, "degrees": 45}]:
        status, answer = sb.json("POST", path, bad)
        assert status == 422 and answer["fehler"], (bad, answer)
    assert sb.call("POST", path, {"op": "umdrehen"})[0] == 422

    status, done = sb.json("POST", path, {"op": "rotate", "page": 1, "degrees": 90})
    assert status == 200 and "Seite 1" in done["erledigt"], done
    pages = sb.json("GET", f"/api/dokumente/{doc['id']}")[1]["seiten"]
    assert pages[0]["drehung"] == (turned_before + 90) % 360, (turned_before, pages[0])
    assert sb.call("GET", f"/api/dokumente/{doc['id']}/pdf")[2] != pdf_before, "the PDF/A written anew"

    before = documents_of(lib, rat["id"])
    status, done = sb.json("POST", path, {"op": "split_at", "page": 2})
    assert status == 200 and done["neues_dokument"], done
    after = documents_of(lib, rat["id"])
    assert len(after) == len(before) + 1 and done["neues_dokument"] in after
    assert sb.json("GET", f"/api/dokumente/{doc['id']}")[1]["dokument"]["page_count"] == 1
    turns, splits = audit_of(lib, "sb", "document.pages"), audit_of(lib, "sb", "document.split")
    assert turns and {e["subject"] for e in turns} == {doc["id"]}, turns
    assert splits and {e["subject"] for e in splits} <= {doc["id"], done["neues_dokument"]}, splits
    assert not audit_of(lib, "nur-lesen", "document.pages")


def test_page_edits_sent_at_once_from_several_desks_are_each_applied_or_refused_whole(accounts_server):
    """The new PDF/A of a page edit is written beside the other desks, and only its applying
    takes the writer's turn: edits of one document sent at once either apply in turn or are
    refused because the document changed meanwhile; none is applied to a document it was not
    planned for."""
    import concurrent.futures
    lib, _, _ = accounts_server
    rat = {r["aktenzeichen"]: r for r in run_json(lib, "list")}["022.31/1998-017"]
    doc = next(d for d in rat["documents"] if d["pages"] >= 2)
    path = f"/api/dokumente/{doc['id']}/seiten"
    desks = [desk(accounts_server, "sb") for _ in range(4)]
    before = desks[0].json("GET", f"/api/dokumente/{doc['id']}")[1]["seiten"][0]["drehung"]
    turns_before = len(audit_of(lib, "sb", "document.pages"))
    with concurrent.futures.ThreadPoolExecutor(len(desks)) as pool:
        answers = list(pool.map(
            lambda d: d.json("POST", path, {"op": "rotate", "page": 1, "degrees": 90}), desks))
    applied = [a for status, a in answers if status == 200]
    refused = [a for status, a in answers if status != 200]
    assert applied, answers
    assert all(s in (200, 422) for s, _ in answers), answers
    assert all("inzwischen geändert" in a["fehler"] for a in refused), refused
    after = desks[0].json("GET", f"/api/dokumente/{doc['id']}")[1]["seiten"][0]["drehung"]
    assert after == (before + 90 * len(applied)) % 360, (before, after, answers)
    assert len(audit_of(lib, "sb", "document.pages")) == turns_before + len(applied)
    assert run(lib, "audit", "verify").returncode == 0
