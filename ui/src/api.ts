// Typed calls of the Rust commands (src-tauri/src/commands.rs, ingest.rs) and their events.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { PageEdit } from "./generated/api";
import { windowListeners } from "./listeners";
import { remoteCalls, sessionToken, useServer } from "./remote";

/// Listens to an event of the Rust side for as long as this window is built.
const on = <T>(event: string, f: (payload: T) => void): Promise<UnlistenFn> =>
  windowListeners.add(listen<T>(event, (e) => f(e.payload)));

// The types of what the commands take and give are generated from the Rust types
// (src-tauri/src/api_types.rs), so that the two cannot drift.
import { translate } from "./i18n";
import type {
  Aktenplan,
  AppSettings,
  DocumentDetail,
  DocumentForm,
  Decided,
  Decision,
  DeviceChoices,
  DocumentView,
  ExportOutcome,
  Failure,
  FieldProblem,
  IngestFinished,
  IngestProgress,
  PageMark,
  PagesEdited,
  RecordForm,
  RecordSuggestions,
  RecordView,
  ScanCheck,
  ScanFinished,
  ScanForm,
  ScannerView,
  ScanPage,
  SearchResults,
  SendFinished,
  SendStep,
  SettingsView,
  WatchEntry,
  WatchState,
} from "./generated/api";
export type * from "./generated/api";

/// The message of whatever a command rejected with.
export function failureMessage(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as Failure).message);
  return String(e);
}

/// Each refused field's message in the window's language (the backend names its catalogue key;
/// a message without one is shown as the backend wrote it), by field name.
export function fieldMessages(e: unknown): Record<string, string> {
  const fields = (e && typeof e === "object" && "fields" in e ? (e as Failure).fields : null) ?? [];
  return Object.fromEntries(
    fields.map((p: FieldProblem) => [p.field, (p.key && translate(p.key, p.params)) || p.message]),
  );
}

/// True where the window talks to `aktenscan serve`: in a browser, or in the app whose library is
/// a server address (after [`connectToServer`]).
export let remote = typeof window !== "undefined" && !("__TAURI_INTERNALS__" in window);

const local = {
  libraryPath: () => invoke<string>("library_path"),
  listRecords: () => invoke<RecordView[]>("list_records"),
  document: (id: string) => invoke<DocumentDetail>("get_document", { id }),
  pageText: (document: string, page: number) => invoke<string>("page_text", { document, page }),
  pageImage: (document: string, page: number) =>
    invoke<ArrayBuffer>("page_image", { document, page }),
  pageThumbnail: (document: string, page: number) =>
    invoke<ArrayBuffer>("page_thumbnail", { document, page }),
  editPages: (document: string, edit: PageEdit) => invoke<PagesEdited>("edit_pages", { document, edit }),
  search: (query: string, filters: string[], limit = 50) =>
    invoke<SearchResults>("search", { query, filters, limit }),
  updateRecord: (id: string, form: RecordForm) => invoke<RecordView>("update_record", { id, form }),
  updateDocument: (id: string, form: DocumentForm) => invoke<DocumentView>("update_document", { id, form }),
  aktenplan: () => invoke<Aktenplan>("get_aktenplan"),
  saveDocumentPdf: (id: string, dest: string) => invoke<string>("save_document_pdf", { id, dest }),
  openDocumentPdf: (id: string) => invoke<string>("open_document_pdf", { id }),
  checkDocument: (id: string, marks: PageMark[], note: string) =>
    invoke<ScanCheck>("check_document", { id, marks, note }),
  exportRecords: (records: string[], format: string, out: string) =>
    invoke<ExportOutcome>("export_records", { records, format, out, token: null as string | null }),
  getSettings: () => invoke<SettingsView>("get_settings"),
  saveSettings: (settings: AppSettings) => invoke<SettingsView>("save_settings", { settings }),
  startIngest: (paths: string[], recordId: string | null, title: string | null, aktenzeichen: string | null) =>
    invoke<void>("start_ingest", { paths, recordId, title, aktenzeichen }),
  cancelIngest: () => invoke<boolean>("cancel_ingest"),
  listScanners: () => invoke<ScannerView[]>("list_scanners"),
  scannerChoices: (device: string) => invoke<DeviceChoices>("scanner_choices", { device }),
  scanThumbnail: (file: string) => invoke<ArrayBuffer>("scan_thumbnail", { file }),
  startScan: (form: ScanForm) => invoke<void>("start_scan", { form, token: null as string | null }),
  cancelScan: () => invoke<boolean>("cancel_scan"),
  startWatch: (folder: string | null, record: string | null = null) =>
    invoke<WatchState>("start_watch", { folder, record, token: null as string | null }),
  stopWatch: () => invoke<WatchState>("stop_watch"),
  watchState: () => invoke<WatchState>("watch_state"),
  onWatchEntry: (f: (e: WatchEntry) => void): Promise<UnlistenFn> =>
    on<WatchEntry>("hotfolder-entry", f),
  onWatchState: (f: (s: WatchState) => void): Promise<UnlistenFn> =>
    on<WatchState>("hotfolder-state", f),
  sendFiles: (paths: string[], record: string) =>
    invoke<void>("send_files", { paths, record, token: null as string | null }),
  cancelSend: () => invoke<boolean>("cancel_send"),
  onSendStep: (f: (s: SendStep) => void): Promise<UnlistenFn> => on<SendStep>("send-file", f),
  onSendFinished: (f: (s: SendFinished) => void): Promise<UnlistenFn> =>
    on<SendFinished>("send-finished", f),
  suggestRecord: (id: string) => invoke<RecordSuggestions>("suggest_record", { id }),
  decideSuggestions: (record: string, decisions: Decision[]) =>
    invoke<Decided>("decide_suggestions", { record, decisions }),
  onScanPage: (f: (p: ScanPage) => void): Promise<UnlistenFn> =>
    on<ScanPage>("scan-page", f),
  onScanFinished: (f: (p: ScanFinished) => void): Promise<UnlistenFn> =>
    on<ScanFinished>("scan-finished", f),
  onProgress: (f: (p: IngestProgress) => void): Promise<UnlistenFn> =>
    on<IngestProgress>("ingest-progress", f),
  onFinished: (f: (p: IngestFinished) => void): Promise<UnlistenFn> =>
    on<IngestFinished>("ingest-finished", f),
};

