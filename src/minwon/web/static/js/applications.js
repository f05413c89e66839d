// My applications: receipt number, service, status in words, deadline and history.
import { T, api, el, hasSession } from "./api.js";

const $ = (id) => document.getElementById(id);

/** A timestamp as Korean wall-clock time (deadlines and offices run on KST). */
function when(value) {
  // A timestamp without an offset (SQLite keeps none) is the gateway's own time: KST.
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}+09:00`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) return value;
  const format = new Intl.DateTimeFormat(T.lang === "en" ? "en-GB" : "ko-KR", {
    timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false,
  });
  return format.format(date);
}

function statusWord(status) {
  return el("span", { cls: `status status-${status}`, text: T.statuses[status] || status });
}

function detail(term, value) {
  return value ? [el("dt", { text: term }), el("dd", {}, [value])] : [];
}

function historyList(history) {
  const steps = history.map((step) =>
    el("li", {}, [
      `${when(step.at)} · `,
      statusWord(step.status),
      step.reason ? ` — ${step.reason}` : null,
    ]),
  );
  return [el("h3", { text: T.history }), el("ol", {}, steps)];
}

function applicationCard(application) {
  const facts = el("dl", {}, [
    ...detail(T.receipt, application.receipt_no),
    ...detail(T.status, statusWord(application.status)),
    ...detail(T.delivery, application.delivery && T[`delivery_${application.delivery}`]),
    ...detail(T.deadline, application.deadline),
    ...detail(T.status_due, application.status_due),
    ...detail(T.filed_on, when(application.submitted_at)),
  ]);
  const card = el("li", { cls: "card", attrs: { "data-receipt": application.receipt_no } });
  card.append(el("h2", { text: application.service_name }), facts, ...historyList(application.history));
  return card;
}

async function init() {
  const status = $("apps-status");
  try {
    if (!hasSession()) throw Object.assign(new Error(T.apps_signin), { status: 401 });
    const applications = await api("GET", `/v1/applications?lang=${T.lang}`);
    $("apps").replaceChildren(...applications.map(applicationCard));
    status.textContent = applications.length ? "" : T.apps_empty;
  } catch (error) {
    const signedOut = error.status === 401 || error.status === 403;
    status.textContent = signedOut ? T.apps_signin : error.message;
    $("apps-signin").hidden = !signedOut;
  }
  status.hidden = !status.textContent;
}

init();
