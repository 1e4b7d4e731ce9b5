// "Erfassen → Scannen": the scanners SANE finds (with a refresh button), the choices the chosen
// scanner offers (resolution, mode, paper source, paper size), and the scan itself: each sheet
// appears as a thumbnail as it arrives and is marked when recognised; separator sheets and
// dropped blank back sides are marked after the batch. "Abbrechen" stops after the current sheet;
// "Weiter scannen" adds the next batch to the same record.
import { api, failureMessage, type DeviceChoices, type PageSize, type ScanFinished, type ScanPage } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { reloadRecords } from "../state";
import { sheetMarks } from "../scanmarks";

/// Where the batch goes, as the capture screen's target fieldset says; `null` (after telling
/// the clerk why) when it says nothing usable.
export type ScanTargetChoice = { recordId: string | null; title: string | null; aktenzeichen: string | null };

export function mountScanPanel(
  target: () => ScanTargetChoice | null,
  stored: (documentId: string) => void,
): HTMLElement {
  const device = el("select", { "data-testid": "scan-device" });
  const refresh = el("button", { type: "button", "data-testid": "scan-refresh" }, t("scan.refresh"));
  const resolution = el("select", { "data-testid": "scan-resolution" });
  const mode = el("select", { "data-testid": "scan-mode" });
  const source = el("select", { "data-testid": "scan-source" });
  const pageSize = el("select", { "data-testid": "scan-page-size" });
  const separators = el("input", { type: "checkbox", id: "scan-separators", "data-testid": "scan-separators" });
  const extra = el("input", { type: "text", spellcheck: "false", "data-testid": "scan-options", placeholder: "swdeskew=yes; ald=yes" });
  const start = el("button", { type: "button", class: "primary", "data-testid": "scan-start" }, t("scan.start"));
  const more = el("button", { type: "button", "data-testid": "scan-continue" }, t("scan.continue"));
  const stop = el("button", { type: "button", "data-testid": "scan-cancel" }, t("scan.cancel"));
  const status = el("p", { class: "progress-text", role: "status", "data-testid": "scan-status" });
  const message = el("p", { role: "alert", "data-testid": "scan-message" });
  message.hidden = true;
  const sheets = el("ol", { class: "thumbs scan-pages", "aria-live": "polite", "data-testid": "scan-pages" });
  more.disabled = true;
  stop.disabled = true;

  let lastRecord: string | null = null;
  let running = false;
  const setRunning = (on: boolean) => {
    running = on;
    start.disabled = on || device.value === "";
    more.disabled = on || lastRecord === null;
    stop.disabled = !on;
    refresh.disabled = on;
  };

  const options = (select: HTMLSelectElement, values: string[], labels: (v: string) => string, keep: string | null) => {
    select.replaceChildren(...values.map((v) => el("option", { value: v }, labels(v))));
    if (keep && values.includes(keep)) select.value = keep;
    select.disabled = values.length === 0;
  };

  let saved: { resolution?: number | null; mode?: string | null; source?: string | null; page_size?: PageSize | null } = {};
  const showChoices = async () => {
    if (!device.value) return;
    status.textContent = t("scan.asking");
    try {
      const c: DeviceChoices = await api.scannerChoices(device.value);
      options(resolution, c.resolutions.map(String), (v) => `${v} dpi`, String(saved.resolution ?? (c.resolutions.includes(300) ? 300 : c.resolution ?? "")));
      options(mode, c.modes, modeLabel, saved.mode ?? c.mode);
      options(source, c.sources, sourceLabel, saved.source ?? c.source);
      options(pageSize, ["", ...c.page_sizes], (v) => (v ? v : t("scan.pageSizeDefault")), saved.page_size ?? (c.page_sizes.includes("A4") ? "A4" : ""));
      status.textContent = "";
    } catch (e) {
      status.textContent = "";
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  };

  const findScanners = async () => {
    status.textContent = t("scan.searching");
    refresh.disabled = true;
    try {
      const found = await api.listScanners();
      const keep = device.value;
      device.replaceChildren(...found.map((s) => el("option", { value: s.name }, s.label)));
      if (found.length === 0) {
        device.append(el("option", { value: "" }, t("scan.none")));
        status.textContent = t("scan.noneHelp");
      } else {
        if (keep && found.some((s) => s.name === keep)) device.value = keep;
        status.textContent = t("scan.found", { n: found.length });
        await showChoices();
      }
    } catch (e) {
      status.textContent = "";
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    } finally {
      refresh.disabled = running;
      setRunning(running);
    }
  };

  const sheetOf = (page: number): HTMLElement => {
    const existing = sheets.querySelector<HTMLElement>(`[data-page="${page}"]`);
    if (existing) return existing;
    const img = el("img", { alt: t("scan.pageAlt", { n: page }) });
    const li = el(
      "li",
      { class: "thumb scan-sheet", "data-page": String(page), "data-state": "scanned" },
      img,
      el("span", { class: "thumb-label" }, t("scan.pageLabel", { n: page })),
      el("span", { class: "scan-state" }, t("scan.stateScanned")),
    );
    sheets.append(li);
    return li;
  };
  const mark = (li: HTMLElement, state: string, text: string) => {
    li.dataset.state = state;
    const s = li.querySelector(".scan-state");
    if (s) s.textContent = text;
  };

  let scanned = 0;
  let recognised = 0;
  void api.onScanPage(async (p: ScanPage) => {
    const li = sheetOf(p.page);
    li.dataset.file = p.file;
    if (p.kind === "sending") {
      status.textContent = t("scan.sending", { pages: p.page });
    } else if (p.kind === "scanned") {
      scanned = Math.max(scanned, p.page);
      status.textContent = t("scan.progress", { scanned, recognised });
      try {
        const png = await api.scanThumbnail(p.file);
        const img = li.querySelector("img");
        if (img) img.src = URL.createObjectURL(new Blob([png], { type: "image/png" }));
      } catch {
        /* the page stays without a picture; it is stored all the same */
      }
    } else {
      recognised += 1;
      status.textContent = t("scan.progress", { scanned, recognised });
      if (p.error) mark(li, "failed", t("scan.stateFailed", { error: p.error }));
      else if (li.dataset.state === "scanned") mark(li, "recognised", t("scan.stateRecognised"));
    }
  });
  void api.onScanFinished((f: ScanFinished) => {
    setRunning(false);
    const report = f.report;
    if (f.sent) {
      // Sent to the server, which recognised and stored it.
      lastRecord = f.sent.record_id;
      status.textContent = "";
      for (const li of sheets.querySelectorAll<HTMLElement>(".scan-sheet")) mark(li, "recognised", t("scan.stateSent"));
      const pages = f.sent.documents.reduce((sum, d) => sum + d.pages, 0);
      if (f.advice || f.sent.failed.length > 0)
        showMessage(message, [f.advice, ...f.sent.failed].filter(Boolean).join(" "), "error");
      else showMessage(message, t("scan.sent", { pages, docs: f.sent.documents.length }), "ok");
      const first = f.sent.documents[0]?.id;
      void reloadRecords()
        .then(() => first && stored(first))
        .catch(() => undefined);
    } else if (report) {
      lastRecord = report.record_id;
      for (const m of sheetMarks(f.files, report.split ?? null)) {
        mark(sheetOf(m.page), m.kind, m.kind === "separator" ? t("scan.stateSeparator") : t("scan.stateDropped"));
      }
      if (f.advice) showMessage(message, f.advice, "error");
      else if (f.end === "cancelled")
        showMessage(message, t("scan.cancelled", { pages: f.files.length }), "info");
      else showMessage(message, t("scan.done", { pages: f.files.length, docs: report.documents.length }), "ok");
      const first = report.documents[0]?.id;
      void reloadRecords().then(() => first && stored(first));
    } else {
      showMessage(message, f.error ?? t("scan.failed"), "error");
      void reloadRecords();
    }
    setRunning(false);
  });

  const begin = async (continueRecord: string | null) => {
    const where: ScanTargetChoice | null = continueRecord
      ? { recordId: continueRecord, title: null, aktenzeichen: null }
      : target();
    if (!where) return;
    message.hidden = true;
    sheets.replaceChildren();
    scanned = 0;
    recognised = 0;
    const form = {
      device: device.value,
      resolution: Number(resolution.value) || 300,
      mode: mode.value || null,
      source: source.value || null,
      page_size: (pageSize.value || null) as PageSize | null,
      record_id: where.recordId,
      title: where.title,
      aktenzeichen: where.aktenzeichen,
      separators: separators.checked,
      options: extra.value,
    };
    try {
      setRunning(true);
      status.textContent = t("scan.starting");
      await api.startScan(form);
      saved = { resolution: form.resolution, mode: form.mode, source: form.source, page_size: form.page_size };
      void rememberProfile(form.device, saved);
    } catch (e) {
      setRunning(false);
      status.textContent = "";
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  };

  refresh.addEventListener("click", () => void findScanners());
  device.addEventListener("change", () => {
    saved = {};
    setRunning(running);
    void showChoices();
  });
  start.addEventListener("click", () => void begin(null));
  more.addEventListener("click", () => void begin(lastRecord));
  stop.addEventListener("click", () => {
    status.textContent = t("scan.stopping");
    void api.cancelScan();
  });

  // The last profile used is the starting point (Einstellungen → Scanner).
  void api
    .getSettings()
    .then((s) => {
      const p = s.settings.scanner;
      saved = { resolution: p.resolution, mode: p.mode, source: p.source, page_size: p.page_size };
      if (p.device) device.replaceChildren(el("option", { value: p.device }, p.device));
    })
    .catch(() => undefined)
    .finally(() => void findScanners());

  return el(
    "div",
    { class: "panel scan-panel", "data-testid": "scan-panel" },
    el("h3", {}, t("scan.heading")),
    el("div", { class: "scan-device" }, field(t("scan.device"), device), refresh),
    el(
      "div",
      { class: "scan-options" },
      field(t("scan.resolution"), resolution),
      field(t("scan.mode"), mode),
      field(t("scan.source"), source),
      field(t("scan.pageSize"), pageSize),
    ),
    el("div", { class: "check" }, separators, el("label", { for: "scan-separators" }, t("scan.separators"))),
    el("details", { class: "scan-more" }, el("summary", {}, t("scan.more")), field(t("scan.options"), extra, t("scan.optionsHelp"))),
    el("div", { class: "toolbar" }, start, more, stop),
    status,
    message,
    sheets,
  );
}

function modeLabel(m: string): string {
  const l = m.toLowerCase();
  if (l.includes("gray") || l.includes("grey")) return `${t("scan.modeGray")} (${m})`;
  if (l.includes("color") || l.includes("colour")) return `${t("scan.modeColor")} (${m})`;
  if (l.includes("lineart") || l.includes("binary")) return `${t("scan.modeLineart")} (${m})`;
  return m;
}

function sourceLabel(s: string): string {
  const l = s.toLowerCase();
  const duplex = l.includes("duplex");
  if (l.includes("adf") || l.includes("feeder") || l.includes("einzug"))
    return `${duplex ? t("scan.sourceDuplex") : t("scan.sourceAdf")} (${s})`;
  if (l.includes("flatbed")) return `${t("scan.sourceFlatbed")} (${s})`;
  return s;
}

/// Keeps the profile used last in the settings, so the next scan starts from it.
async function rememberProfile(
  device: string,
  p: { resolution?: number | null; mode?: string | null; source?: string | null; page_size?: PageSize | null },
): Promise<void> {
  try {
    const view = await api.getSettings();
    await api.saveSettings({
      ...view.settings,
      scanner: {
        device,
        resolution: p.resolution ?? null,
        mode: p.mode ?? null,
        source: p.source ?? null,
        page_size: p.page_size ?? null,
      },
    });
  } catch {
    /* a profile the settings refuse (an unusual mode name) is simply not remembered */
  }
}
