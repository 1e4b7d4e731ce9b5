//! Load benchmark of `aktenscan serve` (not a test): builds a library of generated pages (or
//! reuses one), starts the server in this process on a free loopback port, and lets N clients
//! search and open hits over HTTP for S seconds, each signed in as a Leser whose clearance
//! covers three of five offices, while (optionally) a workstation, signed in as a
//! Sachbearbeiter, sends the sample Bauakte's three scans into a record again and again (each
//! recognised, archived and indexed on the server; with `--ingest-recognised` recognised by the
//! workstation, as `aktenscan senden --ocr arbeitsplatz` does, and only archived and indexed on
//! the server). Prints latency p50/p99 per kind, errors and the process's RSS every tenth of the
//! run. Run by `bench/server-load.sh`.
//!
//! Usage: load [PAGES] [CLIENTS] [SECONDS] [--library DIR] [--reuse] [--ingest]
//! [--ingest-recognised] [--think-ms MS]
//! (`AKTENSCAN_READERS=N` sets the server's readers, as `serve --readers N` does.)

use aktenscan_core::{AccountInput, Workspace};
use aktenscan_model::{
    BBox, Block, Clearance, Confidentiality, Line, OcrFacts, Orientation, PageText, Role, Scope,
    TextSource, Word,
};
use aktenscan_store::{Library, NewPage, NewRecord};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// The allocator of `aktenscan serve` (see the `aktenscan` binary), so the server in this
/// process allocates as the real one does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error + Send + Sync>;

const OFFICES: [&str; 5] = [
    "Bauamt",
    "Hauptamt",
    "Ordnungsamt",
    "Kämmerei",
    "Standesamt",
];
const PASSWORD: &str = "Last-Test-Passwort-1";
const PAGES_PER_DOCUMENT: usize = 10;
const DOCUMENTS_PER_RECORD: usize = 5;

/// Administrative words, drawn by a skewed distribution so that some are on many pages.
const WORDS: &[&str] = &[
    "Antrag",
    "Bauantrag",
    "Baugenehmigung",
    "Bescheid",
    "Widerspruch",
    "Gemeinderat",
    "Sitzung",
    "Protokoll",
    "Beschluss",
    "Satzung",
    "Straßenreinigung",
    "Winterdienst",
    "Grundstück",
    "Flurstück",
    "Gemarkung",
    "Eigentümer",
    "Nachbar",
    "Garage",
    "Wohnhaus",
    "Kanalisation",
    "Abwasser",
    "Trinkwasser",
    "Gebühr",
    "Beitrag",
    "Haushalt",
    "Rechnung",
    "Gewerbe",
    "Anmeldung",
    "Abmeldung",
    "Schankerlaubnis",
    "Friedhof",
    "Grabstelle",
    "Schule",
    "Kindergarten",
    "Feuerwehr",
    "Bürgermeister",
    "Verwaltung",
    "Landkreis",
    "Saalekreis",
    "Schkopau",
    "Korbetha",
    "Lochau",
    "Döllnitz",
    "Raßnitz",
    "Ermlitz",
    "Lindenstraße",
    "Hauptstraße",
    "Kirchweg",
    "Bahnhofstraße",
    "Gartenweg",
    "Vermessung",
    "Denkmalschutz",
    "Bebauungsplan",
    "Flächennutzungsplan",
    "Erschließung",
    "Vertrag",
    "Pacht",
    "Miete",
    "Kaufvertrag",
    "Grundbuch",
    "Vollmacht",
    "Zeugnis",
    "Stellungnahme",
    "der",
    "die",
    "das",
    "und",
    "mit",
    "von",
    "für",
    "auf",
    "den",
    "dem",
    "wird",
    "ist",
];

/// A small deterministic random source (xorshift), so every run builds the same library.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Skewed towards the first entries (about Zipf).
    fn word(&mut self) -> &'static str {
        let a = self.next() % WORDS.len() as u64;
        let b = self.next() % WORDS.len() as u64;
        WORDS[a.min(b) as usize]
    }
}

