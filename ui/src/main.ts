// Entry of the window: loads the settings (language), builds the header, the navigation and the
// six screens, and switches between them. In a browser (against `aktenscan serve`), and in the app
// whose library is a server address, it asks for the sign-in first and offers what the server
// serves to the person's role: Suchen; Erfassen and Metadaten to clerks; Prüfen and Export to
// archivists; Konten to administrators.
import "./style.css";
import { api, connectToServer, failureMessage, inApp, remote } from "./api";
import { el, showMessage } from "./dom";
import { setLanguage, t, type Key } from "./i18n";
import { windowListeners } from "./listeners";
import { reloadRecords } from "./state";
import { mountSearch } from "./screens/search";
import { mountCapture } from "./screens/capture";
import { mountMetadata } from "./screens/metadata";
import { mountReview } from "./screens/review";
import { mountExport } from "./screens/export";
import { mountSettings } from "./screens/settings";
import { mountSignIn } from "./screens/signin";
import { mountSend } from "./screens/send";
import { mountAccounts } from "./screens/accounts";
import { passwordChanger } from "./screens/password";
import { onSignedOut, signOut, whoAmI, type Person } from "./remote";

interface Screen {
  id: string;
  label: Key;
  mount: (root: HTMLElement) => { show: () => void };
}

const SCREENS: Screen[] = [
  { id: "suchen", label: "nav.search", mount: mountSearch },
  { id: "erfassen", label: "nav.capture", mount: mountCapture },
  { id: "metadaten", label: "nav.metadata", mount: mountMetadata },
  { id: "pruefen", label: "nav.review", mount: mountReview },
  { id: "export", label: "nav.export", mount: mountExport },
  { id: "einstellungen", label: "nav.settings", mount: mountSettings },
];

/// The screens a browser gets for what the server says her role may (`rechte`): searching and
/// viewing for all; sending files and describing records for Sachbearbeiter; the Sichtkontrolle
/// and the export for Archivar; the accounts for Administrator (the server checks each request
/// again). The app adds its own Einstellungen.
function browserScreens(person: Person | null): Screen[] {
  const may = (what: string) => person?.rechte?.includes(what) ?? false;
  const screens: Screen[] = [{ id: "suchen", label: "nav.search", mount: mountSearch }];
  if (may("erfassen")) screens.push({ id: "erfassen", label: "nav.capture", mount: mountSend });
  if (may("beschreiben")) screens.push({ id: "metadaten", label: "nav.metadata", mount: mountMetadata });
  if (may("pruefen")) screens.push({ id: "pruefen", label: "nav.review", mount: mountReview });
  if (may("exportieren")) screens.push({ id: "export", label: "nav.export", mount: mountExport });
  if (may("konten")) screens.push({ id: "konten", label: "nav.accounts", mount: mountAccounts });
  // The app's own settings (this desk's OCR, scanner, hot folder, which library), also where its
  // library is a server.
  if (inApp) screens.push({ id: "einstellungen", label: "nav.settings", mount: mountSettings });
  return screens;
}

async function start(): Promise<void> {
  const app = document.getElementById("app");
  if (!app) return;
  if (!remote) {
    let server: string | undefined;
    try {
      const s = await api.getSettings();
      setLanguage(s.settings.language);
      server = s.server;
    } catch {
      setLanguage("de");
    }
    if (!server) {
      build(app, null);
      return;
    }
    // The library is a server: the app signs in there and works over its API, as a browser.
    connectToServer(server);
  } else {
    setLanguage(new URLSearchParams(window.location.search).get("lang") ?? "de");
  }
  const signIn = (expired: boolean) =>
    mountSignIn(app, (person) => build(app, person), expired);
  onSignedOut(() => signIn(true));
  const person = await whoAmI();
  if (person) build(app, person);
  else signIn(false);
}

/// The window itself; `person` is who signed in at the server (`null` in the app).
function build(app: HTMLElement, person: Person | null): void {
  // The screens of a window built before (signed in again) listen no more.
  void windowListeners.endAll();
  app.replaceChildren();
  const libraryPath = el("span", { class: "path", "data-testid": "library-path" }, "…");
  const error = el("p", { class: "message message-error", role: "alert" });
  error.hidden = true;
  const nav = el("nav", { "aria-label": t("app.nav"), class: "tabs" });
  const main = el("main", { id: "inhalt", tabindex: "-1" });
  app.append(
    el("a", { class: "skip", href: "#inhalt" }, t("app.skip")),
    el(
      "header",
      { class: "app-header" },
      el("h1", {}, t("app.title")),
      el("p", { class: "library" }, `${t("app.library")}: `, libraryPath),
      ...(person ? [signedInAs(person)] : []),
    ),
    nav,
    error,
    main,
  );

  const views = new Map<string, { section: HTMLElement; button: HTMLButtonElement; show: () => void }>();
  for (const screen of remote ? browserScreens(person) : SCREENS) {
    const section = el("section", { id: `screen-${screen.id}`, "aria-labelledby": `heading-${screen.id}` });
    section.hidden = true;
    main.append(section);
    const button = el("button", { type: "button", "data-testid": `nav-${screen.id}` }, t(screen.label));
    button.addEventListener("click", () => show(screen.id));
    nav.append(button);
    const { show: onShow } = screen.mount(section);
    views.set(screen.id, { section, button, show: onShow });
  }
  const show = (id: string) => {
    for (const [key, v] of views) {
      const active = key === id;
      v.section.hidden = !active;
      if (active) v.button.setAttribute("aria-current", "page");
      else v.button.removeAttribute("aria-current");
    }
    views.get(id)?.show();
  };
  show("suchen");

  api
    .libraryPath()
    .then((p) => (libraryPath.textContent = p))
    .catch((e) => showMessage(error, t("common.error", { message: failureMessage(e) }), "error"));
  reloadRecords()
    // For bench/app.sh: the moment the first frame with the records listed is drawn.
    .then(() => requestAnimationFrame(() => performance.mark("aktenscan:records-listed")))
    .catch((e) => showMessage(error, t("common.error", { message: failureMessage(e) }), "error"));
}

/// "Angemeldet als …", the sign-out button and her own password, with a note on what the
/// browser offers.
function signedInAs(person: Person): HTMLElement {
  const out = el("button", { type: "button", "data-testid": "sign-out" }, t("app.signOut"));
  out.addEventListener("click", async () => {
    // The desk's hot folder sends under this session: it stops with it.
    if (inApp) await api.stopWatch().catch(() => undefined);
    await signOut();
    window.location.reload();
  });
  return el(
    "div",
    { class: "person" },
    el("span", { "data-testid": "signed-in-as" }, t("app.signedInAs", { name: person.name, role: person.rolle }), " "),
    out,
    passwordChanger(),
    el("p", { class: "help" }, t("app.browserNote")),
  );
}

document.addEventListener("DOMContentLoaded", () => void start());
