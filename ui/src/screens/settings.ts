// "Einstellungen": library folder, OCR jobs and UI language, stored by the Rust side.
import { open } from "@tauri-apps/plugin-dialog";
import { api, failureMessage, type SettingsView } from "../api";
import { el, field, showMessage } from "../dom";
import { language, t } from "../i18n";

export function mountSettings(root: HTMLElement): { show: () => void } {
  const library = el("input", { type: "text", spellcheck: "false", "data-testid": "settings-library" });
  const choose = el("button", { type: "button" }, t("settings.chooseLibrary"));
  const envNote = el("p", { class: "help" }, t("settings.libraryEnv"));
  envNote.hidden = true;
  const jobs = el("input", { type: "number", min: "1", max: "64", step: "1", inputmode: "numeric" });
  const jobsField = field(t("settings.jobs", { cores: "…" }), jobs);
  const lang = el("select", { "data-testid": "settings-language" }, el("option", { value: "de" }, "Deutsch"), el("option", { value: "en" }, "English"));
  const save = el("button", { type: "button", class: "primary", "data-testid": "settings-save" }, t("common.save"));
  const message = el("p", { role: "status" });
  message.hidden = true;

  const fill = (s: SettingsView) => {
    library.value = s.settings.library ?? s.library_path ?? "";
    library.disabled = s.library_from_env;
    choose.disabled = s.library_from_env;
    envNote.hidden = !s.library_from_env;
    jobs.value = s.settings.jobs?.toString() ?? "";
    const label = jobsField.querySelector("label");
    if (label) label.textContent = t("settings.jobs", { cores: s.cores });
    lang.value = s.settings.language ?? language();
  };
  choose.addEventListener("click", async () => {
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir === "string") library.value = dir;
  });
  save.addEventListener("click", async () => {
    const n = jobs.value.trim() === "" ? null : Number(jobs.value);
    if (n !== null && !(Number.isInteger(n) && n >= 1 && n <= 64)) {
      jobs.setAttribute("aria-invalid", "true");
      return showMessage(message, t("settings.jobsInvalid"), "error");
    }
    jobs.removeAttribute("aria-invalid");
    try {
      const before = language();
      const s = await api.saveSettings({
        library: library.disabled ? null : library.value.trim() || null,
        jobs: n,
        language: lang.value,
      });
      fill(s);
      showMessage(message, t("settings.saved"), "ok");
      if (lang.value !== before) window.location.reload();
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  });

  root.append(
    el("h2", { id: "heading-einstellungen" }, t("settings.heading")),
    el("div", { class: "path-add" }, field(t("settings.library"), library), choose),
    envNote,
    jobsField,
    field(t("settings.language"), lang),
    el("div", { class: "toolbar" }, save),
    message,
  );
  return {
    show: () =>
      void api
        .getSettings()
        .then(fill)
        .catch((e) => showMessage(message, failureMessage(e), "error")),
  };
}