fn page_text(rng: &mut Rng, width: u32, height: u32) -> PageText {
    let mut lines = Vec::new();
    for l in 0..30u32 {
        let words = (0..10u32)
            .map(|w| Word {
                text: rng.word().to_string(),
                bbox: BBox::new(50 + w * 150, 60 + l * 60, 140, 40),
                confidence: 90.0,
            })
            .collect();
        lines.push(Line {
            bbox: BBox::new(50, 60 + l * 60, 1500, 40),
            words,
        });
    }
    PageText {
        width,
        height,
        blocks: vec![Block {
            bbox: BBox::new(50, 60, 1500, 1800),
            lines,
        }],
    }
}

/// Writes a library of `pages` generated pages (one stored image shared by all: the files are
/// content-addressed), records spread over five offices.
fn build(root: &Path, pages: usize) -> Result<(), Error> {
    let image = std::fs::read("samples/bauakte-1987/02-schreiben.jpg").map_err(|e| {
        format!("samples/bauakte-1987/02-schreiben.jpg (run from the repository): {e}")
    })?;
    let mut lib = Library::open(root)?;
    let image = lib.put_file(&image, "jpg")?;
    let pdf = lib.put_file(b"%PDF-1.7\n% load benchmark placeholder\n%%EOF\n", "pdf")?;
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let documents = pages.div_ceil(PAGES_PER_DOCUMENT);
    let started = Instant::now();
    let mut record = String::new();
    for d in 0..documents {
        if d.is_multiple_of(DOCUMENTS_PER_RECORD) {
            let n = d / DOCUMENTS_PER_RECORD;
            record = lib
                .create_record(&NewRecord {
                    title: format!("Akte {n}: {} {}", rng.word(), rng.word()),
                    aktenzeichen: Some(format!("632.10/{}-{:03}", 1950 + n % 70, n % 1000)),
                    aktenplan_unit: None,
                    office: Some(OFFICES[n % OFFICES.len()].to_string()),
                })?
                .id;
        }
        let doc = lib.add_document(
            &record,
            (d % DOCUMENTS_PER_RECORD) as i64 + 1,
            &format!("Schreiben {d}"),
            "generated",
            &image,
            PAGES_PER_DOCUMENT as i64,
        )?;
        for p in 1..=PAGES_PER_DOCUMENT {
            let text = page_text(&mut rng, 1654, 2339);
            let plain = text.plain_text();
            let text_file = lib.put_file(plain.as_bytes(), "txt")?;
            lib.add_page(&NewPage {
                document_id: doc.id.clone(),
                page_no: p as i64,
                image: image.clone(),
                width: 1654,
                height: 2339,
                dpi: (200.0, 200.0),
                origin: "generated".into(),
                facts: OcrFacts {
                    source: TextSource::Ocr {
                        model: "deu".into(),
                    },
                    orientation: Orientation::Upright,
                    orientation_confidence: None,
                    skew_degrees: 0.0,
                    script: None,
                    mean_confidence: Some(90.0),
                    ocr_ms: 0,
                },
                alto: text_file.clone(),
                text_file,
                text,
            })?;
        }
        lib.complete_document(&doc.id, &pdf)?;
        if (d + 1).is_multiple_of((documents / 10).max(1)) {
            eprintln!(
                "built {} of {pages} pages ({:.0} s)",
                (d + 1) * PAGES_PER_DOCUMENT,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: BufReader<TcpStream>,
    token: String,
}

impl Client {
    fn connect(addr: SocketAddr) -> Result<Client, Error> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Client {
            stream: BufReader::new(stream),
            token: String::new(),
        })
    }

    /// Signs in as `name` (the bench's password); the session's token is kept and returned.
    fn sign_in(&mut self, name: &str) -> Result<String, Error> {
        let (status, body) = self.request(
            "POST",
            "/api/anmelden",
            &format!(r#"{{"name":"{name}","passwort":"{PASSWORD}"}}"#),
        )?;
        if status != 200 {
            return Err(format!("sign-in of {name}: {status}").into());
        }
        let answer: serde_json::Value = serde_json::from_slice(&body)?;
        self.token = answer["token"].as_str().unwrap_or_default().to_string();
        Ok(self.token.clone())
    }

    /// Sends a JSON request and reads the whole answer; returns the status and body.
    fn request(&mut self, method: &str, path: &str, body: &str) -> Result<(u16, Vec<u8>), Error> {
        self.send(method, path, "application/json", body.as_bytes())
    }

    /// Sends a request with a body of any type and reads the whole answer.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<(u16, Vec<u8>), Error> {
        let auth = if self.token.is_empty() {
            String::new()
        } else {
            format!("Authorization: Bearer {}\r\n", self.token)
        };
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\n{auth}Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        self.stream.get_mut().write_all(head.as_bytes())?;
        self.stream.get_mut().write_all(body)?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse()?;
                }
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok((status, body))
    }
}

