// Generated from the Rust types by src-tauri/src/api_types.rs: do not edit.
// `AKTENSCAN_WRITE_TYPES=1 cargo test -p aktenscan-app api_types` writes it anew.

export type Failure = { message: string, 
/**
 * (field name as the form knows it, German message).
 */
fields: Array<FieldProblem>, };

export type FieldProblem = { field: string, 
/**
 * In German.
 */
message: string, 
/**
 * The message's key in the window's catalogues (`ui/src/i18n/`), so the window shows it in
 * its language; `None` for a message that has no key yet.
 */
key: string | null, params: { [key in string]: string }, };

export type RecordView = { documents: Array<DocumentView>, id: string, aktenzeichen: string | null, title: string, aktenplan_unit: string | null, 
/**
 * The first date of the Laufzeit (both ends are set together; see [`RecordRow::laufzeit`]).
 */
laufzeit_from: string | null, laufzeit_to: string | null, office: string | null, confidentiality: "001" | "002" | "003" | "004" | "005", personal_data: boolean, remark: string | null, created_at: string, updated_at: string, 
/**
 * xdomea Aussonderungsart (schema v2).
 */
aussonderungsart: "A" | "B" | "V" | null, 
/**
 * xdomea Bewertungsvorschlag (schema v2).
 */
bewertungsvorschlag: "A" | "V" | null, 
/**
 * Standort of the paper original (schema v2).
 */
location: string | null, 
/**
 * What became of the paper original, e.g. "vernichtet nach Ablauf der Frist" (schema v2).
 */
paper_original: string | null, retention_years: number | null, retention_unlimited: boolean, };

export type DocumentView = { id: string, title: string, doc_type: string | null, doc_date: string | null, pages: number, 
/**
 * The store's state: `ingesting` or `complete`.
 */
status: "ingesting" | "complete", };

export type PageView = { page: number, width: number, height: number, mean_confidence: number | null, 
/**
 * The clerk's rotation in clockwise degrees (0, 90, 180, 270).
 */
rotation: number, 
/**
 * Clockwise quarter turn (0, 90, 180, 270) that shows the stored image upright: what
 * recognition found plus the clerk's rotation. The word boxes are in pixels of the stored
 * image.
 */
display_rotation: number, };

export type ScanCheck = { document_id: string, checked_by: string, checked_at: string, 
/**
 * `vollständig` (every page) or `Stichprobe` (a sample).
 */
scope: string, 
/**
 * Anomalies found; `None` means none.
 */
anomalies: string | null, 
/**
 * Pages scanned again after the check, e.g. "2, 5".
 */
rescanned: string | null, };

export type DocumentDetail = { document: DocumentView, record_id: string, record_title: string, pages: Array<PageView>, checks: Array<ScanCheck>, };

export type PagesEdited = { document: DocumentDetail, new_document: string | null, 
/**
 * What was done, in German (for the status line and screen readers).
 */
done: string, index_warning: string | null, };

export type PageEdit = { "op": "move", from: number, to: number, } | { "op": "rotate", page: number, degrees: number, } | { "op": "delete", page: number, } | { "op": "split_at", page: number, };

export type SearchResults = { 
/**
 * Pages matching in all, counted up to [`COUNT_BOUND`].
 */
total: number, 
/**
 * Whether `total` is every match; `false`: more than `total` pages match, and the facets
 * count the first `total` of them.
 */
total_exact: boolean, took_ms: number, hits: Array<Hit>, facets: Facets, };

export type Hit = { record_id: string, document_id: string, page: number, 
/**
 * Relevance; `None` when sorted by date.
 */
score: number | null, title: string, aktenzeichen: string | null, 
/**
 * Text around the first match, matched words in `<mark>…</mark>`, the rest HTML-escaped.
 */
snippet: string, 
/**
 * `[x, y, w, h]` in pixels of the stored page image, one per matched word.
 */
boxes: Array<[number, number, number, number]>, };

