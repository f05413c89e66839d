// The page's words and the /v1 API, shared by every page script. No framework, no build step.

const textsElement = document.getElementById("texts");

/** The page texts the server rendered into <script type="application/json" id="texts">. */
export const T = textsElement ? JSON.parse(textsElement.textContent) : {};
export const LANG = document.documentElement.lang || "ko";

/** A failed API call: `message` is the problem's detail, already in the page language. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || T.error_generic || "error");
    this.status = status;
    this.code = problem && problem.code;
  }
}

/** The readable CSRF cookie (the session cookie itself is HttpOnly and never seen here). */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)minwon_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

export function hasSession() {
  return csrfToken() !== null;
}

/** Call the API; every state-changing call carries X-CSRF-Token when there is a session. */
export async function api(method, path, { body, headers = {} } = {}) {
  const all = { Accept: "application/json", "Accept-Language": LANG, ...headers };
  const token = csrfToken();
  if (method !== "GET" && token) all["X-CSRF-Token"] = token;
  if (body !== undefined) all["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (error) {
    throw new ApiError(0, { detail: T.error_network });
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

let accountLookup = null;

/** Who is signed in (GET /v1/me, asked once per page), or null when nobody is. */
export function currentAccount() {
  if (!hasSession()) return Promise.resolve(null);
  accountLookup ??= api("GET", "/v1/me").catch((error) => {
    if (error.status === 401 || error.status === 403) return null;
    throw error;
  });
  return accountLookup;
}

/** A same-origin path to go to after signing in; anything else falls back to the chat. */
export function safeNext(value) {
  const fallback = `/chat?lang=${LANG}`;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}

/** Make an element with text (never HTML: what the API says is shown, not interpreted). */
export function el(tag, { text, cls, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}
