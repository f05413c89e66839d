// The header's account corner: "Sign in", or the person's name and "Sign out".
import { api, currentAccount, el } from "./api.js";

const CONVERSATION_KEY = "minwon.conversation";

async function signOut() {
  try {
    const sessions = await api("GET", "/v1/me/sessions");
    const current = sessions.find((s) => s.is_current);
    if (current) await api("DELETE", `/v1/me/sessions/${encodeURIComponent(current.id)}`);
  } finally {
    // The conversation belongs to the account now: forget it in this tab too.
    sessionStorage.removeItem(CONVERSATION_KEY);
    window.location.assign(`/?lang=${document.documentElement.lang}`);
  }
}

async function showAccount() {
  const account = await currentAccount().catch(() => null);
  if (!account) return;
  document.getElementById("signin-link").hidden = true;
  const name = document.getElementById("account-name");
  name.replaceChildren(el("span", { text: account.display_name }));
  name.hidden = false;
  const button = document.getElementById("signout");
  button.hidden = false;
  button.addEventListener("click", signOut);
}

showAccount();
