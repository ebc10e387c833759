// The API-key dialog: shown when a call is refused as UNAUTHENTICATED; resolves with the key typed in.
import { el } from "./dom.js";

export function askApiKey(reason: string): Promise<string> {
  return new Promise((resolve) => {
    const input = el("input", { type: "password", id: "api-key-input", autocomplete: "off", required: "" });
    const form = el(
      "form",
      { method: "dialog", id: "api-key-form" },
      el("h2", {}, "API key"),
      el("p", {}, "This server wants an API key (sent as x-api-key; kept for this browser session only)."),
      el("p", { class: "muted" }, reason),
      el("label", {}, "Key ", input),
      el("div", { class: "actions" }, el("button", { type: "submit", id: "api-key-submit" }, "Use this key")),
    );
    const dialog = el("dialog", { id: "api-key-dialog" }, form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      dialog.close();
      dialog.remove();
      resolve(key);
    });
    // Escape would close the dialog with the calls still waiting: keep it open until a key is given.
    dialog.addEventListener("cancel", (event) => event.preventDefault());
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