export type Facets = { jahr: { [key in string]: number }, 
/**
 * By Aktenplan main group (the first digit).
 */
plan: { [key in string]: number }, amt: { [key in string]: number }, typ: { [key in string]: number }, };

export type ExportOutcome = { "status": "written", prozess_id: string, zip: string, zip_sha256: string, 
/**
 * How many primary documents the package holds.
 */
documents: number, } | { "status": "refused", message: string, missing: Array<MissingView>, };

export type MissingView = { akte: string, problems: Array<string>, };

export type ScannerProfile = { 
/**
 * SANE device, e.g. `fujitsu:fi-7160:12345`.
 */
device: string | null, 
/**
 * Resolution in dpi (TR-RESISCAN: at least 300 for text).
 */
resolution: number | null, 
/**
 * `Color`, `Gray` or `Lineart`.
 */
mode: string | null, 
/**
 * Paper source, e.g. `ADF Duplex`, `Flatbed`.
 */
source: string | null, 
/**
 * Paper size (the scan area), empty for the device's default.
 */
page_size: PageSize | null, };

export type AppSettings = { 
/**
 * The library folder; empty means "the default folder".
 */
library: string | null, 
/**
 * Pages recognised in parallel; empty means one per core.
 */
jobs: number | null, 
/**
 * UI language: `de` or `en`.
 */
language: string | null, 
/**
 * OCR model: empty or `auto` chooses per page by script (`deu`, Fraktur `frk`); else a
 * fixed model such as `deu`, `frk` or `deu+frk`.
 */
ocr_lang: string | null, 
/**
 * The hot folder (`aktenscan watch --folder`), empty for none.
 */
hot_folder: string | null, 
/**
 * How to scan: device and its options.
 */
scanner: ScannerProfile, 
/**
 * Where pages scanned for a record on the server are recognised: on the server (empty) or
 * at this desk (`arbeitsplatz`, its text sent with the pages). `AKTENSCAN_OCR` overrides.
 */
ocr_place: OcrPlace | null, };

export type SettingsView = { settings: AppSettings, 
/**
 * The library folder in use.
 */
library_path: string | null, 
/**
 * `AKTENSCAN_LIBRARY` is set and wins over the settings.
 */
library_from_env: boolean, 
/**
 * The library is `aktenscan serve` at this address (`https://…`): the window signs in
 * there and works over its API; the app opens no folder.
 */
server?: string, 
/**
 * The number of cores (the default for OCR jobs).
 */
cores: number, 
/**
 * The installed OCR models (`deu`, `frk`, …).
 */
ocr_models: Array<string>, };

export type AktenplanEntry = { kennzeichen: string, titel: string, aufbewahrung?: string, };

export type Aktenplan = { name: string, description: string | null, entries: Array<AktenplanEntry>, 
/**
 * `true` for the built-in sample plan (the library has no `aktenplan.json`).
 */
sample: boolean, };

export type RecordForm = { aktenzeichen: string, title: string, 
/**
 * `1987..1994`, `1987-03..1994-11-30` or one date; empty clears.
 */
laufzeit: string, office: string, aktenplan_unit: string, 
/**
 * xdomea code 001–005.
 */
confidentiality: string, 
/**
 * Years, `unbefristet`, or empty.
 */
retention: string, personal_data: boolean, remark: string, };

export type DocumentForm = { title: string, doc_type: string, doc_date: string, };

export type PageMark = { page: number, 
/**
 * `true`: "in Ordnung"; `false`: "neu scannen".
 */
ok: boolean, };

export type SendStep = { 
/**
 * The file as chosen (its full path).
 */
file: string, state: "recognised" | "not_recognised" | "sending" | "stored" | "failed", 
/**
 * Why it was not recognised here or not stored (German); empty otherwise.
 */
detail: string, 
/**
 * The pages stored of it.
 */
pages: number, 
/**
 * The last document made of it (for the page strip).
 */
document: string | null, };

