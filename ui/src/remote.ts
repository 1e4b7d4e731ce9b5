// The window in a browser, talking to `aktenscan serve` over its JSON API (docs/api/openapi.yaml)
// instead of to the app's Rust commands: the same calls, mapped to and from the server's answers.
// The desktop app whose library is a server address does the same across origins, with the
// session as a bearer token held in memory only (no cookie).
import type {
  AccountView,
  Aktenplan,
  Clearance,
  Role,
  Decided,
  Decision,
  DocumentDetail,
  DocumentForm,
  DocumentView,
  ExportOutcome,
  Failure,
  FieldProblem,
  PageEdit,
  PageMark,
  PagesEdited,
  PageView,
  RecordForm,
  RecordSuggestions,
  RecordView,
  ScanCheck,
  SearchResults,
} from "./generated/api";

/// Who is signed in, as `/api/ich` and `/api/anmelden` say.
export interface Person {
  name: string;
  rolle: string;
  csrf: string;
  /// The most bytes of one file sent into a record.
  sendegrenze?: number;
  /// What her role may do, as the server says (`suchen`, `erfassen`, `beschreiben`, `pruefen`,
  /// `exportieren`, …).
  rechte?: string[];
}

/// A record as the server lists it: the window's fields, the documents under `dokumente`.
type ServerRecord = Omit<RecordView, "documents"> & { dokumente: ServerDocument[] };

/// The server's document as its lists show it.
interface ServerDocument {
  id: string;
  title: string;
  doc_type: string | null;
  doc_date: string | null;
  page_count: number;
  status: DocumentView["status"];
}

interface ServerPage {
  seite: number;
  breite: number;
  hoehe: number;
  drehung: number;
  drehung_anzeige: number;
  konfidenz: number | null;
}

let person: Person | null = null;
/// The server's address when the window is the desktop app's (`""`: the page's own server).
let base = "";
/// The app's session token (the browser's is its HttpOnly cookie instead).
let token: string | null = null;

/// Makes the window a client of the server at `url` (the app whose library is a server).
export function useServer(url: string): void {
  base = url.replace(/\/+$/, "");
}

/// The headers of a request: the bearer token (app) or the CSRF token of a change (browser).
function authHeaders(method: string): Record<string, string> {
  if (token) return { Authorization: `Bearer ${token}` };
  return method !== "GET" && person ? { "X-Aktenscan-CSRF": person.csrf } : {};
}
const signedOutListeners: (() => void)[] = [];

/// Called when the server says the session has ended (expired, signed out elsewhere).
export function onSignedOut(f: () => void): void {
  signedOutListeners.push(f);
}

export function signedIn(): Person | null {
  return person;
}

/// The app's session token, for the app's own scan that sends its batch to the server.
export function sessionToken(): string | null {
  return token;
}

/// A request to the server; a refusal becomes a `Failure` with the server's German message.
async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders(method) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: base ? "omit" : "same-origin",
    });
  } catch (e) {
    throw failure(`Der Server antwortet nicht: ${String(e)}`);
  }
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  let fields: FieldProblem[] = [];
  let missing: unknown;
  try {
    const json = await response.json();
    if (typeof json.fehler === "string") message = json.fehler;
    if (Array.isArray(json.fehlend)) missing = json.fehlend;
    if (Array.isArray(json.felder)) {
      fields = json.felder.map((f: { feld: string; meldung: string }) => ({
        field: f.feld,
        message: f.meldung,
        key: null,
        params: {},
      }));
    }
  } catch {
    // not JSON: the status says it
  }
  if (response.status === 401 && path !== "/api/anmelden" && person) {
    person = null;
    token = null;
    for (const f of signedOutListeners) f();
  }
  const refusal: Failure & { missing?: unknown } = { message, fields };
  if (missing) refusal.missing = missing;
  throw refusal;
}

function failure(message: string): Failure {
  return { message, fields: [] };
}

const json = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
  (await call(method, path, body)).json() as Promise<T>;

const bytes = async (path: string): Promise<ArrayBuffer> => (await call("GET", path)).arrayBuffer();

const id = (s: string) => encodeURIComponent(s);

function documentView(d: ServerDocument): DocumentView {
  return {
    id: d.id,
    title: d.title,
    doc_type: d.doc_type,
    doc_date: d.doc_date,
    pages: d.page_count,
    status: d.status,
  };
}

