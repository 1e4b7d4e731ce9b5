// Unit tests of the window's logic: i18n, form validation, grouping of hits, snippets, box scaling, ETA.
import { describe, expect, it, beforeEach } from "vitest";
import { missingKeys, pages, setLanguage, t } from "./i18n";
import { checkLaufzeit, isPartialDate, laufzeitText, validateRecord, type RecordFormValues } from "./validation";
import { eta, facetFilter, groupHits, rotateBox, scaleBox, snippetParts, stepHit, type Hit } from "./hits";

const form = (over: Partial<RecordFormValues> = {}): RecordFormValues => ({
  aktenzeichen: "632.10/1987-014",
  title: "Bauakte Lindenstraße 4",
  laufzeit: "1987..1994",
  office: "Bauamt",
  aktenplan_unit: "632.10",
  confidentiality: "003",
  retention: "30",
  personal_data: false,
  remark: "",
  ...over,
});

const hit = (document_id: string, page: number, over: Partial<Hit> = {}): Hit => ({
  record_id: "r1",
  document_id,
  page,
  score: 1,
  title: `Dokument ${document_id}`,
  aktenzeichen: null,
  snippet: "",
  boxes: [],
  ...over,
});

describe("i18n", () => {
  beforeEach(() => setLanguage("de"));
  it("German and English have the same keys", () => {
    expect(missingKeys()).toEqual([]);
  });
  it("fills placeholders and switches language", () => {
    expect(t("capture.progressText", { done: 3, total: 7 })).toBe("3 von 7 Seiten");
    expect(pages(1)).toBe("1 Seite");
    expect(pages(4)).toBe("4 Seiten");
    setLanguage("en");
    expect(t("capture.progressText", { done: 3, total: 7 })).toBe("3 of 7 pages");
    expect(t("nav.search")).toBe("Search");
  });
  it("falls back to German for an unknown language and keeps unknown placeholders", () => {
    expect(setLanguage("fr")).toBe("de");
    expect(t("viewer.position", { n: 1 })).toBe("Treffer 1 von {total}");
  });
});

describe("validation", () => {
  beforeEach(() => setLanguage("de"));
  it("accepts a complete record", () => {
    expect(validateRecord(form())).toEqual({});
    expect(validateRecord(form({ laufzeit: "", retention: "unbefristet" }))).toEqual({});
  });
  it("explains each problem in German", () => {
    const e = validateRecord(form({ title: "  ", laufzeit: "1994..1987", retention: "dreißig", confidentiality: "" }));
    expect(e.title).toBe("Bitte einen Titel angeben.");
    expect(e.laufzeit).toBe("Der Beginn liegt nach dem Ende.");
    expect(e.retention).toContain("unbefristet");
    expect(e.confidentiality).toBeDefined();
  });
  it("knows partial and real calendar dates", () => {
    expect(isPartialDate("1987")).toBe(true);
    expect(isPartialDate("1987-02")).toBe(true);
    expect(isPartialDate("1988-02-29")).toBe(true);
    expect(isPartialDate("1987-02-29")).toBe(false);
    expect(isPartialDate("1987-13")).toBe(false);
    expect(isPartialDate("87")).toBe(false);
    expect(checkLaufzeit("1987-03..1994-11-30")).toBeNull();
    expect(checkLaufzeit("1987..1987-05")).toBeNull();
    expect(checkLaufzeit("März 1987")).toContain("JJJJ");
  });
  it("shows stored dates as the form's Laufzeit", () => {
    expect(laufzeitText("1987", "1994")).toBe("1987..1994");
    expect(laufzeitText("1987", "1987")).toBe("1987");
    expect(laufzeitText(null, null)).toBe("");
  });
});

describe("hits", () => {
  it("groups hits by document in order of first appearance, pages ascending", () => {
    const groups = groupHits([hit("b", 3), hit("a", 2), hit("b", 1), hit("a", 1)]);
    expect(groups.map((g) => g.document_id)).toEqual(["b", "a"]);
    expect(groups[0].hits.map((h) => h.page)).toEqual([1, 3]);
  });
  it("splits snippets into marked and plain text without parsing HTML", () => {
    expect(snippetParts("Der <mark>Bauantrag</mark> &amp; <mark>Plan</mark> &lt;b&gt;")).toEqual([
      { text: "Der ", marked: false },
      { text: "Bauantrag", marked: true },
      { text: " & ", marked: false },
      { text: "Plan", marked: true },
      { text: " <b>", marked: false },
    ]);
    expect(snippetParts("")).toEqual([]);
  });
  it("scales word boxes to the displayed image", () => {
    const r = scaleBox([100, 200, 50, 20], { width: 2000, height: 3000 }, { width: 500, height: 750 }, 0);
    expect(r).toEqual({ left: 25, top: 50, width: 12.5, height: 5 });
    const padded = scaleBox([0, 0, 10, 10], { width: 10, height: 10 }, { width: 10, height: 10 }, 2);
    expect(padded).toEqual({ left: -2, top: -2, width: 14, height: 14 });
    expect(scaleBox([1, 1, 1, 1], { width: 0, height: 0 }, { width: 5, height: 5 }, 0).width).toBe(0);
  });
  it("steps through hits with wrap-around", () => {
    expect(stepHit(3, 2, 1)).toBe(0);
    expect(stepHit(3, 0, -1)).toBe(2);
    expect(stepHit(3, -1, 1)).toBe(0);
    expect(stepHit(0, 0, 1)).toBe(-1);
  });
  it("estimates the remaining time from the pace so far", () => {
    expect(eta(0, 10, 1000)).toBeNull();
    expect(eta(5, 10, 10_000)).toBe("10 s");
    expect(eta(1, 10, 20_000)).toBe("3 min 0 s");
    expect(eta(10, 10, 5000)).toBeNull();
  });
  it("writes facet filters in the query language", () => {
    expect(facetFilter("jahr", "1987")).toBe("jahr:1987");
    expect(facetFilter("amt", "Amt für Bauwesen")).toBe('amt:"Amt für Bauwesen"');
  });
});

