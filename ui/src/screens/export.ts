// "Export": choose records, run the xdomea export, show the package written or the German
// list of what is missing. In a browser the package is built on the server and downloaded (no
// folder to choose); the app saves it into the chosen folder, also when its library is a server.
import { open } from "@tauri-apps/plugin-dialog";
import { api, failureMessage, inApp } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { currentRecords, recordLabel, reloadRecords } from "../state";

export function mountExport(root: HTMLElement): { show: () => void } {
  const list = el("fieldset", { class: "record-checks" });
  const format0503 = el("input", { type: "radio", name: "format", value: "0503", id: "fmt-0503" });
  const format0401 = el("input", { type: "radio", name: "format", value: "0401", id: "fmt-0401" });
  format0503.checked = true;
  const out = el("input", { type: "text", "data-testid": "export-out", spellcheck: "false" });
  const choose = el("button", { type: "button" }, t("export.chooseOut"));
  const run = el("button", { type: "button", class: "primary", "data-testid": "export-run" }, t("export.run"));
  const message = el("p", { role: "status", "data-testid": "export-message" });
  message.hidden = true;
  const refusal = el("ul", { class: "refusal", "data-testid": "export-refusal" });

  const fill = () => {
    list.replaceChildren(el("legend", {}, t("export.records")));
    for (const r of currentRecords()) {
      const id = `exp-${r.id}`;
      list.append(
        el(
          "div",
          { class: "check" },
          el("input", { type: "checkbox", id, value: r.id, "data-testid": "export-record" }),
          el("label", { for: id }, recordLabel(r)),
        ),
      );
    }
  };
  choose.addEventListener("click", async () => {
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir === "string") out.value = dir;
  });
  run.addEventListener("click", async () => {
    const ids = [...list.querySelectorAll<HTMLInputElement>("input:checked")].map((b) => b.value);
    refusal.replaceChildren();
    showMessage(message, t("export.running"));
    run.disabled = true;
    try {
      const r = await api.exportRecords(ids, format0401.checked ? "0401" : "0503", out.value);
      if (r.status === "written") {
        const done = inApp ? "export.written" : "export.downloaded";
        showMessage(message, t(done, { zip: r.zip, id: r.prozess_id, docs: r.documents }), "ok");
      } else {
        showMessage(message, t("export.refused"), "error");
        for (const m of r.missing) {
          refusal.append(el("li", {}, el("strong", {}, m.akte), el("ul", {}, ...m.problems.map((p) => el("li", {}, p)))));
        }
      }
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    } finally {
      run.disabled = false;
    }
  });

  root.append(
    el("h2", { id: "heading-export" }, t("export.heading")),
    list,
    el(
      "fieldset",
      {},
      el("legend", {}, t("export.format")),
      el("div", { class: "check" }, format0503, el("label", { for: "fmt-0503" }, t("export.0503"))),
      el("div", { class: "check" }, format0401, el("label", { for: "fmt-0401" }, t("export.0401"))),
    ),
    ...(inApp ? [el("div", { class: "path-add" }, field(t("export.out"), out), choose)] : []),
    el("div", { class: "toolbar" }, run),
    message,
    refusal,
  );
  return { show: () => void reloadRecords().then(fill) };
}
