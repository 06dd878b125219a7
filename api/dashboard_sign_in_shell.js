// The dashboard's sign-in form at once, while marimo's page loads behind it (about 2 s: some 300
// files, then a notebook session). What is typed here is handed to the notebook's own sign-in form
// the moment it shows, and a press of "Sign in" is passed on to it: the notebook signs in as always.
// Written into the page by api.dashboard_sign_in_shell, only for a browser without a remembered device.
(() => {
  "use strict";
  const GIVE_UP_MS = 30000; // marimo shows its own state (reconnecting, an error) by then
  const style = document.createElement("style");
  // Close to the notebook's own form (marimo's fonts, the bordered form), light or dark as the system.
  style.textContent = `
    #fintrack-sign-in-shell { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
      color-scheme: light dark; background: Canvas; color: CanvasText;
      background: light-dark(#ffffff, #181c1b); color: light-dark(#111827, #e5e7eb);
      font: 0.875rem/1.5 "PT Sans", system-ui, sans-serif; display: flex; justify-content: center;
      padding: clamp(4.5rem, 12vh, 7rem) 1rem 2rem; }
    #fintrack-sign-in-shell form { width: min(17rem, 100%); display: flex; flex-direction: column; gap: 0.75rem; }
    #fintrack-sign-in-shell h1 { font: 2.25rem/1.2 Lora, Georgia, serif; margin: 0 0 1.25rem; }
    #fintrack-sign-in-shell p { margin: 0; }
    #fintrack-sign-in-shell fieldset { display: flex; flex-direction: column; gap: 0.9rem; margin: 0;
      padding: 1.25rem 1.75rem; border: 1px solid light-dark(#fcd34d, #7c5a14); border-radius: 0.5rem;
      background: light-dark(#fffdf9, #1a1612); box-shadow: 3px 3px 6px rgba(0, 0, 0, 0.12); }
    #fintrack-sign-in-shell label { display: flex; flex-direction: column; gap: 0.25rem; }
    #fintrack-sign-in-shell input { font: 0.8rem "Fira Mono", monospace; padding: 0.2rem 0.5rem;
      border: 1px solid light-dark(#6b7280, #9ca3af); border-radius: 0.25rem; background: Field; color: FieldText; }
    #fintrack-sign-in-shell button { font: 0.85rem "Fira Mono", monospace; align-self: flex-end;
      padding: 0.3rem 0.7rem; border: 1px solid light-dark(#a16207, #ca8a04); border-radius: 0.375rem;
      background: light-dark(#fde047, #3f3510); color: light-dark(#1f2937, #fef9c3); }
  `;
  const shell = document.createElement("div");
  shell.id = "fintrack-sign-in-shell";
  shell.innerHTML = `
    <form>
      <h1>Finance Tracker</h1>
      <p>Sign in to see where your money goes.</p>
      <fieldset>
        <label>Email <input type="email" name="email" autocomplete="username" placeholder="you@example.com" required></label>
        <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </fieldset>
      <p role="status"></p>
    </form>`;
  const form = shell.querySelector("form");
  const typed = { email: form.elements.email, password: form.elements.password };
  let pressed = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    pressed = true;
    form.querySelector("button").disabled = true;
    form.querySelector("[role=status]").textContent = "Signing in as soon as the dashboard is ready…";
  });
  document.documentElement.append(style, shell);

  // Every element of the page, inside marimo's shadow roots too.
  function* deepElements(root) {
    for (const element of root.querySelectorAll("*")) {
      yield element;
      if (element.shadowRoot) yield* deepElements(element.shadowRoot);
    }
  }

  // The notebook's sign-in form once its inputs are drawn: the marimo-form whose button says "Sign in".
  function notebookForm() {
    for (const host of document.querySelectorAll("marimo-form")) {
      const inside = host.shadowRoot ? [...deepElements(host.shadowRoot)] : [];
      const submit = inside.find((e) => e.matches("button[type=submit]") && e.textContent.trim() === "Sign in");
      const email = inside.find((e) => e.matches("input[type=email]"));
      const password = inside.find((e) => e.matches("input[type=password]"));
      if (submit && email && password) return { submit, email, password };
    }
    return null;
  }

  // Types into an input as a person would (marimo's text widgets are React inputs that report their
  // value when they lose focus): the browser's own insertText, then blur, a turn apart.
  const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
  async function type(input, value) {
    if (!value || input.value) return; // nothing typed here, or already typed there
    input.focus();
    document.execCommand("insertText", false, value);
    if (input.value !== value) { // a browser without insertText: set it, and say so as typing does
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    }
    await nextTurn();
    input.blur();
    await nextTurn();
  }

  async function handOver(target, focused) {
    for (const name of Object.keys(typed)) await type(target[name], typed[name].value);
    if (pressed) target.submit.click();
    else if (focused && document.activeElement === document.body) target[focused].focus(); // unless moved on
  }

  // Leaves the page to marimo the moment its sign-in form is put in the page, in the same turn (two
  // forms at once would confuse people and screen readers), then hands over what was typed once that
  // form is drawn (its inputs come a moment later, inside its shadow root).
  const started = Date.now();
  function leave() {
    const focused = Object.keys(typed).find((name) => typed[name] === document.activeElement);
    watcher.disconnect();
    clearTimeout(giveUp);
    shell.remove();
    style.remove();
    const drawn = () => {
      const target = notebookForm();
      if (target) handOver(target, focused);
      else if (Date.now() - started < GIVE_UP_MS) requestAnimationFrame(drawn);
    };
    drawn();
  }
  const watcher = new MutationObserver(() => {
    if (document.querySelector("marimo-form")) leave();
  });
  watcher.observe(document, { childList: true, subtree: true });
  const giveUp = setTimeout(leave, GIVE_UP_MS);
})();