export type SendFinished = { stored: number, total: number, cancelled: boolean, 
/**
 * Why nothing could be sent at all (German), e.g. the right to the record.
 */
error: string | null, };

export type AccountView = { name: string, rolle: Role, freigabe: Clearance, gesperrt: boolean, 
/**
 * It signs in by the town hall's directory (LDAP): its role and clearance come from its
 * groups at each sign-in, its password is the directory's.
 */
verzeichnis: boolean, angelegt: string, geaendert: string, };

export type Clearance = { 
/**
 * The most sensitive Vertraulichkeitsstufe she may see, by [`sensitivity`]: offen < NfD <
 * vertraulich < geheim < streng geheim.
 */
ceiling: "001" | "002" | "003" | "004" | "005", 
/**
 * Whether she may see records with personal data (Personenbezug).
 */
personal_data: boolean, 
/**
 * Which records, by office and Aktenplan unit.
 */
scope: Scope, };

export type Scope = "everything" | { "granted": { offices: Array<string>, units: Array<string>, } };

export type Role = "leser" | "sachbearbeiter" | "archivar" | "administrator";

export type IngestProgress = { 
/**
 * `planned`, `page`, `searchable` (a document's pages are indexed), `document` (its PDF/A
 * is written too) or `failed`.
 */
kind: "planned" | "page" | "searchable" | "document" | "failed", pages_done: number, pages_total: number, documents_total: number, 
/**
 * The file concerned, if any.
 */
file: string | null, 
/**
 * The finished document, for `document`.
 */
document_id: string | null, 
/**
 * Why a file was not taken, for `failed`.
 */
error: string | null, };

export type IngestFinished = { report: IngestReport | null, error: string | null, };

export type IngestReport = { record_id: string, job_id: string, documents: Array<DocumentReport>, failed: Array<IngestFailure>, 
/**
 * Pages recognised and stored in this run (not counting pages stored by an earlier run).
 */
pages_processed: number, 
/**
 * The run stopped early on request; the job can be resumed.
 */
cancelled: boolean, 
/**
 * For a split batch: separator sheets and dropped blank pages.
 */
split?: SplitReport, };

export type DocumentReport = { id: string, source: string, pages: number, };

export type IngestFailure = { path: string, error: string, };

export type SplitReport = { 
/**
 * Separator sheets: `kind` (`blank`, `barcode`, `cover`), their pages, barcode text.
 */
separators: Array<SeparatorSheet>, 
/**
 * Blank pages left out (blank back sides in duplex).
 */
dropped_blank: Array<DroppedPage>, };

export type SeparatorSheet = { 
/**
 * The sheet's sides (one in simplex, two in duplex).
 */
pages: Array<PageRef>, 
/**
 * `blank`, `barcode` or `cover`.
 */
kind: string, barcode: string | null, aktenzeichen: string | null, 
/**
 * Index of the document it starts (`None` when no document followed).
 */
before_document: number | null, };

export type DroppedPage = { page: PageRef, ink: number, 
/**
 * Index of the document whose sheet it belonged to.
 */
document: number | null, };

export type PageRef = { path: string, page_index: number, };

export type ScannerView = { 
/**
 * The SANE device name (`test:0`), what a scan names.
 */
name: string, 
/**
 * Vendor and model, as the clerk knows the machine.
 */
label: string, };

export type ScanForm = { device: string, resolution: number, mode: string | null, source: string | null, page_size: PageSize | null, 
/**
 * Into this record; else a new one with `title` and `aktenzeichen`.
 */
record_id: string | null, title: string | null, aktenzeichen: string | null, 
/**
 * Separator sheets (blank or with a barcode) start a new document.
 */
separators: boolean, 
/**
 * Further scanner options as `NAME=VALUE`, separated by `;` (names as `scanimage -A`
 * shows them), for what the choices above do not cover.
 */
options: string, };

export type ScanPage = { kind: "scanned" | "recognised" | "sending", 
/**
 * 1-based, in scan order.
 */
page: number, 
/**
 * The page's file in the library's `scans/` folder (for `scan_thumbnail`).
 */
file: string, error: string | null, };

