// Sign-in and sign-up: password, then the authenticator app (enrolled here the first time,
// with recovery codes shown once), then a fresh code raises the session to MFA.
import { T, api, currentAccount, el, safeNext } from "./api.js";

const $ = (id) => document.getElementById(id);
const SVG_NS = "http://www.w3.org/2000/svg";
const next = safeNext(new URLSearchParams(window.location.search).get("next"));

function show(stepId) {
  for (const step of document.querySelectorAll(".step")) step.hidden = step.id !== stepId;
  const step = $(stepId);
  (step.querySelector("input:not([type=checkbox])") || step.querySelector("h2")).focus();
}

/** Run `action` on submit; a refusal is shown next to the form, in the page language. */
function handle(formId, action) {
  const form = $(formId);
  if (!form) return;
  const error = form.querySelector(".error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    if (error) error.hidden = true;
    try {
      await action(Object.fromEntries(new FormData(form)));
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      form.querySelector("input").focus();
    } finally {
      button.disabled = false;
    }
  });
}

function finish() {
  window.location.assign(next);
}

/** The QR code arrives as inline SVG markup; as an <img> it is drawn, never run. */
function svgImage(markup) {
  // Markup made for inlining may lack the namespace a standalone SVG image needs.
  const standalone = markup.includes("xmlns=") ? markup : markup.replace("<svg", `<svg xmlns="${SVG_NS}"`);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standalone)}`;
}

async function startEnrolment() {
  const enrolment = await api("POST", "/v1/me/totp");
  $("totp-qr").src = svgImage(enrolment.qr_svg);
  $("totp-secret").textContent = enrolment.secret.match(/.{1,4}/g).join(" ");
  show("step-enrol");
}

function askForCode(afterEnrolment) {
  const hint = $("code-hint");
  if (afterEnrolment) hint.textContent = hint.dataset.next; // the code just used works once
  show("step-code");
}

/** Where a signed-in person goes next: done, a code, or setting up the app first. */
async function continueAs(account) {
  if (account.level === "mfa") return finish();
  if (account.has_totp) return askForCode(false);
  return startEnrolment();
}

function showRecoveryCodes(codes) {
  $("recovery-codes").replaceChildren(...codes.map((code) => el("li", { text: code })));
  show("step-recovery");
}

function wireSteps() {
  handle("password-form", async ({ email, password }) => {
    await api("POST", "/v1/sessions", { body: { email, password } });
    await continueAs(await api("GET", "/v1/me"));
  });
  handle("account-form", async ({ display_name, email, password }) => {
    await api("POST", "/v1/accounts", { body: { display_name, email, password } });
    await api("POST", "/v1/sessions", { body: { email, password } });
    await startEnrolment();
  });
  handle("enrol-form", async ({ code }) => {
    const confirmed = await api("POST", "/v1/me/totp/confirm", { body: { code: code.trim() } });
    if (confirmed.recovery_codes) showRecoveryCodes(confirmed.recovery_codes);
    else askForCode(true);
  });
  handle("code-form", async ({ code }) => {
    await api("POST", "/v1/sessions/mfa/totp", { body: { code: code.trim() } });
    finish();
  });
  handle("recovery-code-form", async ({ code }) => {
    await api("POST", "/v1/sessions/mfa/recovery-code", { body: { code: code.trim() } });
    finish();
  });
  const saved = $("recovery-saved");
  saved.addEventListener("change", () => {
    $("recovery-continue").disabled = !saved.checked;
  });
  $("recovery-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (saved.checked) askForCode(true);
  });
}

async function init() {
  wireSteps();
  for (const link of document.querySelectorAll("a.keep-next")) {
    link.href = `${link.pathname}?${new URLSearchParams({ lang: T.lang, next })}`;
  }
  const account = await currentAccount().catch(() => null);
  if (account) await continueAs(account).catch(() => null);
}

init();
