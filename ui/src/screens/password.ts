// "Passwort ändern" beside the sign-out button (against `aktenscan serve`): the present password,
// the new one twice. Her other sessions end; this desk stays signed in.
import { failureMessage } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { changePassword } from "../remote";
import { MIN_PASSWORD } from "../accountForm";

export function passwordChanger(): HTMLElement {
  const present = el("input", { type: "password", autocomplete: "current-password", "data-testid": "password-present" });
  const fresh = el("input", { type: "password", autocomplete: "new-password", "data-testid": "password-new" });
  const again = el("input", { type: "password", autocomplete: "new-password", "data-testid": "password-again" });
  const submit = el("button", { type: "submit", "data-testid": "password-save" }, t("password.save"));
  const message = el("p", { role: "status", "data-testid": "password-message" });
  message.hidden = true;
  const form = el(
    "form",
    { class: "password-form" },
    field(t("password.present"), present),
    field(t("password.new"), fresh, t("password.help", { n: MIN_PASSWORD })),
    field(t("password.again"), again),
    submit,
    message,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (fresh.value !== again.value) {
      showMessage(message, t("password.mismatch"), "error");
      again.focus();
      return;
    }
    if ([...fresh.value].length < MIN_PASSWORD) {
      showMessage(message, t("password.short", { n: MIN_PASSWORD }), "error");
      fresh.focus();
      return;
    }
    submit.disabled = true;
    try {
      await changePassword(present.value, fresh.value);
      showMessage(message, t("password.changed"), "ok");
    } catch (err) {
      showMessage(message, t("common.error", { message: failureMessage(err) }), "error");
    } finally {
      present.value = fresh.value = again.value = "";
      submit.disabled = false;
    }
  });
  return el(
    "details",
    { class: "password", "data-testid": "password-change" },
    el("summary", {}, t("password.heading")),
    form,
  );
}