/// One of the sample scans a workstation sends, with what it recognised of it (or not).
struct Scan {
    name: String,
    bytes: Vec<u8>,
    recognised: Option<String>,
    /// How long the workstation took to recognise it: it sends the next scan no sooner.
    recognition: Duration,
}

/// The sample Bauakte's scans, each recognised here first when `recognise` (the JSON that a
/// workstation sends along; a scan it cannot recognise goes without, as at a desk).
fn sample_scans(recognise: bool) -> Result<Vec<Scan>, Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("samples/bauakte-1987")?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let started = Instant::now();
            let recognised = if recognise {
                let done = aktenscan_pipeline::recognise_files(
                    std::slice::from_ref(path),
                    &aktenscan_pipeline::Settings::default(),
                    &mut |_| {},
                );
                done.into_iter().flatten().next()
            } else {
                None
            };
            let recognition = started.elapsed();
            if recognise {
                eprintln!(
                    "the workstation recognised {name} in {:.1} s{}",
                    recognition.as_secs_f64(),
                    if recognised.is_some() {
                        ""
                    } else {
                        " (failed: the server recognises it)"
                    }
                );
            }
            Ok(Scan {
                name,
                bytes: std::fs::read(path)?,
                recognised: recognised.map(|r| serde_json::to_string(&r)).transpose()?,
                recognition,
            })
        })
        .collect()
}

/// A scan with the workstation's recognition as one `multipart/form-data` body (`datei`, then
/// `erkennung`), as `aktenscan senden --ocr arbeitsplatz` sends it; its content type and bytes.
fn multipart(scan: &Scan, recognised: &str) -> (String, Vec<u8>) {
    let boundary = "aktenscan-last-0123456789";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
        scan.name
    )
    .into_bytes();
    body.extend_from_slice(&scan.bytes);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"erkennung\"\r\nContent-Type: application/json\r\n\r\n{recognised}\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A query parameter's value, every byte but letters and digits as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The process's resident memory in MB: `(all, anonymous)`. The difference is files mapped and
/// read (tantivy's index segments, in the page cache either way); the anonymous part is what
/// the server and the clients allocated.
fn rss_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("RssAnon:"))
}

struct Measured {
    search: Vec<f64>,
    view: Vec<f64>,
    errors: usize,
}

