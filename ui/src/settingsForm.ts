// The Einstellungen form's logic: the OCR model choices and the checks of what was typed (the
// Rust side checks again, with the installed models).
import type { AppSettings, PageSize } from "./api";
import { t } from "./i18n";

export interface SettingsFormValues {
  library: string | null;
  jobs: string;
  language: string;
  ocr_lang: string;
  /// `server` or `arbeitsplatz`: where scans for a record on the server are recognised.
  ocr_place: string;
  hot_folder: string;
  device: string;
  resolution: string;
  mode: string;
  source: string;
  /// Chosen in Erfassen → Scannen from what the scanner offers; kept as it is.
  page_size?: PageSize | null;
}

export type SettingsErrors = Partial<Record<"jobs" | "hot_folder" | "scanner_resolution" | "scanner_mode" | "ocr_lang", string>>;

/// The OCR model choices: automatic, each installed model, and German with Fraktur together.
export function ocrChoices(models: string[]): string[] {
  const choices = ["auto", ...models];
  if (models.includes("deu") && models.includes("frk")) choices.push("deu+frk");
  return choices;
}

const blank = (s: string): string | null => (s.trim() === "" ? null : s.trim());

/// The settings to save from the form, or the fields at fault with German messages.
export function readSettingsForm(v: SettingsFormValues): { settings: AppSettings; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const jobs = v.jobs.trim() === "" ? null : Number(v.jobs);
  if (jobs !== null && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) errors.jobs = t("settings.jobsInvalid");
  const resolution = v.resolution.trim() === "" ? null : Number(v.resolution);
  if (resolution !== null && !(Number.isInteger(resolution) && resolution >= 50 && resolution <= 2400))
    errors.scanner_resolution = t("settings.resolutionInvalid");
  return {
    settings: {
      library: v.library === null ? null : blank(v.library),
      jobs: errors.jobs ? null : jobs,
      language: v.language,
      ocr_lang: v.ocr_lang === "auto" ? null : blank(v.ocr_lang),
      ocr_place: v.ocr_place === "arbeitsplatz" ? "arbeitsplatz" : null,
      hot_folder: blank(v.hot_folder),
      scanner: {
        device: blank(v.device),
        resolution: errors.scanner_resolution ? null : resolution,
        mode: blank(v.mode),
        source: blank(v.source),
        page_size: v.page_size ?? null,
      },
    },
    errors,
  };
}
