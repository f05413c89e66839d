// The conversation page: send what the person types or taps, show minwon's structured reply
// (text, legal basis, the question being asked, quick replies, services in play), resume after a
// reload, and carry on after signing in.
import { LANG, T, api, currentAccount, el } from "./api.js";

const KEY = "minwon.conversation"; // {id, token, bound, pending}: this tab only, gone on close
const $ = (id) => document.getElementById(id);
const log = $("log");
const input = $("message");
const introHTML = log.innerHTML;
// Phone keyboards to offer for typed answers, by catalog field type.
const INPUT_MODES = { integer: "numeric", money: "numeric", decimal: "decimal", mobile: "tel", phone: "tel", email: "email" };
let busy = false;

function saved() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

function save(changes) {
  sessionStorage.setItem(KEY, JSON.stringify({ ...saved(), ...changes }));
}

function forget() {
  sessionStorage.removeItem(KEY);
}

function tokenHeader(conversation) {
  return conversation.token ? { "X-Conversation-Token": conversation.token } : {};
}

// ---- what is shown ------------------------------------------------------------------------

function addMessage(kind, text, extra) {
  const who = kind === "notice" ? null : el("span", { cls: "who", text: kind === "me" ? T.you : T.minwon });
  const item = el("li", { cls: `msg ${kind}` }, [who, el("p", { cls: "text", text }), extra]);
  log.append(item);
  return item;
}

function legalBasis(citations) {
  if (!citations.length) return null;
  const items = citations.map((c) =>
    el("li", {}, [
      el("strong", {
        text: c.kind === "source" ? `${T.sources}: ${c.refs.join(", ")}` : [c.statute, c.article].filter(Boolean).join(" "),
      }),
      c.summary ? ` — ${c.summary}` : null,
    ]),
  );
  return el("div", { cls: "legal" }, [el("p", { text: T.legal_basis }), el("ul", {}, items)]);
}

/** Numbers to call now, as links a phone can dial, shown above everything else in the reply. */
function helpLines(lines) {
  if (!lines.length) return null;
  const items = lines.map((line) =>
    el("li", {}, [
      el("a", { cls: "number", text: line.number, attrs: { href: `tel:${line.number.replace(/-/g, "")}` } }),
      ` ${line.name} (${line.hours}) — ${line.description}`,
    ]),
  );
  return el("div", { cls: "help-lines", attrs: { role: "note" } }, [el("p", { text: T.help_lines }), el("ul", {}, items)]);
}

function serviceItem(service) {
  const classes = [service.included ? "" : "excluded", service.overdue ? "is-overdue" : ""];
  const item = el("li", { cls: classes.join(" ").trim(), attrs: { "data-service": service.id } });
  item.append(el("span", { cls: "name", text: service.name }));
  if (service.deadline) {
    const line = el("span", { cls: "deadline", text: `${T.deadline}: ${service.deadline}` });
    if (service.overdue) line.append(" ", el("strong", { cls: "overdue", text: T.overdue }));
    item.append(line);
  }
  if (service.deadline_text) item.append(el("span", { cls: "deadline-text", text: service.deadline_text }));
  const tags = [
    service.included ? null : T.excluded,
    service.inclusion === "pending" ? T.if_applies : null,
    { met: T.eligibility_met, not_met: T.eligibility_not_met }[service.eligibility],
  ];
  for (const tag of tags) if (tag) item.append(el("span", { cls: "tag", text: tag }));
  return item;
}

function renderServices(services) {
  $("services").replaceChildren(...services.map(serviceItem));
  $("services-empty").hidden = services.length > 0;
}

function choiceButton(choice, cls = "chip") {
  const button = el("button", { text: choice.label, cls, attrs: { type: "button" } });
  button.addEventListener("click", () => send(choice.value, choice.label));
  return button;
}

