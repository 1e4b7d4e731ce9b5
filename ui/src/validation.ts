// Inline checks of the record form, with German (or English) messages; the Rust side checks again.
import { t } from "./i18n";

export interface RecordFormValues {
  aktenzeichen: string;
  title: string;
  laufzeit: string;
  office: string;
  aktenplan_unit: string;
  confidentiality: string;
  retention: string;
  personal_data: boolean;
  remark: string;
}

export type FieldErrors = Partial<Record<keyof RecordFormValues, string>>;

const CONFIDENTIALITY = ["001", "002", "003", "004", "005"];

/// A date as the records keep it: YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day).
export function isPartialDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

/// Checks a Laufzeit (`1987..1994`, `1987-03..1994-11-30`, one date or empty); null when fine.
export function checkLaufzeit(value: string): string | null {
  const s = value.trim();
  if (s === "") return null;
  const [from, to] = s.includes("..") ? s.split("..", 2).map((p) => p.trim()) : [s, s];
  if (!isPartialDate(from) || !isPartialDate(to)) return t("val.laufzeitFormat");
  const n = Math.min(from.length, to.length);
  if (from.slice(0, n) > to.slice(0, n)) return t("val.laufzeitOrder");
  return null;
}

export function checkRetention(value: string): string | null {
  const s = value.trim();
  if (s === "" || s.toLowerCase() === "unbefristet") return null;
  return /^\d{1,3}$/.test(s) ? null : t("val.retention");
}

export function validateRecord(v: RecordFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (v.title.trim() === "") errors.title = t("val.titleRequired");
  if (/[\r\n]/.test(v.aktenzeichen)) errors.aktenzeichen = t("val.aktenzeichen");
  const laufzeit = checkLaufzeit(v.laufzeit);
  if (laufzeit) errors.laufzeit = laufzeit;
  const retention = checkRetention(v.retention);
  if (retention) errors.retention = retention;
  if (!CONFIDENTIALITY.includes(v.confidentiality)) errors.confidentiality = t("val.confidentiality");
  return errors;
}

export interface DocumentFormValues {
  title: string;
  doc_type: string;
  doc_date: string;
}

export type DocumentErrors = Partial<Record<keyof DocumentFormValues, string>>;

/// Checks a document's Betreff, Typ and Datum (as `check_document_fields` in the store does).
export function validateDocument(v: DocumentFormValues): DocumentErrors {
  const errors: DocumentErrors = {};
  if (v.title.trim() === "") errors.title = t("val.docTitleRequired");
  else if (/[\r\n]/.test(v.title)) errors.title = t("val.docTitleLines");
  if (/[\r\n]/.test(v.doc_type)) errors.doc_type = t("val.docTypeLines");
  const date = v.doc_date.trim();
  if (date !== "" && !isPartialDate(date)) errors.doc_date = t("val.docDate");
  return errors;
}

/// The form's Laufzeit text from the stored dates.
export function laufzeitText(from: string | null, to: string | null): string {
  if (!from && !to) return "";
  if (from && to && from === to) return from;
  return `${from ?? ""}..${to ?? ""}`;
}
