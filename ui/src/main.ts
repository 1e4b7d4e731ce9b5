// Entry of the window: loads the settings (language), builds the header, the navigation and the
// six screens, and switches between them.
import "./style.css";
import { api, failureMessage } from "./api";
import { el, showMessage } from "./dom";
import { setLanguage, t, type Key } from "./i18n";
import { reloadRecords } from "./state";
import { mountSearch } from "./screens/search";
import { mountCapture } from "./screens/capture";
import { mountMetadata } from "./screens/metadata";
import { mountReview } from "./screens/review";
import { mountExport } from "./screens/export";
import { mountSettings } from "./screens/settings";

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

async function start(): Promise<void> {
  const app = document.getElementById("app");
  if (!app) return;
  try {
    const s = await api.getSettings();
    setLanguage(s.settings.language);
  } catch {
    setLanguage("de");
  }
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
    ),
    nav,
    error,
    main,
  );

  const views = new Map<string, { section: HTMLElement; button: HTMLButtonElement; show: () => void }>();
  for (const screen of SCREENS) {
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

document.addEventListener("DOMContentLoaded", () => void start());