/// The session of this browser, if the cookie still holds one (the app starts signed out).
export async function whoAmI(): Promise<Person | null> {
  if (base && !token) return null;
  try {
    person = await json<Person>("GET", "/api/ich");
  } catch {
    person = null;
  }
  return person;
}

export async function signIn(name: string, passwort: string): Promise<Person> {
  const answer = await json<Person & { token: string }>("POST", "/api/anmelden", { name, passwort });
  person = {
    name: answer.name,
    rolle: answer.rolle,
    csrf: answer.csrf,
    sendegrenze: answer.sendegrenze,
    rechte: answer.rechte,
  };
  if (base) token = answer.token;
  return person;
}

export async function signOut(): Promise<void> {
  await call("POST", "/api/abmelden").catch(() => undefined);
  person = null;
  token = null;
}

/// An account as `/api/konten` lists it (an administrator's view; never a password).
export type Account = AccountView;
export type { Clearance };

/// What an administrator sets of an account; without `passwort` the present one stays.
export interface AccountForm {
  rolle: Role;
  passwort?: string;
  freigabe: Clearance;
  gesperrt: boolean;
  /// A new account: refused when one of the name exists.
  neu?: boolean;
}

export const listAccounts = () => json<Account[]>("GET", "/api/konten");

export const saveAccount = (name: string, form: AccountForm) =>
  json<Account>("PUT", `/api/konten/${id(name)}`, form);

/// Her own password: the present one first; her other sessions end, this one stays.
export async function changePassword(bisher: string, neu: string): Promise<void> {
  await call("POST", "/api/ich/passwort", { bisher, neu });
}

/// What the server says of a file it stored.
export interface Sent {
  akte: string;
  dokumente: { id: string; seiten: number }[];
  fehler: { datei: string; grund: string }[];
}

