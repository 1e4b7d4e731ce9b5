// Small DOM helpers: elements with text (never HTML), labelled fields, status messages.
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/// A label + control pair; the label points at the control.
export function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  const wrap = el("div", { class: "field" }, el("label", { for: id }, label), control);
  if (help) {
    const helpId = `${id}-help`;
    wrap.append(el("p", { class: "help", id: helpId }, help));
    control.setAttribute("aria-describedby", helpId);
  }
  return wrap;
}

export function showMessage(target: HTMLElement, text: string, kind: "ok" | "error" | "info" = "info"): void {
  target.textContent = text;
  target.className = `message message-${kind}`;
  target.hidden = text === "";
}
