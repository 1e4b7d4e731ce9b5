// "Erfassen": a scanner batch (screens/scanpanel.ts), or files and folders by dialog, drag and
// drop or typed path; target record or a new one; the ingest runs in the background with a
// progress bar (pages, ETA) and can be cancelled.
// Below, the pages of a document as thumbnails, to reorder, turn, take out or split
// (screens/pagestrip.ts); the document being captured is shown as its pages arrive.
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { api, failureMessage, type IngestFinished, type IngestProgress } from "../api";
import { el, field, showMessage } from "../dom";
import { eta } from "../hits";
import { t } from "../i18n";
import { recordSelect, reloadRecords, selectedRecord } from "../state";
import { mountPageStrip } from "./pagestrip";
import { mountScanPanel, type ScanTargetChoice } from "./scanpanel";

export function mountCapture(root: HTMLElement): { show: () => void } {
  const paths: string[] = [];
  const list = el("ul", { class: "paths", "aria-live": "polite" });
  const addFiles = el("button", { type: "button", "data-testid": "import-button" }, t("capture.addFiles"));
  const addFolder = el("button", { type: "button" }, t("capture.addFolder"));
  const pathInput = el("input", { type: "text", "data-testid": "path-input", spellcheck: "false" });
  const addPath = el("button", { type: "button", "data-testid": "add-path" }, "+");
  addPath.setAttribute("aria-label", t("capture.list"));
  const drop = el("div", { class: "dropzone" }, t("capture.drop"));

  const newTarget = el("input", { type: "radio", name: "target", value: "new", id: "target-new" });
  const oldTarget = el("input", { type: "radio", name: "target", value: "old", id: "target-old" });
  newTarget.checked = true;
  const records = recordSelect(() => (oldTarget.checked = true));
  const title = el("input", { type: "text", "data-testid": "new-title" });
  const az = el("input", { type: "text", "data-testid": "new-aktenzeichen" });
  const start = el("button", { type: "button", class: "primary", "data-testid": "start-ingest" }, t("capture.start"));
  const cancel = el("button", { type: "button", "data-testid": "cancel-ingest" }, t("capture.cancel"));
  cancel.disabled = true;
  const progress = el("progress", { "data-testid": "progress", max: "1", value: "0" });
  progress.setAttribute("aria-label", t("capture.progress"));
  const progressText = el("p", { class: "progress-text", role: "status", "data-testid": "progress-text" });
  const message = el("p", { role: "alert", "data-testid": "capture-message" });
  message.hidden = true;
  const log = el("ul", { class: "log", "aria-live": "polite", "data-testid": "capture-log" });

  const renderPaths = () => {
    list.replaceChildren(
      ...(paths.length === 0
        ? [el("li", { class: "none" }, t("capture.empty"))]
        : paths.map((p, i) => {
            const remove = el("button", { type: "button", class: "small" }, "✕");
            remove.setAttribute("aria-label", t("capture.remove", { name: p }));
            remove.addEventListener("click", () => {
              paths.splice(i, 1);
              renderPaths();
            });
            return el("li", {}, el("span", { class: "path" }, p), remove);
          })),
    );
  };
  const add = (more: string[]) => {
    for (const p of more) if (p.trim() && !paths.includes(p.trim())) paths.push(p.trim());
    renderPaths();
  };
  addFiles.addEventListener("click", async () => {
    const chosen = await open({
      multiple: true,
      directory: false,
      filters: [{ name: "Scans", extensions: ["tif", "tiff", "png", "jpg", "jpeg", "pdf"] }],
    });
    if (chosen) add(Array.isArray(chosen) ? chosen : [chosen]);
  });
  addFolder.addEventListener("click", async () => {
    const chosen = await open({ multiple: true, directory: true });
    if (chosen) add(Array.isArray(chosen) ? chosen : [chosen]);
  });
  addPath.addEventListener("click", () => {
    add([pathInput.value]);
    pathInput.value = "";
  });
  pathInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") addPath.click();
  });
  void getCurrentWebview()
    .onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "over" || p.type === "enter") drop.classList.add("over");
      else drop.classList.remove("over");
      if (p.type === "drop") add(p.paths);
    })
    .catch(() => undefined);

  const strip = mountPageStrip();
  // While pages arrive, redraw the strip of the document being stored at most once a second.
  let lastStripUpdate = 0;
  const follow = (documentId: string | null, force: boolean) => {
    if (!documentId) return;
    const shown = strip.shown();
    if (shown && shown !== documentId && !force) return;
    if (!force && Date.now() - lastStripUpdate < 1000) return;
    lastStripUpdate = Date.now();
    void strip.show(documentId);
  };

  let started = 0;
  const setRunning = (running: boolean) => {
    start.disabled = running;
    cancel.disabled = !running;
    root.setAttribute("aria-busy", running ? "true" : "false");
  };
  void api.onProgress((p: IngestProgress) => {
    progress.max = Math.max(1, p.pages_total);
    progress.value = p.pages_done;
    if (p.kind === "planned") started = Date.now();
    const left = eta(p.pages_done, p.pages_total, Date.now() - started);
    progressText.textContent =
      t("capture.progressText", { done: p.pages_done, total: p.pages_total }) +
      (left ? ` · ${t("capture.eta", { eta: left })}` : "");
    if (p.kind === "failed") log.append(el("li", { class: "failed" }, t("capture.failed", { file: p.file ?? "", error: p.error ?? "" })));
    if (p.kind === "document") log.append(el("li", {}, t("capture.docDone", { file: p.file ?? "" })));
    if (p.kind === "page" || p.kind === "document") follow(p.document_id, p.kind === "document");
  });
  void api.onFinished((f: IngestFinished) => {
    setRunning(false);
    progress.dataset.state = "finished";
    if (f.error) showMessage(message, t("common.error", { message: f.error }), "error");
    else if (f.report?.cancelled) showMessage(message, t("capture.cancelled"), "info");
    else if (f.report)
      showMessage(message, t("capture.done", { docs: f.report.documents.length, pages: f.report.pages_processed }), "ok");
    void reloadRecords().then(() => {
      const shown = strip.shown();
      const first = f.report?.documents[0]?.id;
      if (shown) void strip.show(shown);
      else if (first) void strip.show(first);
    });
  });

  start.addEventListener("click", async () => {
    if (paths.length === 0) return showMessage(message, t("capture.needFiles"), "error");
    const existing = oldTarget.checked ? selectedRecord() : null;
    if (!existing && title.value.trim() === "") {
      title.setAttribute("aria-invalid", "true");
      title.focus();
      return showMessage(message, t("capture.needTitle"), "error");
    }
    title.removeAttribute("aria-invalid");
    message.hidden = true;
    log.replaceChildren();
    progress.value = 0;
    progress.dataset.state = "running";
    progressText.textContent = t("capture.planning");
    started = Date.now();
    try {
      setRunning(true);
      await api.startIngest([...paths], existing, existing ? null : title.value, existing ? null : az.value);
    } catch (e) {
      setRunning(false);
      progress.dataset.state = "idle";
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  });
  cancel.addEventListener("click", () => {
    progressText.textContent = t("capture.cancelling");
    void api.cancelIngest();
  });

  // The scan panel sends its batch where the target fieldset says.
  const scanTarget = (): ScanTargetChoice | null => {
    const existing = oldTarget.checked ? selectedRecord() : null;
    if (existing) return { recordId: existing, title: null, aktenzeichen: null };
    if (title.value.trim() === "") {
      title.setAttribute("aria-invalid", "true");
      title.focus();
      showMessage(message, t("capture.needTitle"), "error");
      return null;
    }
    title.removeAttribute("aria-invalid");
    message.hidden = true;
    return { recordId: null, title: title.value, aktenzeichen: az.value };
  };
  const scanPanel = mountScanPanel(scanTarget, (documentId) => void strip.show(documentId));

  renderPaths();
  root.append(
    el("h2", { id: "heading-erfassen" }, t("capture.heading")),
    el(
      "div",
      { class: "capture-grid" },
      el(
        "div",
        { class: "capture-sources" },
        scanPanel,
        el(
          "div",
          { class: "panel" },
          el("h3", {}, t("capture.files")),
          el("div", { class: "toolbar" }, addFiles, addFolder),
          drop,
          el("div", { class: "path-add" }, field(t("capture.list"), pathInput), addPath),
          el("h3", {}, t("capture.list")),
          list,
        ),
      ),
      el(
        "div",
        { class: "panel" },
        el(
          "fieldset",
          {},
          el("legend", {}, t("capture.target")),
          el("div", { class: "check" }, newTarget, el("label", { for: "target-new" }, t("capture.targetNew"))),
          field(t("capture.newTitle"), title),
          field(t("capture.newAz"), az),
          el("div", { class: "check" }, oldTarget, el("label", { for: "target-old" }, t("capture.targetExisting"))),
          field(t("common.chooseRecord"), records),
        ),
        el("div", { class: "toolbar" }, start, cancel),
        progress,
        progressText,
        message,
        log,
      ),
    ),
    strip.root,
  );
  return { show: () => undefined };
}
