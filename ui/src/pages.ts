// The page strip of "Erfassen" without a window: which edit a drop, a button or a shortcut
// means, and the order the strip shows until the library answers.

import type { PageEdit } from "./generated/api";

/// An edit as the `edit_pages` command takes it (page numbers 1-based; generated from Rust).
export type { PageEdit };

/// The page a dragged page lands on: dropped on the left half of `target` it goes before it,
/// on the right half after it. `null` when nothing would move.
export function dropTarget(from: number, target: number, rightHalf: boolean, count: number): PageEdit | null {
  if (from < 1 || from > count || target < 1 || target > count) return null;
  // Position among the pages without the dragged one, then back to a page number.
  let to = rightHalf ? target + 1 : target;
  if (from < to) to -= 1;
  to = Math.min(Math.max(to, 1), count);
  return to === from ? null : { op: "move", from, to };
}

/// Move one place left (-1) or right (+1); `null` at either end.
export function step(page: number, by: -1 | 1, count: number): PageEdit | null {
  const to = page + by;
  return to < 1 || to > count ? null : { op: "move", from: page, to };
}

/// The keyboard shortcut of a focused page: Alt+←/→ moves, R turns right, Shift+R turns left,
/// Entf deletes (after confirmation), T splits (the document from this page on).
export function shortcut(
  e: { key: string; altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean },
  page: number,
  count: number,
): PageEdit | "confirm-delete" | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.altKey && e.key === "ArrowLeft") return step(page, -1, count);
  if (e.altKey && e.key === "ArrowRight") return step(page, 1, count);
  if (e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "r") return { op: "rotate", page, degrees: e.shiftKey ? -90 : 90 };
  if (e.key === "Delete") return count > 1 ? "confirm-delete" : null;
  if (key === "t" && !e.shiftKey) return page > 1 ? { op: "split_at", page } : null;
  return null;
}

/// The order of the pages after an edit (as original page numbers), to redraw at once.
export function applyEdit(order: number[], edit: PageEdit): number[] {
  const next = [...order];
  switch (edit.op) {
    case "move": {
      const [moved] = next.splice(edit.from - 1, 1);
      if (moved !== undefined) next.splice(edit.to - 1, 0, moved);
      return next;
    }
    case "delete":
      next.splice(edit.page - 1, 1);
      return next;
    case "split_at":
      return next.slice(0, edit.page - 1);
    case "rotate":
      return next;
  }
}

/// Degrees after a turn, 0 … 270.
export function turned(rotation: number, degrees: number): number {
  return (((rotation + degrees) % 360) + 360) % 360;
}
