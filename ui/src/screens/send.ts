// Erfassen in a browser: a clerk at a desk without the app sends scanned or exported files into a
// record of the shared library; the server recognises, archives and indexes each, one after the
// other, with progress and a cancel that leaves the file in transit unstored. Below, the pages of
// what was stored last (or any document chosen), to turn, reorder, take out or split; in the app
// also files of this desk recognised here (as Einstellungen say), its scanner and hot folder.
import { open } from "@tauri-apps/plugin-dialog";
import { api, failureMessage, inApp } from "../api";
import { mountScanPanel } from "./scanpanel";
import { mountWatchPanel } from "./watchpanel";
import { mountPageStrip } from "./pagestrip";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { sendFile, signedIn } from "../remote";
import { recordSelect, reloadRecords, selectedRecord } from "../state";

export function mountSend(root: HTMLElement): { show: () => void } {
  // The pages of a document of the shared library, checked and put right as at a single desk.
  const strip = mountPageStrip();
  const record = recordSelect(() => undefined);
  record.setAttribute("data-testid", "send-record");
  const files = el("input", {
    type: "file",
    multiple: "",
    accept: ".pdf,.tif,.tiff,.png,.jpg,.jpeg",
    "data-testid": "send-files",
  });
  const start = el("button", { type: "button", "data-testid": "send-start" }, t("send.start"));
  const cancel = el("button", { type: "button", "data-testid": "send-cancel" }, t("send.cancel"));
  cancel.hidden = true;
  const progress = el("progress", { max: "1", value: "0", "data-testid": "send-progress" });
  progress.hidden = true;
  const message = el("p", { class: "message", role: "status", "data-testid": "send-message" });
  message.hidden = true;
  const results = el("ul", { class: "send-results", "data-testid": "send-results" });

  // In the app: paths chosen at this desk (one a line), sent by the app itself, which recognises
  // them here first when Einstellungen say so.
  const paths = el("textarea", { rows: "3", spellcheck: "false", "data-testid": "send-paths" });
  const choose = el("button", { type: "button", "data-testid": "send-choose" }, t("send.choose"));
  choose.addEventListener("click", async () => {
    const picked = await open({
      multiple: true,
      directory: false,
      filters: [{ name: "Scans", extensions: ["pdf", "tif", "tiff", "png", "jpg", "jpeg"] }],
    });
    const list = Array.isArray(picked) ? picked : picked ? [picked] : [];
    if (list.length) paths.value = [paths.value.trim(), ...list].filter((s) => s).join("\n");
  });
  let sending = false;
  const lines = new Map<string, HTMLLIElement>();
  /// Ready for the next sending.
  const idle = () => {
    start.disabled = false;
    cancel.hidden = true;
    sending = false;
  };
  const finish = (stored: number, total: number) => {
    showMessage(message, t("send.done", { stored, total }), stored === total ? "ok" : "error");
    idle();
  };
  let last: string | null = null;
  let done = 0;
  if (inApp) {
    void api.onSendStep((s) => {
      const line = lines.get(s.file);
      if (!line) return;
      const state = line.querySelector("span") ?? line;
      line.classList.remove("ok", "error");
      if (s.state === "recognised") state.textContent = t("send.recognisedHere");
      else if (s.state === "not_recognised") state.textContent = t("send.notRecognisedHere", { reason: s.detail });
      else if (s.state === "sending") state.textContent = t("send.sending");
      else {
        done += 1;
        progress.value = done;
        state.textContent = s.state === "stored" ? t("send.stored", { pages: s.pages }) : s.detail;
        line.classList.add(s.state === "stored" ? "ok" : "error");
        last = s.document ?? last;
      }
    });
    void api.onSendFinished((f) => {
      if (!sending) return;
      if (f.error) showMessage(message, f.error, "error");
      else if (f.cancelled) showMessage(message, t("send.cancelledApp", { stored: f.stored, total: f.total }), "info");
      else finish(f.stored, f.total);
      idle();
      void reloadRecords()
        .then(() => {
          if (last) void strip.show(last);
        })
        .catch(() => undefined);
    });
  }
  const sendHere = async (target: string) => {
    const chosen = paths.value
      .split("\n")
      .map((s) => s.trim())
      .filter((s) => s);
    if (chosen.length === 0) {
      showMessage(message, t("send.noFiles"), "error");
      return;
    }
    results.replaceChildren();
    lines.clear();
    for (const p of chosen) {
      const line = el("li", {}, `${p.split(/[\\/]/).at(-1) ?? p}: `, el("span", {}, t("send.waiting")));
      lines.set(p, line);
      results.append(line);
    }
    last = null;
    done = 0;
    progress.hidden = false;
    progress.max = chosen.length;
    progress.value = 0;
    start.disabled = true;
    cancel.hidden = false;
    sending = true;
    showMessage(message, t("send.busyApp", { total: chosen.length }), "info");
    try {
      await api.sendFiles(chosen, target);
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
      idle();
    }
  };

  let stop: AbortController | null = null;
  cancel.addEventListener("click", () => {
    stop?.abort();
    if (inApp && sending) void api.cancelSend();
  });
  start.addEventListener("click", async () => {
    const target = record.value || selectedRecord();
    if (inApp) {
      if (!target) showMessage(message, t("send.noRecord"), "error");
      else await sendHere(target);
      return;
    }
    const chosen = Array.from(files.files ?? []);
    if (!target || chosen.length === 0) {
      showMessage(message, t(target ? "send.noFiles" : "send.noRecord"), "error");
      return;
    }
    stop = new AbortController();
    start.disabled = true;
    cancel.hidden = false;
    progress.hidden = false;
    progress.max = chosen.length;
    results.replaceChildren();
    let stored = 0;
    last = null;
    for (const [i, file] of chosen.entries()) {
      if (stop.signal.aborted) break;
      progress.value = i;
      showMessage(message, t("send.busy", { n: i + 1, total: chosen.length, name: file.name }), "info");
      const line = el("li", {}, `${file.name}: `);
      results.append(line);
      // Told here, before the transfer: the server would refuse it only once it is under way.
      const limit = signedIn()?.sendegrenze;
      if (limit && file.size > limit) {
        line.append(t("send.tooLarge", { size: Math.ceil(file.size / 2 ** 20), limit: Math.floor(limit / 2 ** 20) }));
        line.classList.add("error");
        continue;
      }
      try {
        const answer = await sendFile(target, file, stop.signal);
        const pages = answer.dokumente.reduce((sum, d) => sum + d.seiten, 0);
        line.append(t("send.stored", { pages }));
        line.classList.add("ok");
        stored += 1;
        last = answer.dokumente.at(-1)?.id ?? last;
      } catch (e) {
        line.append(stop.signal.aborted ? t("send.cancelled") : failureMessage(e));
        line.classList.add("error");
      }
    }
    progress.value = chosen.length;
    finish(stored, chosen.length);
    stop = null;
    files.value = "";
    await reloadRecords().catch(() => undefined);
    // The pages of what was stored last, to turn, reorder, take out or split.
    if (last) void strip.show(last);
  });

  // In the app, the desk's scanner too: the batch goes into the chosen record on the server.
  const scan = inApp
    ? [
        mountScanPanel(
          () => {
            const target = record.value || selectedRecord();
            if (!target) {
              showMessage(message, t("send.noRecord"), "error");
              return null;
            }
            return { recordId: target, title: null, aktenzeichen: null };
          },
          (documentId) => void strip.show(documentId),
        ),
      ]
    : [];

  // In the app, the desk's hot folder too: each file that arrives goes into the chosen record.
  const hotFolder = el("input", { type: "text", spellcheck: "false", "data-testid": "send-hot-folder" });
  const watch = inApp
    ? mountWatchPanel(
        () => hotFolder.value.trim() || null,
        () => record.value || selectedRecord() || null,
        "hot.runningServer",
      )
    : null;
  const hot = watch
    ? [
        el(
          "fieldset",
          {},
          el("legend", {}, t("send.hotFolder")),
          field(t("settings.hotFolder"), hotFolder, t("send.hotFolderHelp")),
          ...watch.nodes,
        ),
      ]
    : [];

  root.append(
    el("h2", { id: "heading-erfassen" }, t("send.heading")),
    el("p", { class: "help" }, t("send.intro")),
    field(t("send.record"), record),
    ...(inApp
      ? [el("div", { class: "path-add" }, field(t("send.paths"), paths, t("send.pathsHelp")), choose)]
      : [field(t("send.files"), files, t("send.filesHelp"))]),
    el("div", { class: "actions" }, start, cancel),
    progress,
    message,
    results,
    ...scan,
    ...hot,
    strip.root,
  );
  return { show: () => watch?.refresh() };
}