export type Api = typeof local;

/// In a browser: what the server offers, mapped to the same calls; the rest is refused with
/// a plain message (capture, scanning and settings belong to the workstation's app).
function inBrowser(): Api {
  const refused = Object.fromEntries(
    Object.keys(local).map((name) =>
      name.startsWith("on") ? [name, () => Promise.resolve(() => undefined)] : [name, remoteCalls.unavailable],
    ),
  ) as unknown as Api;
  return { ...refused, ...remoteCalls };
}

export let api: Api = remote ? inBrowser() : local;

/// True in the desktop app (also when its library is a server): the desk's scanner is at hand.
export const inApp = typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;

/// The app's library is the server at `url`: from now on every call goes there, as in a browser,
/// except the desk's scanner and hot folder (the app scans or takes the files here and sends them
/// to the server) and the export's package (built on the server, saved into a folder here).
export function connectToServer(url: string): void {
  useServer(url);
  remote = true;
  api = {
    ...inBrowser(),
    listScanners: local.listScanners,
    scannerChoices: local.scannerChoices,
    scanThumbnail: local.scanThumbnail,
    startScan: (form: ScanForm) => invoke<void>("start_scan", { form, token: sessionToken() }),
    // The server builds the package; the app saves it into the folder chosen at the desk.
    exportRecords: (records: string[], format: string, out: string) =>
      invoke<ExportOutcome>("export_records", { records, format, out, token: sessionToken() }),
    cancelScan: local.cancelScan,
    onScanPage: local.onScanPage,
    onScanFinished: local.onScanFinished,
    // The desk's hot folder, each file sent into the record chosen in Erfassen.
    startWatch: (folder: string | null, record: string | null = null) =>
      invoke<WatchState>("start_watch", { folder, record, token: sessionToken() }),
    stopWatch: local.stopWatch,
    watchState: local.watchState,
    // Files chosen at this desk, recognised here or on the server as Einstellungen say.
    sendFiles: (paths: string[], record: string) => invoke<void>("send_files", { paths, record, token: sessionToken() }),
    cancelSend: local.cancelSend,
    onSendStep: local.onSendStep,
    onSendFinished: local.onSendFinished,
    // This desk's settings (its OCR, scanner, hot folder, and which library it uses).
    getSettings: local.getSettings,
    saveSettings: local.saveSettings,
    onWatchEntry: local.onWatchEntry,
    onWatchState: local.onWatchState,
  };
}
