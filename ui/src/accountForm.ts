// The Konten screen's logic: a grant typed into the form as the server takes it, and in words.
import { t } from "./i18n";
import type { Clearance } from "./remote";

/// The shortest password the server takes (aktenscan_access::MIN_PASSWORD).
export const MIN_PASSWORD = 10;

/// A list typed with commas (or semicolons) as its entries.
export function entries(text: string): string[] {
  return [...new Set(text.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== ""))];
}

/// The grant of an account in words: every record, or its offices and units.
export function scopeText(c: Clearance): string {
  if (c.scope === "everything") return t("accounts.everything");
  const { offices, units } = c.scope.granted;
  const parts = [
    offices.length ? t("accounts.officesShort", { list: offices.join(", ") }) : "",
    units.length ? t("accounts.unitsShort", { list: units.join(", ") }) : "",
  ].filter((p) => p);
  return parts.length ? parts.join("; ") : t("accounts.nothing");
}

/// What the form's fields say of a grant.
export interface GrantFields {
  ceiling: Clearance["ceiling"];
  personal: boolean;
  everything: boolean;
  /// Typed lists, comma-separated.
  offices: string;
  units: string;
}

/// The grant as `PUT /api/konten/{name}` takes it.
export function clearanceOf(f: GrantFields): Clearance {
  return {
    ceiling: f.ceiling,
    personal_data: f.personal,
    scope: f.everything ? "everything" : { granted: { offices: entries(f.offices), units: entries(f.units) } },
  };
}
