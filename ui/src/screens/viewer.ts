// The page viewer: the stored page image, turned upright where the page was stored turned, with
// word boxes outlined over it (turned the same way), and zoom.
import { api, failureMessage, type PageView } from "../api";
import { el } from "../dom";
import { rotateBox, scaleBox } from "../hits";
import { t } from "../i18n";

export interface Viewer {
  root: HTMLElement;
  /// Shows a page; `boxes` are in pixels of the stored image.
  open: (document: string, page: number, title: string, boxes: [number, number, number, number][]) => Promise<void>;
  clear: () => void;
}

/// The stored image turned upright (a clockwise quarter turn) on a canvas, as a blob to show.
async function turned(bytes: ArrayBuffer, rotation: number): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const { width, height } = bitmap;
  const quarter = rotation === 90 || rotation === 270;
  const canvas = document.createElement("canvas");
  canvas.width = quarter ? height : width;
  canvas.height = quarter ? width : height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("canvas");
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(bitmap, -width / 2, -height / 2);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
  if (!blob) throw new Error("canvas");
  return { blob, width, height };
}

export function createViewer(withZoom = true): Viewer {
  const img = el("img", { "data-testid": "page-image", class: "page-image", alt: "" });
  const overlay = el("div", { class: "hit-layer", "aria-hidden": "true" });
  const stage = el("div", { class: "page-stage" }, img, overlay);
  const scroller = el("div", { class: "page-scroller", tabindex: "0" }, stage);
  const status = el("p", { class: "viewer-status", role: "status" });
  const root = el("div", { class: "viewer" });
  let zoom = 0; // 0: fit to width, else a factor of the natural size
  let boxes: [number, number, number, number][] = [];
  let url: string | null = null;
  let request = 0;
  // The pages of the documents seen (for each page's rotation).
  const pagesOf = new Map<string, PageView[]>();
  const rotationOf = async (document: string, page: number): Promise<number> => {
    let pages = pagesOf.get(document);
    if (!pages) {
      pages = (await api.document(document)).pages;
      pagesOf.set(document, pages);
    }
    return pages.find((p) => p.page === page)?.display_rotation ?? 0;
  };

  const draw = () => {
    overlay.replaceChildren();
    if (!img.naturalWidth) return;
    const natural = { width: img.naturalWidth, height: img.naturalHeight };
    const shown = { width: img.clientWidth, height: img.clientHeight };
    for (const b of boxes) {
      const r = scaleBox(b, natural, shown);
      const box = el("div", { class: "hit-box", "data-testid": "hit-box" });
      box.style.left = `${r.left}px`;
      box.style.top = `${r.top}px`;
      box.style.width = `${r.width}px`;
      box.style.height = `${r.height}px`;
      overlay.append(box);
    }
  };
  const applyZoom = () => {
    if (zoom === 0) {
      img.style.width = "100%";
    } else {
      img.style.width = `${Math.round(img.naturalWidth * zoom)}px`;
    }
    requestAnimationFrame(draw);
  };
  img.addEventListener("load", applyZoom);
  new ResizeObserver(() => draw()).observe(stage);

  if (withZoom) {
    const button = (label: string, f: () => void) => {
      const b = el("button", { type: "button" }, label);
      b.addEventListener("click", f);
      return b;
    };
    const fitScale = () => (img.naturalWidth ? img.clientWidth / img.naturalWidth : 1);
    root.append(
      el(
        "div",
        { class: "toolbar" },
        button(t("viewer.zoomOut"), () => {
          zoom = Math.max(0.1, (zoom || fitScale()) / 1.25);
          applyZoom();
        }),
        button(t("viewer.zoomFit"), () => {
          zoom = 0;
          applyZoom();
        }),
        button(t("viewer.zoomIn"), () => {
          zoom = Math.min(4, (zoom || fitScale()) * 1.25);
          applyZoom();
        }),
      ),
    );
  }
  root.append(status, scroller);

  return {
    root,
    async open(document, page, title, newBoxes) {
      const mine = ++request;
      status.textContent = t("viewer.loading");
      boxes = newBoxes;
      try {
        const [bytes, rotation] = await Promise.all([
          api.pageImage(document, page),
          rotationOf(document, page).catch(() => 0),
        ]);
        if (mine !== request) return;
        let blob = new Blob([bytes]);
        if (rotation !== 0) {
          const upright = await turned(bytes, rotation);
          if (mine !== request) return;
          blob = upright.blob;
          boxes = newBoxes.map((b) => rotateBox(b, rotation, upright.width, upright.height));
        }
        if (url) URL.revokeObjectURL(url);
        url = URL.createObjectURL(blob);
        img.dataset.rotation = String(rotation);
        img.alt = t("viewer.image", { page, title });
        img.dataset.document = document;
        img.dataset.page = String(page);
        img.src = url;
        status.textContent = "";
      } catch (e) {
        if (mine === request) status.textContent = t("common.error", { message: failureMessage(e) });
      }
    },
    clear() {
      request += 1;
      boxes = [];
      overlay.replaceChildren();
      img.removeAttribute("src");
      status.textContent = "";
    },
  };
}
