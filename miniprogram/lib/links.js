/**
 * Links the mini-program opens that are not venue codes: a chat asking to sign in to this account
 * (…/l/<token>), or an owner's invitation to work at a venue (…/i/<code>).
 * @param {string} url
 * @returns {{kind: "sign-in", token: string} | {kind: "invite", code: string} | null}
 */
function parseLink(url) {
  const signIn = /\/l\/([A-Za-z0-9_-]{22})(?:[?#]|$)/.exec(url);
  if (signIn) return { kind: "sign-in", token: signIn[1] };
  const invite = /\/i\/([A-HJ-NP-Z2-9]{10})(?:[?#]|$)/.exec(url);
  if (invite) return { kind: "invite", code: invite[1] };
  return null;
}

module.exports = { parseLink };
