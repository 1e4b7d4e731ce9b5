// "Suchen": search field with results as you type, facet sidebar, results grouped by document
// with marked snippets, and the viewer with the hits outlined and next/previous hit.
import { save } from "@tauri-apps/plugin-dialog";
import { api, failureMessage, remote, type SearchResults } from "../api";
import { el, showMessage } from "../dom";
import { facetFilter, groupHits, snippetParts, stepHit, type Hit } from "../hits";
import { pages, t, type Key } from "../i18n";
import { latestOnly } from "../schedule";
import { currentRecords, onRecords, recordLabel } from "../state";
import { createViewer } from "./viewer";

const FACETS: ["jahr" | "plan" | "amt" | "typ", Key][] = [
  ["jahr", "search.facet.jahr"],
  ["plan", "search.facet.plan"],
  ["amt", "search.facet.amt"],
  ["typ", "search.facet.typ"],
];

export function mountSearch(root: HTMLElement): { show: () => void } {
  const input = el("input", {
    type: "search",
    id: "search-input",
    "data-testid": "search-input",
    placeholder: t("search.placeholder"),
    autocomplete: "off",
    spellcheck: "false",
  });
  const summary = el("p", { class: "summary", role: "status" }, t("search.hint"));
  const error = el("p", { role: "alert" });
  error.hidden = true;
  const facets = el("aside", { class: "facets", "aria-label": t("search.facets") });
  const results = el("div", { class: "results" });
  const viewer = createViewer(true);
  const position = el("span", { class: "position", role: "status" });
  const prev = el("button", { type: "button", "data-testid": "prev-hit" }, t("viewer.prev"));
  const next = el("button", { type: "button", "data-testid": "next-hit" }, t("viewer.next"));
  const pdfOpen = el("button", { type: "button", "data-testid": "pdf-open" }, t("viewer.pdfOpen"));
  const pdfSave = el("button", { type: "button", "data-testid": "pdf-save" }, t("viewer.pdfSave"));
  pdfOpen.disabled = pdfSave.disabled = true;
  // In a browser the PDF/A is downloaded (one button); the app opens or saves a copy.
  pdfOpen.hidden = remote;
  if (remote) pdfSave.textContent = t("viewer.pdfDownload");
  const pdfMessage = el("p", { role: "status", "data-testid": "pdf-message" });
  pdfMessage.hidden = true;
  const viewerPane = el(
    "section",
    { class: "viewer-pane", "aria-label": t("viewer.heading") },
    el("div", { class: "toolbar" }, prev, position, next),
    el("div", { class: "toolbar viewer-actions" }, pdfOpen, pdfSave),
    pdfMessage,
    viewer.root,
  );
  root.append(
    el("h2", { id: "heading-suchen", class: "visually-hidden" }, t("search.heading")),
    el("div", { class: "search-bar" }, el("label", { for: "search-input" }, t("search.label")), input),
    summary,
    error,
    el("div", { class: "search-layout" }, facets, results, viewerPane),
  );

  const filters = new Set<string>();
  let hits: Hit[] = [];
  let current = -1;
  let sequence = 0;
  const resultButtons: HTMLButtonElement[] = [];

  const openHit = (index: number) => {
    if (index < 0 || index >= hits.length) return;
    current = index;
    const hit = hits[index];
    resultButtons.forEach((b, i) => b.setAttribute("aria-current", i === index ? "true" : "false"));
    position.textContent = t("viewer.position", { n: index + 1, total: hits.length });
    pdfOpen.disabled = pdfSave.disabled = false;
    pdfMessage.hidden = true;
    void viewer.open(hit.document_id, hit.page, hit.title, hit.boxes);
  };
  // "PDF öffnen": a read-only copy in the system's PDF viewer; "PDF speichern": a copy where the
  // clerk chooses, written whole or not at all.
  const currentHit = () => (current >= 0 && current < hits.length ? hits[current] : null);
  pdfOpen.addEventListener("click", async () => {
    const hit = currentHit();
    if (!hit) return;
    try {
      await api.openDocumentPdf(hit.document_id);
      showMessage(pdfMessage, t("viewer.pdfOpened"), "info");
    } catch (e) {
      showMessage(pdfMessage, t("common.error", { message: failureMessage(e) }), "error");
    }
  });
  pdfSave.addEventListener("click", async () => {
    const hit = currentHit();
    if (!hit) return;
    if (remote) {
      await api.saveDocumentPdf(hit.document_id, "");
      showMessage(pdfMessage, t("viewer.pdfDownloaded"), "ok");
      return;
    }
    try {
      const dest = await save({
        defaultPath: `${hit.title.replace(/[\\/:*?"<>|]+/g, "_")}.pdf`,
        filters: [{ name: "PDF/A", extensions: ["pdf"] }],
      });
      if (!dest) return;
      const written = await api.saveDocumentPdf(hit.document_id, dest);
      showMessage(pdfMessage, t("viewer.pdfSaved", { path: written }), "ok");
    } catch (e) {
      showMessage(pdfMessage, t("common.error", { message: failureMessage(e) }), "error");
    }
  });
  prev.addEventListener("click", () => openHit(stepHit(hits.length, current, -1)));
  next.addEventListener("click", () => openHit(stepHit(hits.length, current, +1)));

  const renderFacets = (r: SearchResults) => {
    facets.replaceChildren(el("h3", {}, t("search.facets")));
    for (const [name, label] of FACETS) {
      const values = Object.entries(r.facets[name] ?? {});
      if (values.length === 0) continue;
      const set = el("fieldset", {}, el("legend", {}, t(label)));
      for (const [value, count] of values) {
        const expr = facetFilter(name, value);
        const box = el("input", { type: "checkbox", "data-testid": "facet" });
        box.checked = filters.has(expr);
        box.addEventListener("change", () => {
          if (box.checked) filters.add(expr);
          else filters.delete(expr);
          void schedule();
        });
        set.append(el("label", { class: "check" }, box, ` ${value} (${count})`));
      }
      facets.append(set);
    }
    if (filters.size > 0) {
      const clear = el("button", { type: "button" }, t("search.clearFilters"));
      clear.addEventListener("click", () => {
        filters.clear();
        void schedule();
      });
      facets.append(clear);
    }
  };

  const renderResults = (r: SearchResults) => {
    hits = groupHits(r.hits).flatMap((g) => g.hits);
    resultButtons.length = 0;
    const list = el("ol", { class: "groups" });
    let index = 0;
    for (const group of groupHits(r.hits)) {
      const items = el("ul", { class: "hits" });
      for (const hit of group.hits) {
        const i = index++;
        const snippet = el("span", { class: "snippet" });
        for (const part of snippetParts(hit.snippet)) {
          snippet.append(part.marked ? el("mark", {}, part.text) : document.createTextNode(part.text));
        }
        const button = el(
          "button",
          { type: "button", class: "hit", "data-testid": "search-result" },
          el("span", { class: "hit-page" }, t("search.pageHit", { page: hit.page })),
          snippet,
        );
        button.addEventListener("click", () => openHit(i));
        resultButtons.push(button);
        items.append(el("li", {}, button));
      }
      list.append(
        el(
          "li",
          { class: "group" },
          el("h3", {}, group.title, group.aktenzeichen ? el("span", { class: "az" }, ` ${group.aktenzeichen}`) : ""),
          items,
        ),
      );
    }
    results.replaceChildren(list);
    summary.textContent =
      r.total === 0
        ? t("search.noResults")
        : t(r.total_exact ? "search.results" : "search.resultsMore", {
            total: r.total.toLocaleString("de-DE"),
            ms: r.took_ms,
          });
    current = -1;
    position.textContent = "";
    pdfOpen.disabled = pdfSave.disabled = true;
  };

  // With no query: the records of the library, so the window shows what it holds at once.
  const renderOverview = () => {
    const records = currentRecords();
    const list = el("ul", { class: "record-overview", "data-testid": "record-list" });
    for (const r of records) {
      const docs = r.documents.length;
      const pageCount = r.documents.reduce((n, d) => n + d.pages, 0);
      list.append(
        el(
          "li",
          { "data-testid": "record-list-item" },
          el("span", { class: "record-title" }, recordLabel(r)),
          el("span", { class: "record-facts" }, ` · ${t("search.overviewDocs", { docs })} · ${pages(pageCount)}`),
        ),
      );
    }
    results.replaceChildren(
      el("h3", {}, t("search.overview")),
      records.length === 0 ? el("p", {}, t("common.noRecords")) : list,
    );
  };
  onRecords(() => {
    if (input.value.trim() === "" && filters.size === 0) renderOverview();
  });

  const run = async () => {
    const mine = ++sequence;
    const query = input.value;
    if (query.trim() === "" && filters.size === 0) {
      renderOverview();
      facets.replaceChildren();
      summary.textContent = t("search.hint");
      hits = [];
      viewer.clear();
      return;
    }
    try {
      const r = await api.search(query, [...filters], 50);
      if (mine !== sequence) return;
      error.hidden = true;
      renderFacets(r);
      renderResults(r);
    } catch (e) {
      if (mine === sequence) showMessage(error, t("common.error", { message: failureMessage(e) }), "error");
    }
  };

  // Results as you type: at once, one search in flight, the latest text searched last.
  const schedule = latestOnly(run);
  input.addEventListener("input", () => void schedule());
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") void schedule().then(() => openHit(0));
  });

  return { show: () => input.focus() };
}
