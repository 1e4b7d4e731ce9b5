// The Metadaten screen's logic: the Aktenplan picker and the document form's checks.
import { beforeEach, describe, expect, it } from "vitest";
import { applyPlanEntry, filterPlan, planDepth, planLabel } from "./aktenplan";
import { setLanguage } from "./i18n";
import { ocrChoices, readSettingsForm } from "./settingsForm";
import { validateDocument, type RecordFormValues } from "./validation";
import sample from "../../samples/aktenplan.json";

const entries = sample.entries;

const form = (over: Partial<RecordFormValues> = {}): RecordFormValues => ({
  aktenzeichen: "",
  title: "Bauakte Lindenstraße 4",
  laufzeit: "",
  office: "",
  aktenplan_unit: "",
  confidentiality: "003",
  retention: "",
  personal_data: false,
  remark: "",
  ...over,
});

describe("Aktenplan picker", () => {
  it("finds units by Kennzeichen prefix and by every word of the title", () => {
    expect(filterPlan(entries, "632.1").map((e) => e.kennzeichen)).toEqual(["632.10"]);
    expect(filterPlan(entries, "Bauanträge").map((e) => e.kennzeichen)).toEqual(["632.10"]);
    expect(filterPlan(entries, "gemeinderats beschlüsse").map((e) => e.kennzeichen)).toEqual(["022.31"]);
    expect(filterPlan(entries, "  ")).toHaveLength(entries.length);
    expect(filterPlan(entries, "Raumfahrt")).toEqual([]);
  });

  it("fills the unit, an empty Aktenzeichen and an empty Aufbewahrungsfrist", () => {
    const bau = entries.find((e) => e.kennzeichen === "632.10")!;
    expect(applyPlanEntry(form(), bau)).toMatchObject({
      aktenplan_unit: "632.10",
      aktenzeichen: "632.10/",
      retention: "30",
    });
    // What the clerk typed stays.
    expect(applyPlanEntry(form({ aktenzeichen: "632.10/1987-014", retention: "unbefristet" }), bau)).toMatchObject({
      aktenplan_unit: "632.10",
      aktenzeichen: "632.10/1987-014",
      retention: "unbefristet",
    });
    const group = entries.find((e) => e.kennzeichen === "63")!;
    expect(applyPlanEntry(form(), group).retention).toBe("");
    expect(planLabel(bau)).toBe("632.10 – Bauanträge und Baugenehmigungen (Bauakten)");
    expect([planDepth("6"), planDepth("63"), planDepth("632"), planDepth("632.10")]).toEqual([0, 1, 2, 3]);
  });
});

describe("document form", () => {
  beforeEach(() => setLanguage("de"));
  it("accepts a Betreff with type and partial date, and empty type and date", () => {
    expect(validateDocument({ title: "Bauantrag", doc_type: "Antrag", doc_date: "1987-03" })).toEqual({});
    expect(validateDocument({ title: "Bauantrag", doc_type: "", doc_date: "" })).toEqual({});
  });
  it("says in German what is wrong", () => {
    const errors = validateDocument({ title: " ", doc_type: "A\nB", doc_date: "12.03.1987" });
    expect(errors.title).toBe("Bitte einen Betreff angeben.");
    expect(errors.doc_type).toContain("Zeilenumbrüche");
    expect(errors.doc_date).toBe("Bitte das Datum als JJJJ, JJJJ-MM oder JJJJ-MM-TT angeben.");
    expect(validateDocument({ title: "x", doc_type: "", doc_date: "1987-02-30" }).doc_date).toBeDefined();
    setLanguage("en");
    expect(validateDocument({ title: "", doc_type: "", doc_date: "" }).title).toBe("Please enter a subject.");
  });
});

describe("settings form", () => {
  beforeEach(() => setLanguage("de"));
  const raw = {
    library: "/srv/akten",
    jobs: "2",
    language: "de",
    ocr_lang: "auto",
    ocr_place: "server",
    hot_folder: " ",
    device: "",
    resolution: "300",
    mode: "Gray",
    source: "ADF Duplex",
  };
  it("offers automatic, each model, and deu+frk when both are there", () => {
    expect(ocrChoices(["deu", "frk", "eng"])).toEqual(["auto", "deu", "frk", "eng", "deu+frk"]);
    expect(ocrChoices(["deu"])).toEqual(["auto", "deu"]);
  });
  it("turns the form into settings: automatic and empty fields are null", () => {
    const { settings, errors } = readSettingsForm(raw);
    expect(errors).toEqual({});
    expect(settings).toEqual({
      library: "/srv/akten",
      jobs: 2,
      language: "de",
      ocr_lang: null,
      ocr_place: null,
      hot_folder: null,
      scanner: { device: null, resolution: 300, mode: "Gray", source: "ADF Duplex", page_size: null },
    });
    expect(readSettingsForm({ ...raw, ocr_lang: "frk", library: null }).settings).toMatchObject({ ocr_lang: "frk", library: null });
    expect(readSettingsForm({ ...raw, ocr_place: "arbeitsplatz" }).settings.ocr_place).toBe("arbeitsplatz");
  });
  it("says in German what is wrong", () => {
    const { errors } = readSettingsForm({ ...raw, jobs: "0", resolution: "72.5" });
    expect(errors.jobs).toBe("Bitte eine ganze Zahl von 1 bis 64 angeben.");
    expect(errors.scanner_resolution).toBe("Bitte eine ganze Zahl von 50 bis 2400 angeben.");
  });
});
