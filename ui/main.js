// Aktenscan window: asks the Rust side for the library's records and lists them.
"use strict";

const STATUS_LABELS = {
  complete: "vollständig",
  ingesting: "wird erfasst",
};

function invoke(command, args) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject("Diese Seite läuft nicht in Aktenscan: die Verbindung zum Programm fehlt.");
  }
  return tauri.core.invoke(command, args);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function pagesLabel(pages) {
  return pages === 1 ? "1 Seite" : `${pages} Seiten`;
}

function documentItem(doc) {
  const li = el("li", "document");
  li.append(el("span", "doc-title", doc.title));
  li.append(el("span", "doc-pages", pagesLabel(doc.pages)));
  const status = el("span", `doc-status status-${doc.status}`, STATUS_LABELS[doc.status] || doc.status);
  li.append(status);
  return li;
}

function recordRow(record) {
  const tr = el("tr");
  tr.dataset.testid = "record-item";
  tr.dataset.recordId = record.id;
  const az = el("td", "col-az", record.aktenzeichen || "—");
  if (!record.aktenzeichen) az.setAttribute("aria-label", "ohne Aktenzeichen");
  tr.append(az);
  const title = el("th", "col-title", record.title);
  title.scope = "row";
  tr.append(title);
  const docs = el("td");
  if (record.documents.length === 0) {
    docs.append(el("span", "none", "Keine Dokumente"));
  } else {
    const ul = el("ul", "documents");
    ul.setAttribute("aria-label", `Dokumente von ${record.title}`);
    record.documents.forEach((doc) => ul.append(documentItem(doc)));
    docs.append(ul);
  }
  tr.append(docs);
  return tr;
}

function showError(message) {
  const error = document.getElementById("error");
  error.textContent = `Fehler: ${message}`;
  error.hidden = false;
}

async function loadLibraryPath() {
  try {
    document.getElementById("library-path").textContent = await invoke("library_path");
  } catch (e) {
    document.getElementById("library-path").textContent = "unbekannt";
    showError(String(e));
  }
}

async function loadRecords() {
  const status = document.getElementById("status");
  const table = document.getElementById("record-list");
  const count = document.getElementById("record-count");
  document.getElementById("error").hidden = true;
  status.textContent = "Akten werden geladen …";
  status.classList.remove("visually-hidden");
  status.hidden = false;
  let records;
  try {
    records = await invoke("list_records");
  } catch (e) {
    status.hidden = true;
    table.hidden = true;
    count.textContent = "";
    showError(String(e));
    return;
  }
  const tbody = table.tBodies[0];
  tbody.replaceChildren(...records.map(recordRow));
  count.textContent = `(${records.length})`;
  if (records.length === 0) {
    status.textContent = "Keine Akten in der Bibliothek.";
    table.hidden = true;
  } else {
    // Stays in the page for screen readers, which announce the change.
    status.textContent = records.length === 1 ? "1 Akte geladen." : `${records.length} Akten geladen.`;
    status.classList.add("visually-hidden");
    table.hidden = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("reload").addEventListener("click", loadRecords);
  loadLibraryPath();
  loadRecords();
});
