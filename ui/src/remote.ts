// The window in a browser, talking to `aktenscan serve` over its JSON API (docs/api/openapi.yaml)
// instead of to the app's Rust commands: the same calls, mapped to and from the server's answers.
import type {
  DocumentDetail,
  DocumentView,
  Failure,
  FieldProblem,
  PageView,
  RecordView,
  SearchResults,
} from "./generated/api";

/// Who is signed in, as `/api/ich` and `/api/anmelden` say.
export interface Person {
  name: string;
  rolle: string;
  csrf: string;
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
const signedOutListeners: (() => void)[] = [];

/// Called when the server says the session has ended (expired, signed out elsewhere).
export function onSignedOut(f: () => void): void {
  signedOutListeners.push(f);
}

export function signedIn(): Person | null {
  return person;
}

/// A request to the server; a refusal becomes a `Failure` with the server's German message.
async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && person) headers["X-Aktenscan-CSRF"] = person.csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (e) {
    throw failure(`Der Server antwortet nicht: ${String(e)}`);
  }
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  let fields: FieldProblem[] = [];
  try {
    const json = await response.json();
    if (typeof json.fehler === "string") message = json.fehler;
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
    for (const f of signedOutListeners) f();
  }
  throw { message, fields } satisfies Failure;
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

/// The session of this browser, if the cookie still holds one.
export async function whoAmI(): Promise<Person | null> {
  try {
    person = await json<Person>("GET", "/api/ich");
  } catch {
    person = null;
  }
  return person;
}

export async function signIn(name: string, passwort: string): Promise<Person> {
  const answer = await json<Person>("POST", "/api/anmelden", { name, passwort });
  person = { name: answer.name, rolle: answer.rolle, csrf: answer.csrf };
  return person;
}

export async function signOut(): Promise<void> {
  await call("POST", "/api/abmelden").catch(() => undefined);
  person = null;
}

/// What a browser cannot do (capture, scanning, settings of the workstation): refused plainly.
const unavailable = (): Promise<never> =>
  Promise.reject(failure("Im Browser nicht verfügbar: dafür die Aktenscan-App am Arbeitsplatz verwenden."));

export const remoteCalls = {
  libraryPath: async () => window.location.host,
  listRecords: async (): Promise<RecordView[]> => {
    const records = await json<ServerRecord[]>("GET", "/api/akten");
    return records.map(({ dokumente, ...record }) => ({
      ...record,
      documents: dokumente.map(documentView),
    }));
  },
  document: async (document: string): Promise<DocumentDetail> => {
    const d = await json<{ dokument: ServerDocument; akte: { id: string; titel: string }; seiten: ServerPage[] }>(
      "GET",
      `/api/dokumente/${id(document)}`,
    );
    const pages: PageView[] = d.seiten.map((p) => ({
      page: p.seite,
      width: p.breite,
      height: p.hoehe,
      mean_confidence: p.konfidenz,
      rotation: p.drehung,
      display_rotation: p.drehung_anzeige,
    }));
    return { document: documentView(d.dokument), record_id: d.akte.id, record_title: d.akte.titel, pages, checks: [] };
  },
  pageImage: (document: string, page: number) => bytes(`/api/dokumente/${id(document)}/seiten/${page}/bild`),
  search: (query: string, filters: string[], limit = 50): Promise<SearchResults> => {
    const params = new URLSearchParams({ q: query, limit: String(Math.min(limit, 100)) });
    for (const f of filters) params.append("filter", f);
    return json<SearchResults>("GET", `/api/suche?${params}`);
  },
  /// The PDF/A: the browser downloads it (the server logs the download under the person).
  saveDocumentPdf: async (document: string): Promise<string> => {
    download(`/api/dokumente/${id(document)}/pdf`);
    return "";
  },
  unavailable,
};

function download(href: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = "";
  document.body.append(a);
  a.click();
  a.remove();
}
