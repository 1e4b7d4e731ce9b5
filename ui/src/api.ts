// Typed calls of the Rust commands (src-tauri/src/commands.rs, ingest.rs) and their events.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Hit } from "./hits";
import type { PageEdit } from "./pages";

export interface Failure {
  message: string;
  fields: { field: string; message: string }[];
}

export interface DocumentView {
  id: string;
  title: string;
  doc_type: string | null;
  doc_date: string | null;
  pages: number;
  status: "complete" | "ingesting" | string;
}

export interface RecordView {
  id: string;
  aktenzeichen: string | null;
  title: string;
  aktenplan_unit: string | null;
  laufzeit_from: string | null;
  laufzeit_to: string | null;
  office: string | null;
  confidentiality: string;
  retention_years: number | null;
  retention_unlimited: boolean;
  personal_data: boolean;
  remark: string | null;
  documents: DocumentView[];
}

export interface PageView {
  page: number;
  width: number;
  height: number;
  mean_confidence: number | null;
  /// The clerk's rotation in clockwise degrees.
  rotation: number;
  /// Clockwise quarter turn that shows the stored image upright (what recognition found plus
  /// the clerk's rotation); the word boxes are in the stored image's pixels.
  display_rotation: number;
}

export interface ScanCheck {
  document_id: string;
  checked_by: string;
  checked_at: string;
  scope: string;
  anomalies: string | null;
  rescanned: string | null;
}

export interface DocumentDetail {
  document: DocumentView;
  record_id: string;
  record_title: string;
  pages: PageView[];
  checks: ScanCheck[];
}

export interface PagesEdited {
  document: DocumentDetail;
  new_document: string | null;
  done: string;
  index_warning: string | null;
}

export interface SearchResults {
  total: number;
  took_ms: number;
  hits: Hit[];
  facets: Record<"jahr" | "plan" | "amt" | "typ", Record<string, number>>;
}

export type ExportOutcome =
  | { status: "written"; prozess_id: string; zip: string; zip_sha256: string; documents: string[] }
  | { status: "refused"; message: string; missing: { akte: string; problems: string[] }[] };

export interface ScannerProfile {
  device: string | null;
  resolution: number | null;
  mode: string | null;
  source: string | null;
}

export interface AppSettings {
  library: string | null;
  jobs: number | null;
  language: string | null;
  /// null or "auto": per page by script; else a model such as "deu", "frk", "deu+frk".
  ocr_lang: string | null;
  hot_folder: string | null;
  scanner: ScannerProfile;
}

export interface SettingsView {
  settings: AppSettings;
  library_path: string | null;
  library_from_env: boolean;
  cores: number;
  ocr_models: string[];
}

export interface AktenplanEntry {
  kennzeichen: string;
  titel: string;
  aufbewahrung?: string | null;
}

export interface Aktenplan {
  name: string;
  description: string | null;
  entries: AktenplanEntry[];
  /// The built-in sample plan (the library has no aktenplan.json).
  sample: boolean;
}

export interface DocumentForm {
  title: string;
  doc_type: string;
  doc_date: string;
}

export interface IngestProgress {
  kind: "planned" | "page" | "document" | "failed";
  pages_done: number;
  pages_total: number;
  documents_total: number;
  file: string | null;
  document_id: string | null;
  error: string | null;
}

export interface IngestFinished {
  report: {
    record_id: string;
    documents: { id: string; source: string; pages: number }[];
    failed: { path: string; error: string }[];
    pages_processed: number;
    cancelled: boolean;
  } | null;
  error: string | null;
}

/// The message of whatever a command rejected with.
export function failureMessage(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as Failure).message);
  return String(e);
}

export const api = {
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
  updateRecord: (id: string, form: unknown) => invoke<RecordView>("update_record", { id, form }),
  updateDocument: (id: string, form: DocumentForm) => invoke<DocumentView>("update_document", { id, form }),
  aktenplan: () => invoke<Aktenplan>("get_aktenplan"),
  saveDocumentPdf: (id: string, dest: string) => invoke<string>("save_document_pdf", { id, dest }),
  openDocumentPdf: (id: string) => invoke<string>("open_document_pdf", { id }),
  checkDocument: (id: string, marks: { page: number; ok: boolean }[], note: string) =>
    invoke<ScanCheck>("check_document", { id, marks, note }),
  exportRecords: (records: string[], format: string, out: string) =>
    invoke<ExportOutcome>("export_records", { records, format, out }),
  getSettings: () => invoke<SettingsView>("get_settings"),
  saveSettings: (settings: AppSettings) => invoke<SettingsView>("save_settings", { settings }),
  startIngest: (paths: string[], recordId: string | null, title: string | null, aktenzeichen: string | null) =>
    invoke<void>("start_ingest", { paths, recordId, title, aktenzeichen }),
  cancelIngest: () => invoke<boolean>("cancel_ingest"),
  onProgress: (f: (p: IngestProgress) => void): Promise<UnlistenFn> =>
    listen<IngestProgress>("ingest-progress", (e) => f(e.payload)),
  onFinished: (f: (p: IngestFinished) => void): Promise<UnlistenFn> =>
    listen<IngestFinished>("ingest-finished", (e) => f(e.payload)),
};
