// Metadaten → Vorschläge: what the rules read from the record's pages, each right under its field
// (the slot the form gives; else in the panel) with why, how sure, "Zeigen" (the page with the
// words outlined, in the panel), "Übernehmen" and "Verwerfen".
// Nothing is applied without the clerk; each decision is in the audit log (the Rust side).
import { api, failureMessage, type Decision, type RecordSuggestions, type Suggestion } from "../api";
import { el, showMessage } from "../dom";
import { t, type Key } from "../i18n";
import { currentRecords } from "../state";
import { createViewer } from "./viewer";

export function mountSuggestions(
  applied: () => Promise<void>,
  slotOf: (document: string | null, field: string) => HTMLElement | null,
): { root: HTMLElement; show: (record: string | null) => void } {
  const list = el("ul", { class: "suggestions", "data-testid": "suggestions", "aria-live": "polite" });
  const status = el("p", { role: "status", class: "help", "data-testid": "suggestions-status" });
  const viewer = createViewer(false);
  const where = el("div", { class: "suggestion-page", "data-testid": "suggestion-page" }, viewer.root);
  where.hidden = true;
  let record: string | null = null;
  let asking = 0;

  const label = (s: Suggestion) => t(`suggest.field.${s.field}` as Key);
  const item = (s: Suggestion, documentId: string | null, docTitle: string | null, inSlot: boolean): HTMLElement => {
    const accept = el("button", { type: "button", class: "small", "data-testid": "suggestion-accept" }, t("suggest.accept"));
    const refuse = el("button", { type: "button", class: "small", "data-testid": "suggestion-refuse" }, t("suggest.refuse"));
    const show = el("button", { type: "button", class: "small", "data-testid": "suggestion-show" }, t("suggest.show"));
    show.hidden = s.evidence.length === 0 || !s.evidence.some((e) => e.boxes.length > 0);
    const li = el(
      "li",
      { "data-testid": "suggestion", "data-field": s.field, "data-document": documentId ?? "" },
      el("span", { class: "suggestion-field" }, inSlot ? t("suggest.prefix") : docTitle ? `${docTitle} · ${label(s)}` : label(s)),
      el("strong", { class: "suggestion-value" }, s.value === "ja" ? t("suggest.yes") : s.value),
      el("span", { class: "suggestion-sure" }, t("suggest.sure", { n: Math.round(s.confidence * 100) })),
      el("span", { class: "suggestion-why" }, s.reason),
      el("span", { class: "toolbar" }, show, accept, refuse),
    );
    const decide = async (yes: boolean) => {
      if (!record) return;
      const d: Decision = { document_id: documentId, field: s.field, value: s.value, accept: yes };
      accept.disabled = refuse.disabled = true;
      try {
        await api.decideSuggestions(record, [d]);
        li.remove();
        showMessage(status, yes ? t("suggest.accepted", { field: label(s) }) : t("suggest.refused", { field: label(s) }), "ok");
        if (yes) await applied();
      } catch (e) {
        accept.disabled = refuse.disabled = false;
        showMessage(status, t("common.error", { message: failureMessage(e) }), "error");
      }
    };
    accept.addEventListener("click", () => void decide(true));
    refuse.addEventListener("click", () => void decide(false));
    show.addEventListener("click", () => {
      const ev = s.evidence.find((e) => e.boxes.length > 0);
      if (!ev) return;
      where.hidden = false;
      where.scrollIntoView({ block: "center" });
      void viewer.open(ev.document, ev.page, `${label(s)}: ${s.value}`, ev.boxes.map((b) => [b.x, b.y, b.w, b.h] as [number, number, number, number]));
    });
    return li;
  };

  const render = (r: RecordSuggestions) => {
    for (const old of document.querySelectorAll("#screen-metadaten .suggestion-slot [data-testid=suggestion]")) old.remove();
    const record = currentRecords().find((x) => x.id === r.record_id);
    const titleOf = (id: string) => record?.documents.find((d) => d.id === id)?.title ?? id;
    const all: [Suggestion, string | null][] = [
      ...r.suggestions.map((s): [Suggestion, string | null] => [s, null]),
      ...r.documents.flatMap((d) => d.suggestions.map((s): [Suggestion, string | null] => [s, d.document_id])),
    ];
    const rest: HTMLElement[] = [];
    for (const [s, doc] of all) {
      const place = slotOf(doc, s.field);
      const li = item(s, doc, place || !doc ? null : titleOf(doc), place !== null);
      if (place) place.append(li);
      else rest.push(li);
    }
    list.replaceChildren(...rest);
    status.textContent = all.length === 0 ? t("suggest.none") : t("suggest.count", { n: all.length });
  };

  return {
    root: el("div", { class: "panel suggestions-panel" }, el("h3", {}, t("suggest.heading")), el("p", { class: "help" }, t("suggest.help")), status, list, where),
    show: (id: string | null) => {
      record = id;
      where.hidden = true;
      list.replaceChildren();
      const asked = ++asking;
      if (!id) return;
      status.textContent = t("suggest.reading");
      api
        .suggestRecord(id)
        .then((r) => {
          // Only the latest question is answered on screen.
          if (asked === asking) render(r);
        })
        .catch((e) => showMessage(status, t("common.error", { message: failureMessage(e) }), "error"));
    },
  };
}