export type ScanFinished = { 
/**
 * What was stored, unless nothing could be.
 */
report: IngestReport | null, 
/**
 * The pages' files in scan order (to mark separator sheets and dropped sides).
 */
files: Array<string>, 
/**
 * `complete`, `cancelled` or `stopped: …`.
 */
end: string | null, 
/**
 * Why the scanner stopped early and what to do now (German), when it did.
 */
advice: string | null, 
/**
 * Why nothing was stored (German), when nothing was.
 */
error: string | null, 
/**
 * What the server stored of the batch, where the library is a server.
 */
sent?: SentView, };

export type SentView = { record_id: string, 
/**
 * The documents made, with their page counts.
 */
documents: Array<SentDocument>, 
/**
 * Pages the server could not read, with the reason.
 */
failed: Array<string>, };

export type SentDocument = { id: string, pages: number, };

export type DeviceChoices = { 
/**
 * The paper sizes that fit the scan area.
 */
page_sizes: Array<PageSize>, 
/**
 * Resolutions in dpi: the device's list, or the usual ones within its range.
 */
resolutions: Array<number>, 
/**
 * Colour modes in the device's words (`Gray`, `Color`, `Lineart`, …).
 */
modes: Array<string>, 
/**
 * Paper sources in the device's words (`Flatbed`, `Automatic Document Feeder`, …).
 */
sources: Array<string>, 
/**
 * The largest scan area in mm, when the device says.
 */
max_width_mm: number | null, max_height_mm: number | null, 
/**
 * The device's current settings (its defaults right after opening).
 */
resolution: number | null, mode: string | null, source: string | null, };

export type PageSize = "A3" | "A4" | "A5" | "A6" | "Letter" | "Legal";

export type OcrPlace = "server" | "arbeitsplatz";

export type WatchEntry = { 
/**
 * When (UTC).
 */
at: string, kind: "taken" | "stored" | "failed" | "note", file: string | null, 
/**
 * The record made, or why the file was set aside, or the note (German).
 */
detail: string, };

export type WatchState = { running: boolean, folder: string | null, 
/**
 * The record on the server each file goes into (where the library is a server).
 */
record: string | null, entries: Array<WatchEntry>, 
/**
 * Why the watcher stopped on its own, when it did (German).
 */
error: string | null, };

export type RecordSuggestions = { record_id: string, suggestions: Array<Suggestion>, documents: Array<DocumentSuggestions>, };

export type DocumentSuggestions = { document_id: string, suggestions: Array<Suggestion>, 
/**
 * The cues of personal data found in this document.
 */
personal_data: Array<Finding>, };

export type Suggestion = { 
/**
 * The form field (`doc_date`, `doc_type`, `title`, `aktenzeichen`, `aktenplan_unit`,
 * `laufzeit`, `personal_data`).
 */
field: string, 
/**
 * The value as the form takes it (`1987-04-21`, `Bescheid`, `1987..1998`, `ja`).
 */
value: string, 
/**
 * 0.0 to 1.0.
 */
confidence: number, 
/**
 * Why, in German.
 */
reason: string, evidence: Array<Evidence>, };

export type Evidence = { 
/**
 * The document whose page it is.
 */
document: string, page: number, text: string, boxes: Array<{ x: number, y: number, w: number, h: number }>, };

export type Finding = { cue: Cue, evidence: Evidence, };

export type Cue = "birth_date" | "private_address" | "person_name" | "iban" | "tax_id" | "social_security_number" | "health";

export type Decision = { 
/**
 * The document the suggestion is for; `None` for a record field.
 */
document_id: string | null, field: string, 
/**
 * The suggested value as the form takes it.
 */
value: string, 
/**
 * `true`: Übernehmen; `false`: Verwerfen.
 */
accept: boolean, };

export type Decided = { accepted: number, refused: number, };
