// A scanned batch's thumbnails are marked where the split left a sheet out.
import { describe, expect, it } from "vitest";
import { sheetMarks } from "./scanmarks";

const files = ["/l/scans/b/seite-0001.png", "/l/scans/b/seite-0002.png", "/l/scans/b/seite-0003.png", "/l/scans/b/seite-0004.png"];
const ref = (n: number) => ({ path: files[n - 1], page_index: 0 });

describe("sheetMarks", () => {
  it("marks separator sheets and dropped back sides by their place in the batch", () => {
    const marks = sheetMarks(files, {
      separators: [{ pages: [ref(3)], kind: "barcode", barcode: "AZ 1/2", aktenzeichen: "1/2", before_document: 1 }],
      dropped_blank: [{ page: ref(2), ink: 0, document: 0 }],
    });
    expect(marks).toEqual([
      { page: 2, kind: "dropped" },
      { page: 3, kind: "separator" },
    ]);
  });

  it("marks nothing for an unsplit batch or pages of other files", () => {
    expect(sheetMarks(files, null)).toEqual([]);
    expect(
      sheetMarks(files, { separators: [], dropped_blank: [{ page: { path: "/elsewhere.png", page_index: 0 }, ink: 0, document: null }] }),
    ).toEqual([]);
  });
});
