// "Einstellungen": library folder, OCR model and jobs, hot folder, scanner profile and UI
// language, stored by the Rust side (which checks them again and uses them for the ingest).
import { open } from "@tauri-apps/plugin-dialog";
import { api, failureMessage, remote, type SettingsView } from "../api";
import { el, field, showMessage } from "../dom";
import { language, t, type Key } from "../i18n";
import { mountWatchPanel } from "./watchpanel";
import { ocrChoices, readSettingsForm, type SettingsErrors } from "../settingsForm";

export function mountSettings(root: HTMLElement): { show: () => void } {
  const library = el("input", { type: "text", spellcheck: "false", "data-testid": "settings-library" });
  const choose = el("button", { type: "button" }, t("settings.chooseLibrary"));
  const envNote = el("p", { class: "help" }, t("settings.libraryEnv"));
  envNote.hidden = true;
  const jobs = el("input", { type: "number", min: "1", max: "64", step: "1", inputmode: "numeric", "data-testid": "settings-jobs" });
  const jobsField = field(t("settings.jobs", { cores: "…" }), jobs);
  const ocrLang = el("select", { "data-testid": "settings-ocr-lang" });
  const ocrPlace = el(
    "select",
    { "data-testid": "settings-ocr-place" },
    el("option", { value: "server" }, t("settings.ocrPlaceServer")),
    el("option", { value: "arbeitsplatz" }, t("settings.ocrPlaceDesk")),
  );
  const hotFolder = el("input", { type: "text", spellcheck: "false", "data-testid": "settings-hot-folder" });
  const chooseHot = el("button", { type: "button" }, t("settings.chooseHotFolder"));
  // The hot folder watched by the app: start, stop, and what became of each file. Where the
  // library is a server, it is started in Erfassen, into the record chosen there.
  const watch = remote ? null : mountWatchPanel(() => hotFolder.value.trim() || null);
  const watchElsewhere = el("p", { class: "help", "data-testid": "hot-in-capture" }, t("settings.hotFolderServer"));
  watchElsewhere.hidden = !remote;
  /// The server the library is (from the settings shown last): another one, or a folder
  /// instead, takes a new start of the window.
  let server: string | null = null;
  const device = el("input", { type: "text", spellcheck: "false", "data-testid": "settings-scanner-device" });
  const resolution = el("input", { type: "number", min: "50", max: "2400", step: "1", inputmode: "numeric", "data-testid": "settings-scanner-resolution" });
  const mode = el(
    "select",
    { "data-testid": "settings-scanner-mode" },
    el("option", { value: "" }, t("settings.modeDefault")),
    ...(["Color", "Gray", "Lineart"] as const).map((m) => el("option", { value: m }, t(`settings.mode.${m}` as Key))),
  );
  const source = el("input", { type: "text", spellcheck: "false", "data-testid": "settings-scanner-source" });
  const lang = el("select", { "data-testid": "settings-language" }, el("option", { value: "de" }, "Deutsch"), el("option", { value: "en" }, "English"));
  const save = el("button", { type: "button", class: "primary", "data-testid": "settings-save" }, t("common.save"));
  const message = el("p", { role: "status", "data-testid": "settings-message" });
  message.hidden = true;

  // Inline errors under the controls, keyed as the Rust side names the fields.
  const controls: Record<keyof SettingsErrors | "language", HTMLInputElement | HTMLSelectElement> = {
    jobs,
    ocr_lang: ocrLang,
    hot_folder: hotFolder,
    scanner_resolution: resolution,
    scanner_mode: mode,
    language: lang,
  };
  const errors = new Map<string, HTMLElement>();
  const withError = (name: keyof typeof controls, wrap: HTMLElement) => {
    const msg = el("p", { class: "field-error", id: `settings-err-${name}`, "data-testid": `settings-error-${name}` });
    msg.hidden = true;
    controls[name].setAttribute("aria-errormessage", msg.id);
    wrap.append(msg);
    errors.set(name, msg);
    return wrap;
  };
  const showErrors = (found: Record<string, string>) => {
    for (const [name, msg] of errors) {
      const text = found[name];
      msg.textContent = text ?? "";
      msg.hidden = !text;
      const control = controls[name as keyof typeof controls];
      if (text) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  };

  let pageSize: SettingsView["settings"]["scanner"]["page_size"] = null;
  const fill = (s: SettingsView) => {
    pageSize = s.settings.scanner?.page_size ?? null;
    server = s.server ?? null;
    // The library in use: the environment's when it wins, else the one chosen here.
    library.value = s.library_from_env
      ? (s.server ?? s.library_path ?? "")
      : (s.settings.library ?? s.server ?? s.library_path ?? "");
    library.disabled = s.library_from_env;
    choose.disabled = s.library_from_env;
    envNote.hidden = !s.library_from_env;
    jobs.value = s.settings.jobs?.toString() ?? "";
    const label = jobsField.querySelector("label");
    if (label) label.textContent = t("settings.jobs", { cores: s.cores });
    const choices = ocrChoices(s.ocr_models);
    const chosen = s.settings.ocr_lang ?? "auto";
    if (!choices.includes(chosen)) choices.push(chosen);
    ocrLang.replaceChildren(
      ...choices.map((c) =>
        el("option", { value: c }, c === "auto" ? t("settings.ocrAuto") : c === "deu+frk" ? t("settings.ocrBoth") : c),
      ),
    );
    ocrLang.value = chosen;
    ocrPlace.value = s.settings.ocr_place ?? "server";
    hotFolder.value = s.settings.hot_folder ?? "";
    device.value = s.settings.scanner?.device ?? "";
    resolution.value = s.settings.scanner?.resolution?.toString() ?? "";
    mode.value = s.settings.scanner?.mode ?? "";
    source.value = s.settings.scanner?.source ?? "";
    lang.value = s.settings.language ?? language();
    showErrors({});
  };
  choose.addEventListener("click", async () => {
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir === "string") library.value = dir;
  });
  chooseHot.addEventListener("click", async () => {
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir === "string") hotFolder.value = dir;
  });
  save.addEventListener("click", async () => {
    const { settings, errors: found } = readSettingsForm({
      library: library.disabled ? null : library.value,
      jobs: jobs.value,
      language: lang.value,
      ocr_lang: ocrLang.value,
      ocr_place: ocrPlace.value,
      hot_folder: hotFolder.value,
      device: device.value,
      resolution: resolution.value,
      mode: mode.value,
      source: source.value,
      page_size: pageSize,
    });
    showErrors(found);
    const first = Object.keys(found)[0] as keyof typeof controls | undefined;
    if (first) {
      controls[first].focus();
      return showMessage(message, found[first as keyof SettingsErrors] ?? "", "error");
    }
    try {
      const before = language();
      const was = server;
      const s = await api.saveSettings(settings);
      fill(s);
      showMessage(message, t("settings.saved"), "ok");
      if (lang.value !== before || (s.server ?? null) !== was) window.location.reload();
    } catch (e) {
      const f = e as { fields?: { field: string; message: string }[] };
      if (f.fields?.length) showErrors(Object.fromEntries(f.fields.map((x) => [x.field, x.message])));
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  });

  root.append(
    el("h2", { id: "heading-einstellungen" }, t("settings.heading")),
    el(
      "fieldset",
      {},
      el("legend", {}, t("settings.general")),
      el("div", { class: "path-add" }, field(t("settings.library"), library), choose),
      envNote,
      withError("language", field(t("settings.language"), lang)),
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, t("settings.ocr")),
      withError("ocr_lang", field(t("settings.ocrLang"), ocrLang)),
      withError("jobs", jobsField),
      field(t("settings.ocrPlace"), ocrPlace, t("settings.ocrPlaceHelp")),
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, t("settings.hotFolder")),
      el("div", { class: "path-add" }, withError("hot_folder", field(t("settings.hotFolder"), hotFolder, t("settings.hotFolderHelp"))), chooseHot),
      ...(watch?.nodes ?? []),
      watchElsewhere,
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, t("settings.scanner")),
      field(t("settings.device"), device),
      withError("scanner_resolution", field(t("settings.resolution"), resolution)),
      withError("scanner_mode", field(t("settings.mode"), mode)),
      field(t("settings.source"), source),
    ),
    el("div", { class: "toolbar" }, save),
    message,
  );
  return {
    show: () => {
      void api
        .getSettings()
        .then(fill)
        .catch((e) => showMessage(message, failureMessage(e), "error"));
      watch?.refresh();
    },
  };
}
