// "Metadaten": the record form with inline validation (German messages), the Aktenplan picker,
// and per document Betreff, Typ and Datum.
import { api, failureMessage, fieldMessages, type Aktenplan, type DocumentView, type RecordView } from "../api";
import { applyPlanEntry, filterPlan, planDepth, planLabel } from "../aktenplan";
import { el, field, showMessage, uid } from "../dom";
import { pages, t } from "../i18n";
import { currentRecords, onRecords, recordSelect, reloadRecords, selectedRecord } from "../state";
import { mountSuggestions } from "./suggestions";
import {
  laufzeitText,
  validateDocument,
  validateRecord,
  type DocumentErrors,
  type DocumentFormValues,
  type FieldErrors,
  type RecordFormValues,
} from "../validation";

const DOC_TYPES = ["Antrag", "Bescheid", "Schreiben", "Beschluss", "Bekanntmachung", "Niederschrift", "Vermerk", "Plan", "Vertrag"];

type TextField = Exclude<keyof RecordFormValues, "personal_data" | "confidentiality">;

export function mountMetadata(root: HTMLElement): { show: () => void } {
  const select = recordSelect(() => fill());
  // Suggestions read from the pages; an accepted one is saved by the Rust side, then the form
  // shows the record as it is now.
  const suggestions = mountSuggestions(
    async () => {
      await reloadRecords(); // draws the form anew (onRecords → fill), with the suggestions left
    },
    (document, fieldName) => slots.get(`${document ?? ""}:${fieldName}`) ?? null,
  );
  const form = el("form", { "data-testid": "record-form", novalidate: "" });
  const inputs: Record<TextField, HTMLInputElement | HTMLTextAreaElement> = {
    aktenzeichen: el("input", { type: "text", name: "aktenzeichen" }),
    title: el("input", { type: "text", name: "title", "aria-required": "true" }),
    laufzeit: el("input", { type: "text", name: "laufzeit" }),
    office: el("input", { type: "text", name: "office" }),
    aktenplan_unit: el("input", { type: "text", name: "aktenplan_unit" }),
    retention: el("input", { type: "text", name: "retention" }),
    remark: el("textarea", { name: "remark", rows: "3" }),
  };
  const confidentiality = el("select", { name: "confidentiality" });
  for (const code of ["001", "002", "003", "004", "005"] as const) {
    confidentiality.append(el("option", { value: code }, t(`meta.conf.${code}`)));
  }
  const personal = el("input", { type: "checkbox", name: "personal_data", id: "meta-personal" });
  const errors = new Map<string, HTMLElement>();
  const withError = (name: string, control: HTMLElement, wrap: HTMLElement) => {
    const msg = el("p", { class: "field-error", id: `err-${name}`, "data-testid": `error-${name}` });
    msg.hidden = true;
    wrap.append(msg);
    errors.set(name, msg);
    control.setAttribute("aria-errormessage", `err-${name}`);
    return wrap;
  };
  const row = (name: TextField | "confidentiality", label: string, control: HTMLElement, help?: string) =>
    withError(name, control, field(label, control, help));
  const message = el("p", { role: "status", "data-testid": "record-message" });
  message.hidden = true;
  const save = el("button", { type: "submit", class: "primary", "data-testid": "record-save" }, t("common.save"));
  const docs = el("div", { class: "documents" });

  // The Aktenplan picker: a filter field and the matching units as buttons; choosing one fills
  // the Aktenplaneinheit (and an empty Aktenzeichen and Aufbewahrungsfrist).
  let plan: Aktenplan | null = null;
  const pick = el("button", { type: "button", "data-testid": "plan-pick", "aria-expanded": "false" }, t("meta.pickPlan"));
  const planNote = el("p", { class: "help", "data-testid": "plan-note", "aria-live": "polite" });
  const planFilter = el("input", { type: "search", "data-testid": "plan-filter", autocomplete: "off", spellcheck: "false" });
  const planCount = el("p", { class: "help", role: "status" });
  const planList = el("ul", { class: "plan-list" });
  const planSample = el("p", { class: "help" }, t("meta.planSample"));
  planSample.hidden = true;
  const planClose = el("button", { type: "button", class: "small" }, t("meta.planClose"));
  const picker = el(
    "div",
    { class: "panel plan-picker", "data-testid": "plan-picker", role: "group", "aria-label": t("meta.planHeading") },
    el("div", { class: "toolbar" }, el("h3", {}, t("meta.planHeading")), planClose),
    planSample,
    field(t("meta.planFilter"), planFilter),
    planCount,
    planList,
  );
  picker.hidden = true;
  pick.setAttribute("aria-controls", uid("plan"));
  picker.id = pick.getAttribute("aria-controls") ?? "plan-picker";
  const describePlanUnit = () => {
    const unit = inputs.aktenplan_unit.value.trim();
    const entry = plan?.entries.find((e) => e.kennzeichen === unit);
    planNote.textContent = unit === "" || !plan ? "" : entry ? planLabel(entry) : t("meta.planUnknown");
  };
  const renderPlan = () => {
    if (!plan) return;
    const found = filterPlan(plan.entries, planFilter.value);
    planCount.textContent = found.length === 0 ? t("meta.planNone") : t("meta.planCount", { n: found.length });
    planList.replaceChildren(
      ...found.map((entry) => {
        const b = el("button", { type: "button", class: "plan-entry", "data-testid": "plan-entry" }, planLabel(entry));
        b.style.paddingLeft = `${0.5 + planDepth(entry.kennzeichen) * 0.8}rem`;
        if (entry.aufbewahrung) b.append(el("span", { class: "help" }, ` · ${t("meta.planRetention", { value: entry.aufbewahrung })}`));
        b.addEventListener("click", () => {
          const next = applyPlanEntry(values(), entry);
          inputs.aktenplan_unit.value = next.aktenplan_unit;
          inputs.aktenzeichen.value = next.aktenzeichen;
          inputs.retention.value = next.retention;
          closePicker();
          showErrors(validateRecord(values()));
          describePlanUnit();
          inputs.aktenplan_unit.focus();
        });
        return el("li", {}, b);
      }),
    );
  };
  const closePicker = () => {
    picker.hidden = true;
    pick.setAttribute("aria-expanded", "false");
  };
  const openPicker = async () => {
    try {
      plan ??= await api.aktenplan();
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
      return;
    }
    planSample.hidden = !plan.sample;
    picker.hidden = false;
    pick.setAttribute("aria-expanded", "true");
    planFilter.value = inputs.aktenplan_unit.value.trim();
    renderPlan();
    planFilter.focus();
  };
  pick.addEventListener("click", () => (picker.hidden ? void openPicker() : closePicker()));
  planClose.addEventListener("click", () => {
    closePicker();
    pick.focus();
  });
  planFilter.addEventListener("input", renderPlan);
  // Enter in the filter takes the first unit found (and does not submit the record form).
  planFilter.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    planList.querySelector<HTMLButtonElement>("button")?.click();
  });
  picker.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      closePicker();
      pick.focus();
    }
  });
  inputs.aktenplan_unit.addEventListener("input", describePlanUnit);
  void api
    .aktenplan()
    .then((p) => {
      plan = p;
      describePlanUnit();
    })
    .catch(() => undefined);

  // Where each field's suggestion is shown: right under the field.
  const slots = new Map<string, HTMLElement>();
  const slot = (document: string, fieldName: string) => {
    const s = el("ul", { class: "suggestions suggestion-slot", "aria-live": "polite" });
    slots.set(`${document}:${fieldName}`, s);
    return s;
  };
  form.append(
    row("aktenzeichen", t("meta.aktenzeichen"), inputs.aktenzeichen),
    slot("", "aktenzeichen"),
    row("title", t("meta.title"), inputs.title),
    row("laufzeit", t("meta.laufzeit"), inputs.laufzeit, t("meta.laufzeitHelp")),
    slot("", "laufzeit"),
    row("office", t("meta.office"), inputs.office),
    row("aktenplan_unit", t("meta.plan"), inputs.aktenplan_unit),
    slot("", "aktenplan_unit"),
    el("div", { class: "toolbar" }, pick),
    planNote,
    picker,
    row("confidentiality", t("meta.confidentiality"), confidentiality),
    row("retention", t("meta.retention"), inputs.retention, t("meta.retentionHelp")),
    el("div", { class: "check" }, personal, el("label", { for: "meta-personal" }, t("meta.personal"))),
    slot("", "personal_data"),
    row("remark", t("meta.remark"), inputs.remark),
    el("div", { class: "toolbar" }, save),
    message,
  );

  const values = (): RecordFormValues => ({
    aktenzeichen: inputs.aktenzeichen.value,
    title: inputs.title.value,
    laufzeit: inputs.laufzeit.value,
    office: inputs.office.value,
    aktenplan_unit: inputs.aktenplan_unit.value,
    confidentiality: confidentiality.value,
    retention: inputs.retention.value,
    personal_data: personal.checked,
    remark: inputs.remark.value,
  });
  const showErrors = (found: FieldErrors) => {
    for (const [name, msg] of errors) {
      const text = found[name as keyof FieldErrors];
      msg.textContent = text ?? "";
      msg.hidden = !text;
      const control = name === "confidentiality" ? confidentiality : inputs[name as TextField];
      if (text) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  };
  const fill = () => {
    const id = selectedRecord();
    const r: RecordView | undefined = currentRecords().find((x) => x.id === id);
    showErrors({});
    message.hidden = true;
    if (!r) {
      form.hidden = true;
      suggestions.show(null);
      return;
    }
    form.hidden = false;
    inputs.aktenzeichen.value = r.aktenzeichen ?? "";
    inputs.title.value = r.title;
    inputs.laufzeit.value = laufzeitText(r.laufzeit_from, r.laufzeit_to);
    inputs.office.value = r.office ?? "";
    inputs.aktenplan_unit.value = r.aktenplan_unit ?? "";
    confidentiality.value = r.confidentiality;
    inputs.retention.value = r.retention_unlimited ? "unbefristet" : (r.retention_years?.toString() ?? "");
    personal.checked = r.personal_data;
    inputs.remark.value = r.remark ?? "";
    closePicker();
    describePlanUnit();
    docs.replaceChildren(
      ...(r.documents.length === 0 ? [el("p", {}, t("meta.docNone"))] : r.documents.map(documentForm)),
    );
    // The document forms are new: their suggestions are read and placed anew.
    suggestions.show(r.id);
  };
  // One small form per document: Betreff, Typ, Datum, checked as typed, saved on its own.
  const typeList = el("datalist", { id: uid("doc-types") }, ...DOC_TYPES.map((v) => el("option", { value: v })));
  const documentForm = (d: DocumentView): HTMLElement => {
    const f = el("form", { class: "doc-form", "data-testid": "document-form", novalidate: "" });
    f.dataset.document = d.id;
    const doc: Record<keyof DocumentFormValues, HTMLInputElement> = {
      title: el("input", { type: "text", name: "doc_title", "aria-required": "true" }),
      doc_type: el("input", { type: "text", name: "doc_type", list: typeList.id }),
      doc_date: el("input", { type: "text", name: "doc_date", inputmode: "numeric" }),
    };
    doc.title.value = d.title;
    doc.doc_type.value = d.doc_type ?? "";
    doc.doc_date.value = d.doc_date ?? "";
    const errs = new Map<keyof DocumentFormValues, HTMLElement>();
    const wrap = (name: keyof DocumentFormValues, label: string, help?: string) => {
      const w = field(label, doc[name], help);
      const msg = el("p", { class: "field-error", id: uid("err"), "data-testid": `doc-error-${name}` });
      msg.hidden = true;
      w.append(msg);
      doc[name].setAttribute("aria-errormessage", msg.id);
      errs.set(name, msg);
      return w;
    };
    const docMessage = el("p", { role: "status", "data-testid": "document-message" });
    docMessage.hidden = true;
    const docValues = (): DocumentFormValues => ({
      title: doc.title.value,
      doc_type: doc.doc_type.value,
      doc_date: doc.doc_date.value,
    });
    const showDocErrors = (found: DocumentErrors) => {
      for (const [name, msg] of errs) {
        const text = found[name];
        msg.textContent = text ?? "";
        msg.hidden = !text;
        if (text) doc[name].setAttribute("aria-invalid", "true");
        else doc[name].removeAttribute("aria-invalid");
      }
    };
    for (const input of Object.values(doc)) input.addEventListener("input", () => showDocErrors(validateDocument(docValues())));
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const found = validateDocument(docValues());
      showDocErrors(found);
      const first = Object.keys(found)[0] as keyof DocumentFormValues | undefined;
      if (first) return doc[first].focus();
      try {
        await api.updateDocument(d.id, docValues());
        showMessage(docMessage, t("meta.docSaved"), "ok");
        void reloadRecords();
      } catch (err) {
        const problems = fieldMessages(err);
        if (Object.keys(problems).length) showDocErrors(problems);
        showMessage(docMessage, t("common.error", { message: failureMessage(err) }), "error");
      }
    });
    f.append(
      el("h4", {}, `${pages(d.pages)} · ${t(d.status === "complete" ? "status.complete" : "status.ingesting")}`),
      wrap("title", t("meta.docTitle")),
      slot(d.id, "title"),
      el("div", { class: "doc-row" }, wrap("doc_type", t("meta.docType")), wrap("doc_date", t("meta.docDate"), t("meta.docDateHelp"))),
      slot(d.id, "doc_type"),
      slot(d.id, "doc_date"),
      el("div", { class: "toolbar" }, el("button", { type: "submit", "data-testid": "document-save" }, t("meta.docSave"))),
      docMessage,
    );
    return f;
  };

  for (const control of Object.values(inputs)) {
    control.addEventListener("input", () => showErrors(validateRecord(values())));
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = selectedRecord();
    if (!id) return;
    const found = validateRecord(values());
    showErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0] as TextField;
      (inputs[first] ?? confidentiality).focus();
      return;
    }
    try {
      await api.updateRecord(id, values());
      await reloadRecords();
      showMessage(message, t("meta.saved"), "ok");
    } catch (err) {
      const problems = fieldMessages(err);
      if (Object.keys(problems).length) showErrors(problems);
      showMessage(message, t("common.error", { message: failureMessage(err) }), "error");
    }
  });
  onRecords(() => {
    if (!root.hidden) fill();
  });

  root.append(
    el("h2", { id: "heading-metadaten" }, t("meta.heading")),
    field(t("common.chooseRecord"), select),
    el("div", { class: "meta-grid" }, form, el("div", { class: "panel" }, el("h3", {}, t("meta.documents")), typeList, docs)),
    suggestions.root,
  );
  return {
    show: () => {
      void reloadRecords().then(fill);
    },
  };
}
