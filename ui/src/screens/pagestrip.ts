// "Erfassen" → Seiten: the pages of one document as thumbnails; reorder by drag and drop or
// by buttons and shortcuts (Alt+←/→), turn (R, Umschalt+R), take out (Entf, with a second
// press to confirm), split the document from a page on (T). Each edit goes to the library
// (`edit_pages`), which rebuilds the PDF/A, the search index and writes the audit log.
import { api, failureMessage, type DocumentDetail, type PageView } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { dropTarget, shortcut, step, type PageEdit } from "../pages";
import { currentRecords, onRecords, recordLabel, reloadRecords } from "../state";

export interface PageStrip {
  root: HTMLElement;
  /// Shows a document's pages (e.g. one the running ingest is storing).
  show: (documentId: string) => Promise<void>;
  /// The document shown, if any.
  shown: () => string | null;
}

export function mountPageStrip(): PageStrip {
  const select = el("select", { "data-testid": "pages-document" });
  const status = el("p", { role: "status", class: "pages-status", "data-testid": "pages-status" });
  const message = el("p", { role: "alert", "data-testid": "pages-message" });
  message.hidden = true;
  const help = el("p", { class: "help", id: "pages-help" }, t("pages.help"));
  const strip = el("ol", { class: "thumbs", "data-testid": "page-thumbs", "aria-describedby": "pages-help" });
  let detail: DocumentDetail | null = null;
  let urls: string[] = [];
  let busy = false;
  let loadToken = 0;

  const fillSelect = () => {
    const keep = select.value || detail?.document.id || "";
    const options = [el("option", { value: "" }, t("pages.choose"))];
    for (const r of currentRecords())
      for (const d of r.documents)
        options.push(el("option", { value: d.id }, `${recordLabel(r)} – ${d.title} (${d.pages} S.)`));
    select.replaceChildren(...options);
    select.value = keep;
    if (select.value !== keep) select.value = "";
  };
  onRecords(fillSelect);
  fillSelect();

  const setBusy = (b: boolean) => {
    busy = b;
    strip.setAttribute("aria-busy", b ? "true" : "false");
    for (const button of strip.querySelectorAll("button")) {
      if (b) button.disabled = true;
      else button.disabled = button.dataset.disabled === "true";
    }
  };

  const editable = () => detail?.document.status === "complete";

  const run = async (edit: PageEdit, focusPage?: number) => {
    if (!detail || busy) return;
    const id = detail.document.id;
    setBusy(true);
    status.textContent = t("pages.working");
    message.hidden = true;
    try {
      const result = await api.editPages(id, edit);
      status.textContent = result.done;
      if (result.new_document) showMessage(message, t("pages.splitDone", { page: edit.op === "split_at" ? edit.page : 0 }), "ok");
      if (result.index_warning) showMessage(message, result.index_warning, "error");
      render(result.document, focusPage);
      void reloadRecords();
    } catch (e) {
      status.textContent = "";
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
      setBusy(false);
    }
  };

  const button = (label: string, text: string, testid: string, disabled: boolean, action: () => void) => {
    const b = el("button", { type: "button", class: "small", "data-testid": testid, title: label }, text);
    b.setAttribute("aria-label", label);
    b.dataset.disabled = String(disabled);
    b.disabled = disabled;
    b.addEventListener("click", (e) => {
      e.stopPropagation();
      action();
    });
    return b;
  };

  let dragged = 0;

  const thumb = (p: PageView, count: number): HTMLElement => {
    const page = p.page;
    const locked = !editable();
    const img = el("img", { alt: t("pages.thumbAlt", { page }), "data-testid": "page-thumb-image" });
    const label = el("span", { class: "thumb-label" }, t("pages.page", { page }) + (p.rotation ? ` · ${p.rotation}°` : ""));
    const del = button(t("pages.delete", { page }), "✕", "page-delete", locked || count < 2, () => {
      if (del.dataset.confirm === "true") {
        void run({ op: "delete", page }, Math.min(page, count - 1));
      } else {
        del.dataset.confirm = "true";
        del.textContent = t("pages.deleteConfirmShort");
        del.setAttribute("aria-label", t("pages.deleteConfirm", { page }));
        del.focus();
      }
    });
    del.addEventListener("blur", () => {
      del.dataset.confirm = "false";
      del.textContent = "✕";
      del.setAttribute("aria-label", t("pages.delete", { page }));
    });
    const tools = el(
      "div",
      { class: "thumb-tools" },
      button(t("pages.moveLeft", { page }), "◀", "page-move-left", locked || page === 1, () => {
        const edit = step(page, -1, count);
        if (edit) void run(edit, page - 1);
      }),
      button(t("pages.moveRight", { page }), "▶", "page-move-right", locked || page === count, () => {
        const edit = step(page, 1, count);
        if (edit) void run(edit, page + 1);
      }),
      button(t("pages.rotateLeft", { page }), "↺", "page-rotate-left", locked, () =>
        void run({ op: "rotate", page, degrees: -90 }, page),
      ),
      button(t("pages.rotate", { page }), "↻", "page-rotate", locked, () =>
        void run({ op: "rotate", page, degrees: 90 }, page),
      ),
      button(t("pages.split", { page }), "✂", "page-split", locked || page === 1, () =>
        void run({ op: "split_at", page }, page - 1),
      ),
      del,
    );
    const item = el(
      "li",
      {
        class: "thumb",
        tabindex: "0",
        "data-testid": "page-thumb",
        "data-page": String(page),
        "data-rotation": String(p.rotation),
        draggable: locked ? "false" : "true",
        "aria-keyshortcuts": "Alt+ArrowLeft Alt+ArrowRight R Shift+R Delete T",
      },
      img,
      label,
      tools,
    );
    item.setAttribute("aria-label", t("pages.thumbLabel", { page, count, rotation: p.rotation }));
    item.addEventListener("keydown", (e) => {
      if (e.target !== item || locked) return;
      const what = shortcut(e, page, count);
      if (!what) return;
      e.preventDefault();
      if (what === "confirm-delete") return del.click();
      const focus = what.op === "move" ? what.to : what.op === "split_at" ? page - 1 : page;
      void run(what, focus);
    });
    item.addEventListener("dragstart", (e) => {
      dragged = page;
      item.classList.add("dragging");
      e.dataTransfer?.setData("text/plain", String(page));
      if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
    });
    item.addEventListener("dragend", () => {
      item.classList.remove("dragging");
      dragged = 0;
    });
    const side = (e: DragEvent) => {
      const box = item.getBoundingClientRect();
      return e.clientX > box.left + box.width / 2;
    };
    item.addEventListener("dragover", (e) => {
      if (!dragged || locked) return;
      e.preventDefault();
      item.classList.toggle("drop-after", side(e));
      item.classList.toggle("drop-before", !side(e));
    });
    item.addEventListener("dragleave", () => item.classList.remove("drop-before", "drop-after"));
    item.addEventListener("drop", (e) => {
      e.preventDefault();
      item.classList.remove("drop-before", "drop-after");
      const from = dragged || Number(e.dataTransfer?.getData("text/plain") ?? 0);
      const edit = dropTarget(from, page, side(e), count);
      if (edit && edit.op === "move") void run(edit, edit.to);
    });
    return item;
  };

  const loadThumbs = async (documentId: string, pages: PageView[], token: number) => {
    for (const p of pages) {
      if (token !== loadToken) return;
      try {
        const bytes = await api.pageThumbnail(documentId, p.page);
        if (token !== loadToken) return;
        const url = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
        urls.push(url);
        const img = strip.querySelector<HTMLImageElement>(`li[data-page="${p.page}"] img`);
        if (img) img.src = url;
      } catch (e) {
        const img = strip.querySelector<HTMLImageElement>(`li[data-page="${p.page}"] img`);
        if (img) img.alt = t("common.error", { message: failureMessage(e) });
      }
    }
  };

  function render(d: DocumentDetail, focusPage?: number) {
    detail = d;
    loadToken += 1;
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    const count = d.pages.length;
    strip.replaceChildren(...d.pages.map((p) => thumb(p, count)));
    setBusy(false);
    if (d.document.status !== "complete") status.textContent = t("pages.ingesting");
    else if (status.textContent === t("pages.ingesting")) status.textContent = "";
    if (focusPage !== undefined) {
      const target = strip.querySelector<HTMLElement>(`li[data-page="${Math.max(1, focusPage)}"]`);
      target?.focus();
    }
    void loadThumbs(d.document.id, d.pages, loadToken);
  }

  // Shows may overlap (the pages arriving, the ingest finishing): only the latest is drawn, so an
  // older answer (a document still being stored) cannot overwrite a newer one.
  let showing = 0;
  const show = async (documentId: string) => {
    const mine = ++showing;
    try {
      const d = await api.document(documentId);
      if (mine !== showing) return;
      if (select.value !== documentId) {
        if (![...select.options].some((o) => o.value === documentId)) await reloadRecords();
        select.value = documentId;
      }
      message.hidden = true;
      if (detail?.document.id !== documentId) status.textContent = "";
      render(d);
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  };

  select.addEventListener("change", () => {
    if (select.value) void show(select.value);
    else {
      detail = null;
      strip.replaceChildren();
    }
  });

  const root = el(
    "section",
    { class: "panel pages-panel", "aria-labelledby": "heading-seiten" },
    el("h3", { id: "heading-seiten" }, t("pages.heading")),
    field(t("pages.document"), select),
    help,
    status,
    message,
    strip,
  );
  return { root, show, shown: () => detail?.document.id ?? null };
}