import { applyEdit, dropTarget, shortcut, step, turned } from "./pages";

describe("page strip", () => {
  it("a drop on the left half goes before, on the right half after the page", () => {
    expect(dropTarget(3, 1, false, 4)).toEqual({ op: "move", from: 3, to: 1 });
    expect(dropTarget(1, 3, true, 4)).toEqual({ op: "move", from: 1, to: 3 });
    expect(dropTarget(1, 3, false, 4)).toEqual({ op: "move", from: 1, to: 2 });
    expect(dropTarget(4, 4, true, 4)).toBeNull();
    expect(dropTarget(2, 1, true, 4)).toBeNull();
    expect(dropTarget(2, 3, false, 4)).toBeNull();
    expect(dropTarget(1, 4, true, 4)).toEqual({ op: "move", from: 1, to: 4 });
    expect(dropTarget(5, 1, false, 4)).toBeNull();
  });

  it("moves one place by button and stops at the ends", () => {
    expect(step(2, -1, 3)).toEqual({ op: "move", from: 2, to: 1 });
    expect(step(1, -1, 3)).toBeNull();
    expect(step(3, 1, 3)).toBeNull();
  });

  it("keyboard shortcuts", () => {
    const key = (k: string, mods: Partial<{ altKey: boolean; shiftKey: boolean }> = {}) => ({
      key: k,
      altKey: false,
      shiftKey: false,
      ctrlKey: false,
      metaKey: false,
      ...mods,
    });
    expect(shortcut(key("ArrowLeft", { altKey: true }), 2, 3)).toEqual({ op: "move", from: 2, to: 1 });
    expect(shortcut(key("ArrowRight", { altKey: true }), 3, 3)).toBeNull();
    expect(shortcut(key("r"), 2, 3)).toEqual({ op: "rotate", page: 2, degrees: 90 });
    expect(shortcut(key("R", { shiftKey: true }), 2, 3)).toEqual({ op: "rotate", page: 2, degrees: -90 });
    expect(shortcut(key("Delete"), 2, 3)).toBe("confirm-delete");
    expect(shortcut(key("Delete"), 1, 1)).toBeNull();
    expect(shortcut(key("t"), 1, 3)).toBeNull();
    expect(shortcut(key("t"), 2, 3)).toEqual({ op: "split_at", page: 2 });
    expect(shortcut(key("ArrowLeft"), 2, 3)).toBeNull();
  });

  it("redraws the order an edit leads to", () => {
    expect(applyEdit([1, 2, 3, 4], { op: "move", from: 3, to: 1 })).toEqual([3, 1, 2, 4]);
    expect(applyEdit([1, 2, 3, 4], { op: "move", from: 1, to: 4 })).toEqual([2, 3, 4, 1]);
    expect(applyEdit([1, 2, 3], { op: "delete", page: 2 })).toEqual([1, 3]);
    expect(applyEdit([1, 2, 3], { op: "split_at", page: 2 })).toEqual([1]);
    expect(turned(270, 90)).toBe(0);
    expect(turned(0, -90)).toBe(270);
  });
});

describe("rotated pages", () => {
  // A stored image 100 wide, 50 high; a word at x 10..30, y 5..15.
  const box: [number, number, number, number] = [10, 5, 20, 10];
  it("keeps the box of an upright page", () => {
    expect(rotateBox(box, 0, 100, 50)).toEqual(box);
  });
  it("turns the box with the page (upright image: 50×100 for quarter turns)", () => {
    expect(rotateBox(box, 180, 100, 50)).toEqual([70, 35, 20, 10]);
    expect(rotateBox(box, 90, 100, 50)).toEqual([35, 10, 10, 20]);
    expect(rotateBox(box, 270, 100, 50)).toEqual([5, 70, 10, 20]);
  });
  it("four quarter turns give the box back", () => {
    let b = box;
    let [w, h] = [100, 50];
    for (let i = 0; i < 4; i++) {
      b = rotateBox(b, 90, w, h);
      [w, h] = [h, w];
    }
    expect(b).toEqual(box);
  });
});


describe("backend refusals", () => {
  beforeEach(() => setLanguage("de"));

  it("are shown in the window's language from the catalogue key the backend names", async () => {
    const { fieldMessages } = await import("./api");
    const refusal = {
      message: "Die Angaben wurden nicht gespeichert: bitte die markierten Felder prüfen.",
      fields: [
        {
          field: "retention",
          message: "Aufbewahrungsfrist „1000“: höchstens 999 Jahre, sonst „unbefristet“",
          key: "error.retention.max",
          params: { value: "1000", max: "999" },
        },
        { field: "jobs", message: "Bitte eine ganze Zahl von 1 bis 64 angeben.", key: null, params: {} },
      ],
    };
    expect(fieldMessages(refusal).retention).toBe(
      "Aufbewahrungsfrist „1000“: höchstens 999 Jahre, sonst „unbefristet“",
    );
    setLanguage("en");
    const en = fieldMessages(refusal);
    expect(en.retention).toBe("Retention period “1000”: at most 999 years, else “unbefristet”");
    expect(en.jobs).toBe("Bitte eine ganze Zahl von 1 bis 64 angeben.");
    expect(fieldMessages(new Error("x"))).toEqual({});
  });
});
