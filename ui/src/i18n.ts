// UI strings: German first, English selectable; `t(key, params)` fills {placeholders}.
import de from "./i18n/de.json";
import en from "./i18n/en.json";

export type Language = "de" | "en";
export type Key = keyof typeof de;

const dictionaries: Record<Language, Record<Key, string>> = { de, en };
let current: Language = "de";

export function setLanguage(lang: string | null | undefined): Language {
  current = lang === "en" ? "en" : "de";
  if (typeof document !== "undefined") document.documentElement.lang = current;
  return current;
}

export function language(): Language {
  return current;
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const template = dictionaries[current][key] ?? dictionaries.de[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/// The text of a key the backend named, or `null` when the catalogues do not know it.
export function translate(key: string, params: Record<string, string | number> = {}): string | null {
  return key in dictionaries.de ? t(key as Key, params) : null;
}

/// "1 Seite" / "3 Seiten".
export function pages(n: number): string {
  return n === 1 ? t("common.page") : t("common.pages", { n });
}

/// Every key of one language that the other lacks (for the tests).
export function missingKeys(): string[] {
  const a = Object.keys(de);
  const b = Object.keys(en);
  return [...a.filter((k) => !b.includes(k)), ...b.filter((k) => !a.includes(k))];
}