fn main() -> Result<(), Error> {
    // As `aktenscan` does before anything else: one OpenMP thread per recognised page, or the
    // workstation's scans spin OpenMP teams beside the searches (a third of the machine).
    aktenscan_ocr::restart_with_single_threaded_openmp();
    let args: Vec<String> = std::env::args().collect();
    let positional: Vec<usize> = args.iter().skip(1).map_while(|a| a.parse().ok()).collect();
    let pages = positional.first().copied().unwrap_or(100_000);
    let clients = positional.get(1).copied().unwrap_or(32);
    let seconds = positional.get(2).copied().unwrap_or(60) as u64;
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let think_ms: u64 = option("--think-ms")
        .map(|v| v.parse())
        .transpose()?
        .unwrap_or(0);
    let root = option("--library")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("aktenscan-load-library"));
    if !args.iter().any(|a| a == "--reuse") {
        if root.exists() {
            std::fs::remove_dir_all(&root)?;
        }
        build(&root, pages)?;
    }
    let mut ws = Workspace::open(&root)?;
    let started = Instant::now();
    let indexed = ws.reindex(&mut |_, _| {})?;
    eprintln!(
        "indexed {indexed} pages in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    ws.set_account(&AccountInput {
        name: "leser".into(),
        role: Role::Leser,
        password: Some(PASSWORD.into()),
        clearance: Clearance {
            ceiling: Confidentiality::Offen,
            personal_data: false,
            scope: Scope::Granted {
                offices: OFFICES[..3].iter().map(|s| s.to_string()).collect(),
                units: Vec::new(),
            },
        },
        disabled: false,
    })?;
    ws.set_account(&AccountInput {
        name: "erfassung".into(),
        role: Role::Sachbearbeiter,
        password: Some(PASSWORD.into()),
        clearance: Clearance {
            ceiling: Confidentiality::Offen,
            personal_data: false,
            scope: Scope::Everything,
        },
        disabled: false,
    })?;
    // The workstation's scans go into a record of their own each run, as a clerk scans a file
    // into its record (a record that grew with every run would make each run's storing
    // dearer than the one before).
    let target = Library::open(&root)?
        .create_record(&NewRecord {
            title: "Eingang des Arbeitsplatzes".into(),
            aktenzeichen: None,
            aktenplan_unit: None,
            office: Some(OFFICES[0].to_string()),
        })?
        .id;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut options =
            aktenscan_server::ServerOptions::new("127.0.0.1:0".parse().expect("address"));
        if let Some(n) = std::env::var("AKTENSCAN_READERS")
            .ok()
            .and_then(|n| n.parse().ok())
        {
            options.readers = n;
        }
        if let Err(e) = aktenscan_server::serve(ws, options, move |addr| {
            let _ = tx.send(addr);
        }) {
            eprintln!("server: {e}");
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(60))?;

    // A workstation sending the sample scans into a record meanwhile, one after the other;
    // with `--ingest-recognised` each with what the workstation recognised of it. A workstation
    // recognises on its own processor, not the server's: here, before the clock starts.
    let desk_recognises = args.iter().any(|a| a == "--ingest-recognised");
    let scans = sample_scans(desk_recognises)?;
    let stop = Arc::new(AtomicBool::new(false));
    let ingest = desk_recognises || args.iter().any(|a| a == "--ingest");
    let ingester = ingest.then(|| {
        let stop = stop.clone();
        std::thread::spawn(move || -> Result<(usize, Vec<f64>), Error> {
            let mut client = Client::connect(addr)?;
            client
                .stream
                .get_ref()
                .set_read_timeout(Some(Duration::from_secs(600)))?;
            client.sign_in("erfassung")?;
            let (mut stored, mut took) = (0, Vec::new());
            let mut last_sent = Instant::now();
            'sending: while !stop.load(Ordering::Relaxed) {
                for scan in &scans {
                    // A workstation that recognises sends a scan as soon as it has recognised
                    // it: no sooner than its recognition after the one before.
                    if scan.recognised.is_some() {
                        let due = last_sent + scan.recognition;
                        while Instant::now() < due && !stop.load(Ordering::Relaxed) {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        break 'sending;
                    }
                    last_sent = Instant::now();
                    let path = format!(
                        "/api/akten/{target}/dokumente?name={}",
                        percent_encoded(&scan.name)
                    );
                    let began = Instant::now();
                    let (status, body) = match &scan.recognised {
                        None => {
                            client.send("POST", &path, "application/octet-stream", &scan.bytes)?
                        }
                        Some(recognised) => {
                            let (content_type, body) = multipart(scan, recognised);
                            client.send("POST", &path, &content_type, &body)?
                        }
                    };
                    let name = &scan.name;
                    if status != 201 {
                        return Err(format!(
                            "sending {name}: {status} {}",
                            String::from_utf8_lossy(&body)
                        )
                        .into());
                    }
                    took.push(began.elapsed().as_secs_f64() * 1000.0);
                    stored += 1;
                }
            }
            Ok((stored, took))
        })
    });

    let rss_before = rss_mb();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let rss_samples = std::thread::spawn(move || {
        let mut samples = Vec::new();
        for _ in 0..10 {
            std::thread::sleep(Duration::from_secs(seconds) / 10);
            samples.push(rss_mb());
        }
        samples
    });
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || -> Result<Measured, Error> {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((c as u64 + 1) * 0x1000_0001));
                let mut client = Client::connect(addr)?;
                let token = client.sign_in("leser")?;
                let mut m = Measured {
                    search: Vec::new(),
                    view: Vec::new(),
                    errors: 0,
                };
                while Instant::now() < deadline {
                    if think_ms > 0 {
                        // A person reads before she searches again: a pause of 0 to twice the
                        // mean, drawn anew each time.
                        let pause = rng.next() % (2 * think_ms + 1);
                        std::thread::sleep(Duration::from_millis(pause));
                    }
                    let query = if rng.next().is_multiple_of(2) {
                        rng.word().to_string()
                    } else {
                        format!("{} {}", rng.word(), rng.word())
                    };
                    let began = Instant::now();
                    let path = format!("/api/suche?q={}", percent_encoded(&query));
                    let Ok((status, body)) = client.request("GET", &path, "") else {
                        m.errors += 1;
                        client = Client::connect(addr)?;
                        client.token = token.clone();
                        continue;
                    };
                    m.search.push(began.elapsed().as_secs_f64() * 1000.0);
                    if status != 200 {
                        m.errors += 1;
                        continue;
                    }
                    // Every third search, the first hit is opened.
                    if !rng.next().is_multiple_of(3) {
                        continue;
                    }
                    let result: serde_json::Value = serde_json::from_slice(&body)?;
                    let Some(hit) = result["hits"].get(0) else {
                        continue;
                    };
                    let path = format!(
                        "/api/dokumente/{}/seiten/{}/bild",
                        hit["document_id"].as_str().unwrap_or_default(),
                        hit["page"]
                    );
                    let began = Instant::now();
                    match client.request("GET", &path, "") {
                        Ok((200, _)) => m.view.push(began.elapsed().as_secs_f64() * 1000.0),
                        _ => m.errors += 1,
                    }
                }
                Ok(m)
            })
        })
        .collect();
    let mut search = Vec::new();
    let mut view = Vec::new();
    let mut errors = 0;
    for w in workers {
        match w.join() {
            Ok(Ok(m)) => {
                search.extend(m.search);
                view.extend(m.view);
                errors += m.errors;
            }
            Ok(Err(e)) => {
                eprintln!("client: {e}");
                errors += 1;
            }
            Err(_) => errors += 1,
        }
    }
    stop.store(true, Ordering::Relaxed);
    let ingests = ingester.map(|h| match h.join() {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            eprintln!("workstation: {e}");
            errors += 1;
            (0, Vec::new())
        }
        Err(_) => (0, Vec::new()),
    });
    let rss = rss_samples.join().unwrap_or_default();
    search.sort_by(f64::total_cmp);
    view.sort_by(f64::total_cmp);
    println!(
        "{indexed} pages, {clients} clients for {seconds} s over loopback ({}), a Leser cleared for 3 of 5 offices; {}\n",
        if think_ms > 0 {
            format!("each pausing {think_ms} ms on average between searches")
        } else {
            "each sending its next request at once".to_string()
        },
        match &ingests {
            Some((n, _)) => format!(
                "a workstation sent the sample scans meanwhile, one after the other ({n} stored), {}",
                if desk_recognises {
                    "with what it had recognised of them (the server archives and indexes)"
                } else {
                    "for the server to recognise"
                }
            ),
            None => "no ingest meanwhile".to_string(),
        }
    );
    println!("| request | count | per second | p50 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    let mut sent = ingests.map(|(_, took)| took).unwrap_or_default();
    sent.sort_by(f64::total_cmp);
    let mut rows = vec![("search (+ facets, total)", &search), ("page image", &view)];
    if !sent.is_empty() {
        rows.push(("scan sent by the workstation (until searchable)", &sent));
    }
    for (name, t) in rows {
        println!(
            "| {name} | {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms |",
            t.len(),
            t.len() as f64 / seconds as f64,
            percentile(t, 0.5),
            percentile(t, 0.99),
            percentile(t, 1.0)
        );
    }
    let tenths = |part: fn(&(f64, f64)) -> f64| {
        rss.iter()
            .map(|m| format!("{:.0}", part(m)))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    println!(
        "\nerrors: {errors}; RSS of the process (server and clients) {:.0} MB before, at each tenth: {} MB",
        rss_before.0,
        tenths(|m| m.0)
    );
    println!(
        "of which allocated (anonymous, not mapped index files) {:.0} MB before, at each tenth: {} MB",
        rss_before.1,
        tenths(|m| m.1)
    );
    std::process::exit(0);
}
