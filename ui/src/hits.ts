// Search results as the window shows them: hits grouped by document, snippets split into
// marked and plain parts, word boxes scaled to the displayed image, progress ETA.

import type { Hit } from "./generated/api";

/// One matching page as the `search` command gives it (generated from Rust).
export type { Hit };

export interface HitGroup {
  document_id: string;
  record_id: string;
  title: string;
  aktenzeichen: string | null;
  hits: Hit[];
}

/// Groups hits by document, in the order each document first appears (best hit first).
export function groupHits(hits: Hit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    let g = groups.get(hit.document_id);
    if (!g) {
      g = {
        document_id: hit.document_id,
        record_id: hit.record_id,
        title: hit.title,
        aktenzeichen: hit.aktenzeichen,
        hits: [],
      };
      groups.set(hit.document_id, g);
    }
    g.hits.push(hit);
  }
  for (const g of groups.values()) g.hits.sort((a, b) => a.page - b.page);
  return [...groups.values()];
}

export interface SnippetPart {
  text: string;
  marked: boolean;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/// Splits a snippet (`<mark>` around matched words, the rest HTML-escaped) into text parts, so
/// the window builds it from text nodes and never parses HTML.
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: unescape(snippet.slice(last, m.index)), marked: false });
    parts.push({ text: unescape(m[1]), marked: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: unescape(snippet.slice(last)), marked: false });
  return parts;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/// A word box in pixels of the stored image, scaled to the image as displayed.
export function scaleBox(
  box: [number, number, number, number],
  natural: { width: number; height: number },
  shown: { width: number; height: number },
  pad = 2,
): Rect {
  const sx = natural.width > 0 ? shown.width / natural.width : 0;
  const sy = natural.height > 0 ? shown.height / natural.height : 0;
  const [x, y, w, h] = box;
  return {
    left: x * sx - pad,
    top: y * sy - pad,
    width: w * sx + 2 * pad,
    height: h * sy + 2 * pad,
  };
}

/// Position of a hit in the flat list of all hits (for next/previous across documents).
export function stepHit(count: number, index: number, delta: number): number {
  if (count <= 0) return -1;
  return (((index + delta) % count) + count) % count;
}

/// Remaining time from the pace so far, as "1 min 20 s" / "45 s"; null while unknown.
export function eta(done: number, total: number, elapsedMs: number): string | null {
  if (done <= 0 || total <= done || elapsedMs <= 0) return null;
  const seconds = Math.round(((total - done) * elapsedMs) / done / 1000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/// A filter expression for a facet value, as the query language takes it.
export function facetFilter(facet: "jahr" | "plan" | "amt" | "typ", value: string): string {
  return /\s/.test(value) ? `${facet}:"${value}"` : `${facet}:${value}`;
}

/// A word box `[x, y, w, h]` of the stored image, turned with the page: `rotation` is the
/// clockwise quarter turn (0, 90, 180, 270) that makes the stored image of `width`×`height`
/// upright (the page's OCR orientation); the result is in pixels of the upright image.
export function rotateBox(
  box: [number, number, number, number],
  rotation: number,
  width: number,
  height: number,
): [number, number, number, number] {
  const [x, y, w, h] = box;
  switch (((rotation % 360) + 360) % 360) {
    case 90:
      return [height - (y + h), x, h, w];
    case 180:
      return [width - (x + w), height - (y + h), w, h];
    case 270:
      return [y, width - (x + w), h, w];
    default:
      return box;
  }
}