function answerForm(label, control, shown) {
  control.id = "answer";
  control.required = true;
  const form = el("form", {}, [
    el("label", { text: label, attrs: { for: "answer" } }),
    el("div", { cls: "row" }, [control, el("button", { text: T.send, attrs: { type: "submit" } })]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(control.value, shown(control));
  });
  return form;
}

function fieldControl(field, label) {
  if (field.options.length && field.options.length <= 8) {
    const buttons = field.options.map((option) => choiceButton(option, "secondary"));
    return el("fieldset", {}, [el("legend", { text: label }), el("div", { cls: "options" }, buttons)]);
  }
  if (field.options.length) {
    const select = el("select", {}, [el("option", { text: T.choose_placeholder, attrs: { value: "" } })]);
    for (const o of field.options) select.append(el("option", { text: o.label, attrs: { value: o.value } }));
    return answerForm(label, select, (s) => s.options[s.selectedIndex].text);
  }
  if (field.type === "date") {
    return answerForm(label, el("input", { attrs: { type: "date" } }), (d) => d.value);
  }
  return null; // a typed answer: the message box below asks for it
}

/** The question being asked, as a control fit for its type; typed answers use the message box. */
function renderAsking(field) {
  const box = $("asking");
  const label = field && (field.required ? field.label : `${field.label} (${T.optional})`);
  const control = field ? fieldControl(field, label) : null;
  box.replaceChildren(...(control ? [control] : []));
  box.hidden = !control;
  const typed = field && !control ? field.type : "";
  $("message-label").textContent = typed ? label : T.message_label;
  input.dataset.fieldType = typed;
  input.inputMode = INPUT_MODES[typed] || "text";
}

function renderQuickReplies(reply) {
  const field = reply.form[0];
  const asked = new Set(field ? field.options.map((o) => o.value) : []);
  const choices = reply.quick_replies.filter((q) => !asked.has(q.value));
  if (field && !field.required) choices.push({ label: T.skip, value: T.skip });
  $("quick").replaceChildren(...choices.map((choice) => choiceButton(choice)));
  $("quick").hidden = choices.length === 0;
}

function showReply(data, sent) {
  const reply = data.reply;
  log.dataset.phase = data.phase;
  const extra = el("div", {}, [helpLines(reply.help_lines || []), legalBasis(reply.citations)]);
  addMessage("bot", reply.text, extra);
  renderServices(reply.services);
  renderAsking(reply.form[0]);
  renderQuickReplies(reply);
  $("examples").hidden = true;
  $("submitted").hidden = data.phase !== "submitted";
  if (reply.needs_auth === "mfa" && sent) save({ pending: sent }); // sent again after sign-in
  if (data.phase === "submitted") save({ pending: null });
  $("auth-offer").hidden = !(reply.needs_auth === "mfa" || (saved() || {}).pending);
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

// ---- talking to the API -------------------------------------------------------------------

async function startConversation(text) {
  const data = await api("POST", "/v1/conversations", { body: { text, lang: LANG } });
  const account = await currentAccount().catch(() => null);
  forget();
  save({ id: data.conversation_id, token: data.access_token, bound: Boolean(account) });
  return data;
}

async function post(text) {
  const conversation = saved();
  if (!conversation) return startConversation(text);
  const path = `/v1/conversations/${encodeURIComponent(conversation.id)}/messages`;
  try {
    return await api("POST", path, { body: { text }, headers: tokenHeader(conversation) });
  } catch (error) {
    if (error.status !== 404) throw error;
    forget(); // expired or no longer ours: start afresh with the same words
    addMessage("notice", T.conversation_lost);
    return startConversation(text);
  }
}

async function send(text, shown) {
  const value = (text || "").trim();
  if (!value || busy) return;
  busy = true;
  log.setAttribute("aria-busy", "true");
  showError("");
  addMessage("me", shown || value);
  try {
    showReply(await post(value), value);
  } catch (error) {
    showError(error.message);
  } finally {
    busy = false;
    log.setAttribute("aria-busy", "false");
    input.focus();
  }
}

/** After sign-in, the signed-in person takes the anonymous conversation over. */
async function bind(conversation) {
  const path = `/v1/conversations/${encodeURIComponent(conversation.id)}`;
  try {
    const data = await api("POST", `${path}/bind`, { headers: tokenHeader(conversation) });
    save({ bound: true });
    return data;
  } catch (error) {
    if (error.status !== 404) throw error;
    save({ bound: true }); // already this person's: just read it
    return api("GET", path);
  }
}

async function resume(conversation, account) {
  const path = `/v1/conversations/${encodeURIComponent(conversation.id)}`;
  try {
    const binding = account && !conversation.bound;
    const data = binding ? await bind(conversation) : await api("GET", path, { headers: tokenHeader(conversation) });
    addMessage("notice", binding ? T.bound : T.resumed);
    showReply(data);
  } catch (error) {
    if (error.status !== 404) return showError(error.message);
    forget();
    addMessage("notice", T.conversation_lost);
    return;
  }
  const pending = saved().pending;
  if (pending && account && account.level === "mfa") {
    save({ pending: null });
    await send(pending);
  }
}

// ---- wiring -------------------------------------------------------------------------------

function restart() {
  forget();
  log.innerHTML = introHTML; // the server-rendered greeting, restored as it was
  delete log.dataset.phase;
  renderServices([]);
  renderAsking(null);
  $("quick").hidden = true;
  $("examples").hidden = false;
  $("auth-offer").hidden = true;
  $("submitted").hidden = true;
  showError("");
  input.focus();
}

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });
  for (const button of $("examples").querySelectorAll("button[data-text]")) {
    button.addEventListener("click", () => send(button.dataset.text));
  }
  $("restart").addEventListener("click", restart);
  const next = `/chat?lang=${LANG}`;
  for (const id of ["auth-signin", "auth-signup"]) {
    const link = $(id);
    link.href = `${link.pathname}?${new URLSearchParams({ lang: LANG, next })}`;
  }
}

async function init() {
  wire();
  const params = new URLSearchParams(window.location.search);
  const first = params.get("q"); // from the home page's form
  if (first !== null) {
    params.delete("q");
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
  }
  if (first && first.trim()) {
    forget();
    return send(first);
  }
  const conversation = saved();
  if (conversation) await resume(conversation, await currentAccount().catch(() => null));
}

init();
