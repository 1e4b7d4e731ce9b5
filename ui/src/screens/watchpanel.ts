// The hot folder the app watches: start, stop, and what became of each file, as the Rust side
// tells it. In Einstellungen for the desk's own library; in Erfassen for a record on the server.
import { api, failureMessage, type WatchEntry, type WatchState } from "../api";
import { el } from "../dom";
import { language, t, type Key } from "../i18n";
import { currentRecords, recordLabel } from "../state";

/// `folder`: the folder typed (`null`: the one of the settings); `record`: the record each file
/// goes into where the library is a server (`undefined`: none is asked for). `running` names the
/// status text while it watches.
export function mountWatchPanel(
  folder: () => string | null,
  record: () => string | null | undefined = () => undefined,
  running: Key = "hot.running",
): { nodes: HTMLElement[]; refresh: () => void } {
  const start = el("button", { type: "button", "data-testid": "hot-start" }, t("hot.start"));
  const stop = el("button", { type: "button", "data-testid": "hot-stop" }, t("hot.stop"));
  const status = el("p", { role: "status", class: "progress-text", "data-testid": "hot-status" });
  const log = el("ul", { class: "log hot-log", "aria-live": "polite", "data-testid": "hot-log" });
  const entryItem = (e: WatchEntry) =>
    el(
      "li",
      { class: `hot-${e.kind}`, "data-kind": e.kind },
      el("time", { datetime: e.at }, new Date(e.at).toLocaleTimeString(language())),
      " ",
      el("strong", {}, e.file ?? ""),
      ` ${e.detail}`,
    );
  const show = (s: WatchState) => {
    start.disabled = s.running;
    stop.disabled = !s.running;
    const into = currentRecords().find((r) => r.id === s.record);
    const named = { folder: s.folder ?? "", record: into ? recordLabel(into) : (s.record ?? "") };
    status.textContent = s.running ? t(running, named) : s.error ? s.error : t("hot.idle");
    log.replaceChildren(...s.entries.map(entryItem));
  };
  start.addEventListener("click", async () => {
    const into = record();
    if (into === null) {
      status.textContent = t("send.noRecord");
      return;
    }
    try {
      show(await api.startWatch(folder(), into ?? null));
    } catch (e) {
      status.textContent = t("common.error", { message: failureMessage(e) });
    }
  });
  stop.addEventListener("click", async () => {
    status.textContent = t("hot.stopping");
    stop.disabled = true;
    await api.stopWatch();
  });
  void api.onWatchEntry((e) => log.prepend(entryItem(e)));
  void api.onWatchState(show);
  return {
    nodes: [el("div", { class: "toolbar" }, start, stop), status, log],
    refresh: () => void api.watchState().then(show).catch(() => undefined),
  };
}