/// Sends one file into a record; the answer comes once it is recognised and searchable.
/// Aborting stops the transfer, and the server keeps nothing of the file.
export async function sendFile(record: string, file: File, signal: AbortSignal): Promise<Sent> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/octet-stream",
    ...authHeaders("POST"),
  };
  let response: Response;
  try {
    response = await fetch(`${base}/api/akten/${id(record)}/dokumente?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      headers,
      body: file,
      credentials: base ? "omit" : "same-origin",
      signal,
    });
  } catch (e) {
    throw failure(signal.aborted ? "abgebrochen" : `Der Server antwortet nicht: ${String(e)}`);
  }
  if (response.ok) return (await response.json()) as Sent;
  let message = `${response.status} ${response.statusText}`;
  try {
    const answer = await response.json();
    if (typeof answer.fehler === "string") message = answer.fehler;
  } catch {
    // not JSON: the status says it
  }
  throw failure(message);
}

/// What a browser cannot do (scanning, the page strip, settings of the workstation): refused
/// plainly.
const unavailable = (): Promise<never> =>
  Promise.reject(failure("Im Browser nicht verfügbar: dafür die Aktenscan-App am Arbeitsplatz verwenden."));

export const remoteCalls = {
  libraryPath: async () => base || window.location.host,
  listRecords: async (): Promise<RecordView[]> => {
    const records = await json<ServerRecord[]>("GET", "/api/akten");
    return records.map(({ dokumente, ...record }) => ({
      ...record,
      documents: dokumente.map(documentView),
    }));
  },
  document: async (document: string): Promise<DocumentDetail> => {
    const d = await json<{
      dokument: ServerDocument;
      akte: { id: string; titel: string };
      seiten: ServerPage[];
      pruefungen: ScanCheck[];
    }>("GET", `/api/dokumente/${id(document)}`);
    const pages: PageView[] = d.seiten.map((p) => ({
      page: p.seite,
      width: p.breite,
      height: p.hoehe,
      mean_confidence: p.konfidenz,
      rotation: p.drehung,
      display_rotation: p.drehung_anzeige,
    }));
    return {
      document: documentView(d.dokument),
      record_id: d.akte.id,
      record_title: d.akte.titel,
      pages,
      checks: d.pruefungen,
    };
  },
  pageImage: (document: string, page: number) => bytes(`/api/dokumente/${id(document)}/seiten/${page}/bild`),
  pageThumbnail: (document: string, page: number) =>
    bytes(`/api/dokumente/${id(document)}/seiten/${page}/vorschau`),
  pageText: async (document: string, page: number): Promise<string> =>
    (await call("GET", `/api/dokumente/${id(document)}/seiten/${page}/text`)).text(),
  aktenplan: () => json<Aktenplan>("GET", "/api/aktenplan"),
  suggestRecord: (record: string) => json<RecordSuggestions>("GET", `/api/akten/${id(record)}/vorschlaege`),
  decideSuggestions: (record: string, decisions: Decision[]) =>
    json<Decided>("POST", `/api/akten/${id(record)}/vorschlaege`, decisions),
  /// The record's fields (Sachbearbeiter and above); the answer is the record as stored now.
  updateRecord: async (record: string, form: RecordForm): Promise<RecordView> => {
    await call("PUT", `/api/akten/${id(record)}`, form);
    const r = await json<{ akte: Omit<RecordView, "documents">; dokumente: ServerDocument[] }>(
      "GET",
      `/api/akten/${id(record)}`,
    );
    return { ...r.akte, documents: r.dokumente.map(documentView) };
  },
  updateDocument: async (document: string, form: DocumentForm): Promise<DocumentView> =>
    documentView((await json<{ dokument: ServerDocument }>("PUT", `/api/dokumente/${id(document)}`, form)).dokument),
  /// A page moved, turned, taken out, or the document split (Sachbearbeiter and above): the
  /// server writes the PDF/A anew; the answer is the document as it is now.
  editPages: async (document: string, edit: PageEdit): Promise<PagesEdited> => {
    const done = await json<{ erledigt: string; neues_dokument: string | null; index_warnung: string | null }>(
      "POST",
      `/api/dokumente/${id(document)}/seiten`,
      edit,
    );
    return {
      document: await remoteCalls.document(document),
      new_document: done.neues_dokument,
      done: done.erledigt,
      index_warning: done.index_warnung,
    };
  },
  /// The Sichtkontrolle, stored under the signed-in person's name (Archivar and above).
  checkDocument: (document: string, marks: PageMark[], note: string): Promise<ScanCheck> =>
    json<ScanCheck>("POST", `/api/dokumente/${id(document)}/sichtkontrolle`, {
      seiten: marks.map((m) => ({ seite: m.page, ok: m.ok })),
      notiz: note,
    }),
  /// The xdomea package, built on the server and downloaded as a ZIP (Archivar and above); a
  /// record that is not ready comes back with what it lacks, and nothing is written.
  exportRecords: async (records: string[], format: string): Promise<ExportOutcome> => {
    let response: Response;
    try {
      response = await call("POST", "/api/export", { akten: records, format });
    } catch (e) {
      const missing = (e as Failure & { missing?: { akte: string; probleme: string[] }[] }).missing;
      if (!missing) throw e;
      return {
        status: "refused",
        message: (e as Failure).message,
        missing: missing.map((m) => ({ akte: m.akte, problems: m.probleme })),
      };
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.zip";
    const href = URL.createObjectURL(await response.blob());
    download(href, name);
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return {
      status: "written",
      prozess_id: response.headers.get("X-Aktenscan-Prozess-Id") ?? "",
      zip: name,
      zip_sha256: response.headers.get("X-Aktenscan-Sha256") ?? "",
      documents: Number(response.headers.get("X-Aktenscan-Dokumente") ?? 0),
    };
  },
  search: (query: string, filters: string[], limit = 50): Promise<SearchResults> => {
    const params = new URLSearchParams({ q: query, limit: String(Math.min(limit, 100)) });
    for (const f of filters) params.append("filter", f);
    return json<SearchResults>("GET", `/api/suche?${params}`);
  },
  /// The PDF/A: the browser downloads it (the server logs the download under the person).
  saveDocumentPdf: async (document: string): Promise<string> => {
    const path = `/api/dokumente/${id(document)}/pdf`;
    if (!token) {
      download(path);
      return "";
    }
    // The app's session is no cookie: fetch with the token, hand the bytes over as a file.
    const href = URL.createObjectURL(new Blob([await bytes(path)], { type: "application/pdf" }));
    download(href, `${document}.pdf`);
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return "";
  },
  unavailable,
};

function download(href: string, name = ""): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}
