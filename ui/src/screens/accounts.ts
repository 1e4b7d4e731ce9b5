// "Konten" (administrators, against `aktenscan serve`): the accounts with their roles and grants,
// and a form to create one, change its role and grant, give it a new password or lock it. The
// server holds the rules (no grant beyond her own, her own account changed only by another
// administrator, a directory account only locked) and answers in German; the form shows its
// answer, and greys out what the rules leave fixed.
import { failureMessage } from "../api";
import { el, field, showMessage } from "../dom";
import { t, type Key } from "../i18n";
import { clearanceOf, MIN_PASSWORD, scopeText } from "../accountForm";
import { listAccounts, saveAccount, signedIn, type Account, type Clearance } from "../remote";
import type { Role } from "../generated/api";

const ROLES = ["leser", "sachbearbeiter", "archivar", "administrator"] as const;
const LEVELS = ["003", "002", "005", "001", "004"] as const;

export function mountAccounts(root: HTMLElement): { show: () => void } {
  const body = el("tbody");
  const table = el(
    "table",
    { class: "accounts", "data-testid": "accounts-table" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...(["accounts.name", "accounts.role", "accounts.scope", "accounts.ceiling", "accounts.signsIn", ""] as const).map(
          (k) => el("th", { scope: "col" }, k ? t(k as Key) : ""),
        ),
      ),
    ),
    body,
  );

  const name = el("input", { type: "text", autocomplete: "off", spellcheck: "false", "data-testid": "account-name" });
  const role = el("select", { "data-testid": "account-role" });
  for (const r of ROLES) role.append(el("option", { value: r }, t(`accounts.role.${r}` as Key)));
  const password = el("input", { type: "password", autocomplete: "new-password", "data-testid": "account-password" });
  const everything = el("input", { type: "checkbox", id: "account-everything", "data-testid": "account-everything" });
  const offices = el("input", { type: "text", spellcheck: "false", "data-testid": "account-offices" });
  const units = el("input", { type: "text", spellcheck: "false", "data-testid": "account-units" });
  const ceiling = el("select", { "data-testid": "account-ceiling" });
  for (const code of LEVELS) ceiling.append(el("option", { value: code }, t(`meta.conf.${code}` as Key)));
  const personal = el("input", { type: "checkbox", id: "account-personal", "data-testid": "account-personal" });
  const locked = el("input", { type: "checkbox", id: "account-locked", "data-testid": "account-locked" });
  const note = el("p", { class: "help", "data-testid": "account-note" });
  note.hidden = true;
  const save = el("button", { type: "submit", class: "primary", "data-testid": "account-save" }, t("common.save"));
  const fresh = el("button", { type: "button", "data-testid": "account-new" }, t("accounts.new"));
  const message = el("p", { role: "status", "data-testid": "account-message" });
  message.hidden = true;

  const grantFields = [role, password, everything, offices, units, ceiling, personal];
  const syncScope = () => {
    offices.disabled = units.disabled = everything.checked || everything.disabled;
  };
  everything.addEventListener("change", syncScope);

  /// The form for `a` (`null`: a new account). A directory account can only be locked here;
  /// her own account not changed at all (another administrator does that; her password under
  /// „Passwort ändern“).
  const edit = (a: Account | null, focus = true) => {
    const own = a !== null && a.name === signedIn()?.name;
    name.value = a?.name ?? "";
    name.readOnly = a !== null;
    role.value = a?.rolle ?? "leser";
    password.value = "";
    const c = a?.freigabe;
    everything.checked = c?.scope === "everything";
    offices.value = c && c.scope !== "everything" ? c.scope.granted.offices.join(", ") : "";
    units.value = c && c.scope !== "everything" ? c.scope.granted.units.join(", ") : "";
    ceiling.value = c?.ceiling ?? "003";
    personal.checked = c?.personal_data ?? false;
    locked.checked = a?.gesperrt ?? false;
    for (const f of grantFields) f.disabled = own || (a?.verzeichnis ?? false);
    locked.disabled = save.disabled = own;
    note.hidden = !own && !a?.verzeichnis;
    note.textContent = own ? t("accounts.ownNote") : a?.verzeichnis ? t("accounts.directoryNote") : "";
    syncScope();
    if (focus) (own ? fresh : a?.verzeichnis ? locked : a ? role : name).focus();
  };

  const load = async () => {
    try {
      const accounts = await listAccounts();
      body.replaceChildren(
        ...accounts.map((a) => {
          const change = el("button", { type: "button", "data-testid": "account-edit" }, t("accounts.edit"));
          change.addEventListener("click", () => {
            showMessage(message, "");
            edit(a);
          });
          const state = [
            t(a.verzeichnis ? "accounts.directory" : "accounts.local"),
            ...(a.gesperrt ? [t("accounts.locked")] : []),
          ].join(", ");
          return el(
            "tr",
            { "data-testid": "account-row", "data-name": a.name },
            el("td", {}, a.name),
            el("td", {}, t(`accounts.role.${a.rolle}` as Key)),
            el("td", {}, scopeText(a.freigabe)),
            el(
              "td",
              {},
              t(`meta.conf.${a.freigabe.ceiling}` as Key),
              a.freigabe.personal_data ? `, ${t("accounts.personalShort")}` : "",
            ),
            el("td", {}, state),
            el("td", {}, change),
          );
        }),
      );
    } catch (e) {
      showMessage(message, t("common.error", { message: failureMessage(e) }), "error");
    }
  };

  fresh.addEventListener("click", () => {
    showMessage(message, "");
    edit(null);
  });
  const form = el(
    "form",
    { class: "account-form", "aria-labelledby": "heading-account-form", "data-testid": "account-form" },
    el("h3", { id: "heading-account-form" }, t("accounts.formHeading")),
    field(t("accounts.name"), name),
    field(t("accounts.role"), role),
    field(t("accounts.password"), password, t("accounts.passwordHelp", { n: MIN_PASSWORD })),
    el("div", { class: "check" }, everything, el("label", { for: "account-everything" }, t("accounts.everythingLabel"))),
    field(t("accounts.offices"), offices, t("accounts.listHelp")),
    field(t("accounts.units"), units, t("accounts.unitsHelp")),
    field(t("accounts.ceiling"), ceiling),
    el("div", { class: "check" }, personal, el("label", { for: "account-personal" }, t("accounts.personal"))),
    el("div", { class: "check" }, locked, el("label", { for: "account-locked" }, t("accounts.lockedLabel"))),
    note,
    el("div", { class: "toolbar" }, save, fresh),
    message,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const who = name.value.trim();
    if (!who) {
      showMessage(message, t("accounts.nameMissing"), "error");
      name.focus();
      return;
    }
    save.disabled = true;
    try {
      const saved = await saveAccount(who, {
        // Both selects offer only the server's codes (ROLES, LEVELS).
        rolle: role.value as Role,
        ...(password.value ? { passwort: password.value } : {}),
        freigabe: clearanceOf({
          ceiling: ceiling.value as Clearance["ceiling"],
          personal: personal.checked,
          everything: everything.checked,
          offices: offices.value,
          units: units.value,
        }),
        gesperrt: locked.checked,
        neu: !name.readOnly,
      });
      password.value = "";
      showMessage(message, t("accounts.saved", { name: saved.name }), "ok");
      await load();
      edit(saved);
    } catch (err) {
      showMessage(message, t("common.error", { message: failureMessage(err) }), "error");
    } finally {
      save.disabled = false;
    }
  });

  root.append(
    el("h2", { id: "heading-konten" }, t("accounts.heading")),
    el("p", { class: "help" }, t("accounts.intro")),
    table,
    form,
  );
  edit(null, false);
  return { show: () => void load() };
}
