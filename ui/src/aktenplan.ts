// The Aktenplan picker's logic: which units match what the clerk types, and what choosing a
// unit fills into the record form. The plan itself comes from the library (get_aktenplan).
import type { AktenplanEntry } from "./api";
import type { RecordFormValues } from "./validation";

/// Units whose Kennzeichen starts with the query or whose title holds every word of it (case
/// ignored), in plan order; all units for an empty query. Mirrors `Aktenplan::matching`.
export function filterPlan(entries: AktenplanEntry[], query: string): AktenplanEntry[] {
  const q = query.trim().toLowerCase();
  if (q === "") return entries;
  const words = q.split(/\s+/);
  return entries.filter((e) => {
    const title = e.titel.toLowerCase();
    return e.kennzeichen.startsWith(q) || words.every((w) => title.includes(w));
  });
}

/// The record form after choosing a unit: the Aktenplaneinheit is set; an empty Aktenzeichen
/// gets the Kennzeichen and a slash to go on typing; an empty Aufbewahrungsfrist gets the plan's.
export function applyPlanEntry(values: RecordFormValues, entry: AktenplanEntry): RecordFormValues {
  return {
    ...values,
    aktenplan_unit: entry.kennzeichen,
    aktenzeichen: values.aktenzeichen.trim() === "" ? `${entry.kennzeichen}/` : values.aktenzeichen,
    retention: values.retention.trim() === "" && entry.aufbewahrung ? entry.aufbewahrung : values.retention,
  };
}

/// "632.10 – Bauanträge und Baugenehmigungen".
export function planLabel(e: AktenplanEntry): string {
  return `${e.kennzeichen} – ${e.titel}`;
}

/// The depth of a unit in the plan (for indenting): `6` → 0, `63` → 1, `632.10` → 3.
export function planDepth(kennzeichen: string): number {
  const [head, ...rest] = kennzeichen.split(".");
  return Math.max(0, head.length - 1) + rest.length;
}
