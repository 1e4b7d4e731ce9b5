// "Prüfen" (Sichtkontrolle): page by page with zoom, the OCR text beside it, each page marked
// "in Ordnung" or "neu scannen"; the result is stored with who and when.
import { api, failureMessage, type DocumentDetail } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { currentRecords, recordSelect, reloadRecords, selectedRecord } from "../state";
import { createViewer } from "./viewer";

export function mountReview(root: HTMLElement): { show: () => void } {
  const records = recordSelect(() => fillDocuments());
  const documents = el("select", { "data-testid": "review-document" });
  const viewer = createViewer(true);
  const pageLabel = el("span", { role: "status" });
  const prev = el("button", { type: "button" }, t("review.prevPage"));
  const next = el("button", { type: "button" }, t("review.nextPage"));
  const ok = el("button", { type: "button", "data-testid": "mark-ok", class: "mark" }, t("review.ok"));
  const rescan = el("button", { type: "button", "data-testid": "mark-rescan", class: "mark" }, t("review.rescan"));
  const text = el("pre", { class: "ocr-text", tabindex: "0", "data-testid": "ocr-text" });
  const note = el("textarea", { rows: "2" });
  const save = el("button", { type: "button", class: "primary", "data-testid": "save-check" }, t("review.save"));
  const counter = el("p", { role: "status" });
  const message = el("p", { role: "status" });
  message.hidden = true;
  const last = el("p", { class: "help" });

  let detail: DocumentDetail | null = null;
  let page = 1;
  const marks = new Map<number, boolean>();

  const showPage = async () => {
    if (!detail || detail.pages.length === 0) {
      viewer.clear();
      text.textContent = "";
      pageLabel.textContent = "";
      return;
    }
    const n = detail.pages.length;
    pageLabel.textContent = t("review.pageOf", { page, pages: n });
    prev.disabled = page <= 1;
    next.disabled = page >= n;
    const mark = marks.get(page);
    ok.setAttribute("aria-pressed", String(mark === true));
    rescan.setAttribute("aria-pressed", String(mark === false));
    counter.textContent = t("review.marked", { n: marks.size, pages: n });
    void viewer.open(detail.document.id, page, detail.document.title, []);
    try {
      text.textContent = await api.pageText(detail.document.id, page);
    } catch (e) {
      text.textContent = failureMessage(e);
    }
  };
  const loadDocument = async () => {
    marks.clear();
    page = 1;
    detail = documents.value ? await api.document(documents.value) : null;
    const c = detail?.checks.at(-1);
    last.textContent = c
      ? t("review.lastCheck", { scope: c.scope, by: c.checked_by, at: c.checked_at, findings: c.anomalies ?? t("review.noFindings") })
      : "";
    await showPage();
  };
  const fillDocuments = () => {
    const r = currentRecords().find((x) => x.id === selectedRecord());
    documents.replaceChildren(
      ...(r?.documents ?? []).map((d) => el("option", { value: d.id }, `${d.title} (${d.pages})`)),
    );
    void loadDocument();
  };
  documents.addEventListener("change", () => void loadDocument());
  prev.addEventListener("click", () => {
    page = Math.max(1, page - 1);
    void showPage();
  });
  next.addEventListener("click", () => {
    page = Math.min(detail?.pages.length ?? 1, page + 1);
    void showPage();
  });
  const mark = (value: boolean) => {
    marks.set(page, value);
    if (detail && page < detail.pages.length) page += 1;
    void showPage();
  };
  ok.addEventListener("click", () => mark(true));
  rescan.addEventListener("click", () => mark(false));
  save.addEventListener("click", async () => {
    if (!detail) return;
    try {
      const c = await api.checkDocument(
        detail.document.id,
        [...marks].map(([p, v]) => ({ page: p, ok: v })),
        note.value,
      );
      showMessage(message, t("review.saved", { scope: c.scope, by: c.checked_by, at: c.checked_at }), "ok");
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  });

  root.append(
    el("h2", { id: "heading-pruefen" }, t("review.heading")),
    el("div", { class: "toolbar" }, field(t("common.chooseRecord"), records), field(t("review.chooseDocument"), documents)),
    last,
    el(
      "div",
      { class: "review-grid" },
      el("div", {}, el("div", { class: "toolbar" }, prev, pageLabel, next, ok, rescan), viewer.root),
      el(
        "div",
        { class: "panel" },
        el("h3", {}, t("review.ocrText")),
        text,
        field(t("review.note"), note),
        counter,
        el("div", { class: "toolbar" }, save),
        message,
      ),
    ),
  );
  return { show: () => void reloadRecords().then(fillDocuments) };
}
