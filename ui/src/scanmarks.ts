// Which sheets of a scanned batch the split left out: separator sheets and dropped blank back
// sides, by their place in the batch (1-based), for the scan panel's thumbnails.
import type { SplitReport } from "./generated/api";

export type SheetMark = { page: number; kind: "separator" | "dropped" };

export function sheetMarks(files: string[], split: SplitReport | null): SheetMark[] {
  if (!split) return [];
  const place = (path: string) => files.indexOf(path) + 1;
  const marks: SheetMark[] = [];
  for (const s of split.separators)
    for (const p of s.pages) if (place(p.path) > 0) marks.push({ page: place(p.path), kind: "separator" });
  for (const d of split.dropped_blank)
    if (place(d.page.path) > 0) marks.push({ page: place(d.page.path), kind: "dropped" });
  return marks.sort((a, b) => a.page - b.page);
}
