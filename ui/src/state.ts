// What the screens share: the records of the library (reloaded on demand) and the chosen record.
import { api, type RecordView } from "./api";

type Listener = (records: RecordView[]) => void;

let records: RecordView[] = [];
let selected: string | null = null;
const listeners: Listener[] = [];

export function currentRecords(): RecordView[] {
  return records;
}

export async function reloadRecords(): Promise<RecordView[]> {
  records = await api.listRecords();
  if (selected && !records.some((r) => r.id === selected)) selected = null;
  for (const l of listeners) l(records);
  return records;
}

export function onRecords(l: Listener): void {
  listeners.push(l);
}

export function selectedRecord(): string | null {
  return selected ?? records[0]?.id ?? null;
}

export function selectRecord(id: string | null): void {
  selected = id;
}

export function recordLabel(r: RecordView): string {
  return r.aktenzeichen ? `${r.aktenzeichen} – ${r.title}` : r.title;
}

/// A <select> of all records, kept up to date, bound to the shared selection.
export function recordSelect(onChange: (id: string | null) => void): HTMLSelectElement {
  const select = document.createElement("select");
  const fill = () => {
    const keep = selectedRecord();
    select.replaceChildren(
      ...records.map((r) => {
        const o = document.createElement("option");
        o.value = r.id;
        o.textContent = recordLabel(r);
        return o;
      }),
    );
    if (keep) select.value = keep;
  };
  onRecords(fill);
  fill();
  select.addEventListener("change", () => {
    selectRecord(select.value || null);
    onChange(select.value || null);
  });
  return select;
}
