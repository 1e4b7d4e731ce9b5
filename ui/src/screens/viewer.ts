// The page viewer: the stored page image with word boxes outlined over it, and zoom.
import { api, failureMessage } from "../api";
import { el } from "../dom";
import { scaleBox } from "../hits";
import { t } from "../i18n";

export interface Viewer {
  root: HTMLElement;
  /// Shows a page; `boxes` are in pixels of the stored image.
  open: (document: string, page: number, title: string, boxes: [number, number, number, number][]) => Promise<void>;
  clear: () => void;
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
        const bytes = await api.pageImage(document, page);
        if (mine !== request) return;
        if (url) URL.revokeObjectURL(url);
        url = URL.createObjectURL(new Blob([bytes]));
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
