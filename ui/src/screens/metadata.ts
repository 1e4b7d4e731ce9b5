// "Metadaten": the record form with inline validation (German messages) and its documents.
import { api, failureMessage, type RecordView } from "../api";
import { el, field, showMessage } from "../dom";
import { pages, t } from "../i18n";
import { currentRecords, onRecords, recordSelect, reloadRecords, selectedRecord } from "../state";
import { laufzeitText, validateRecord, type FieldErrors, type RecordFormValues } from "../validation";

type TextField = Exclude<keyof RecordFormValues, "personal_data" | "confidentiality">;

export function mountMetadata(root: HTMLElement): { show: () => void } {
  const select = recordSelect(() => fill());
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
  const docs = el("ul", { class: "documents" });

  form.append(
    row("aktenzeichen", t("meta.aktenzeichen"), inputs.aktenzeichen),
    row("title", t("meta.title"), inputs.title),
    row("laufzeit", t("meta.laufzeit"), inputs.laufzeit, t("meta.laufzeitHelp")),
    row("office", t("meta.office"), inputs.office),
    row("aktenplan_unit", t("meta.plan"), inputs.aktenplan_unit),
    row("confidentiality", t("meta.confidentiality"), confidentiality),
    row("retention", t("meta.retention"), inputs.retention, t("meta.retentionHelp")),
    el("div", { class: "check" }, personal, el("label", { for: "meta-personal" }, t("meta.personal"))),
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
    docs.replaceChildren(
      ...r.documents.map((d) =>
        el("li", {}, `${d.title} · ${pages(d.pages)} · ${t(d.status === "complete" ? "status.complete" : "status.ingesting")}`),
      ),
    );
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
      const f = err as { fields?: { field: string; message: string }[] };
      if (f.fields?.length) showErrors(Object.fromEntries(f.fields.map((x) => [x.field, x.message])));
      showMessage(message, t("common.error", { message: failureMessage(err) }), "error");
    }
  });
  onRecords(() => {
    if (!root.hidden) fill();
  });

  root.append(
    el("h2", { id: "heading-metadaten" }, t("meta.heading")),
    field(t("common.chooseRecord"), select),
    el("div", { class: "meta-grid" }, form, el("div", { class: "panel" }, el("h3", {}, t("meta.documents")), docs)),
  );
  return {
    show: () => {
      void reloadRecords().then(fill);
    },
  };
}
