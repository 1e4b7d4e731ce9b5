// The Konten screen's logic: typed lists of offices and units, and a grant in words.
import { beforeEach, describe, expect, it } from "vitest";
import { clearanceOf, entries, scopeText } from "./accountForm";
import { setLanguage } from "./i18n";

describe("a grant typed into the Konten form", () => {
  beforeEach(() => setLanguage("de"));

  it("takes commas or semicolons, trims, and drops empty and repeated entries", () => {
    expect(entries(" Bauamt, Hauptamt;;Bauamt , ")).toEqual(["Bauamt", "Hauptamt"]);
    expect(entries("   ")).toEqual([]);
  });

  it("becomes every record when the box is ticked, whatever the lists say", () => {
    const c = clearanceOf({ ceiling: "002", personal: true, everything: true, offices: "Bauamt", units: "63" });
    expect(c).toEqual({ ceiling: "002", personal_data: true, scope: "everything" });
    const g = clearanceOf({ ceiling: "003", personal: false, everything: false, offices: "Bauamt", units: "63, 022" });
    expect(g.scope).toEqual({ granted: { offices: ["Bauamt"], units: ["63", "022"] } });
  });

  it("is said in words, and an empty grant says that it shows nothing", () => {
    const c = clearanceOf({ ceiling: "003", personal: false, everything: false, offices: "Bauamt", units: "632" });
    expect(scopeText(c)).toBe("Ämter: Bauamt; Aktenplan: 632");
    expect(scopeText({ ...c, scope: { granted: { offices: [], units: [] } } })).toBe("keine Akten");
    setLanguage("en");
    expect(scopeText({ ...c, scope: "everything" })).toBe("all records");
  });
});
