// The sign-in page of the window in a browser: name and password against `aktenscan serve`
// (local account or the town hall's directory); nothing of the library shows before it.
import { failureMessage } from "../api";
import { el, field, showMessage } from "../dom";
import { t } from "../i18n";
import { signIn, type Person } from "../remote";

export function mountSignIn(root: HTMLElement, signedIn: (p: Person) => void, expired = false): void {
  const name = el("input", { type: "text", autocomplete: "username", required: "", "data-testid": "signin-name" });
  const password = el("input", {
    type: "password",
    autocomplete: "current-password",
    required: "",
    "data-testid": "signin-password",
  });
  const submit = el("button", { type: "submit", "data-testid": "signin-submit" }, t("signin.submit"));
  const message = el("p", { class: "message", role: "alert", "data-testid": "signin-message" });
  message.hidden = !expired;
  if (expired) showMessage(message, t("signin.expired"), "info");
  const form = el(
    "form",
    { class: "signin", "aria-labelledby": "heading-signin" },
    el("h2", { id: "heading-signin" }, t("signin.heading")),
    el("p", {}, t("signin.intro")),
    field(t("signin.name"), name),
    field(t("signin.password"), password),
    submit,
    message,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    showMessage(message, t("signin.busy"), "info");
    try {
      const person = await signIn(name.value.trim(), password.value);
      password.value = "";
      signedIn(person);
    } catch (err) {
      password.value = "";
      showMessage(message, t("common.error", { message: failureMessage(err) }), "error");
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(form);
  name.focus();
}
