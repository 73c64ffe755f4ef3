/** The identity provider's HTML: the sign-in form, the sign-out page and errors. No script but an auto-submit. */

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const style = `
  body { font: 15px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; display: grid; place-items: center; min-height: 100vh; }
  main { background: #fff; border: 1px solid #dde1e8; border-radius: 10px; padding: 28px; width: min(360px, 90vw); }
  h1 { font-size: 20px; margin: 0 0 4px; } p { color: #5b6474; margin: 0 0 16px; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; }
  input { box-sizing: border-box; width: 100%; padding: 8px 10px; border: 1px solid #c5cbd6; border-radius: 6px; font: inherit; }
  button { margin-top: 18px; width: 100%; padding: 9px; border: 0; border-radius: 6px; background: #2f5bd3; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; border-radius: 6px; padding: 8px 10px; }
`;

/** A complete page; `nonce` allows the one inline script a page may carry. */
export function page(title: string, body: string, nonce?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Conveyor identity</title><style${nonce ? ` nonce="${nonce}"` : ''}>${style}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The sign-in form of one interaction; `error` is shown above it after a failed attempt. */
export function loginPage(options: { uid: string; clientName: string; username?: string; error?: string; nonce: string }): string {
  const { uid, clientName, username = '', error, nonce } = options;
  return page('Sign in', `
<h1>Sign in</h1><p>to ${escapeHtml(clientName)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
  <label for="username">User name</label>
  <input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>`, nonce);
}

/**
 * The sign-out page: the provider's own confirmation form (it carries the anti-forgery token), submitted at
 * once, with a button when scripts are off.
 */
export function logoutPage(form: string, nonce: string): string {
  return page('Sign out', `<h1>Signing out…</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script nonce="${nonce}">const f = document.getElementById('op.logoutForm'); const i = document.createElement('input');
i.type = 'hidden'; i.name = 'logout'; i.value = 'yes'; f.appendChild(i); f.submit();</script>`, nonce);
}

/** A page saying what went wrong, for errors the provider renders itself. */
export function errorPage(title: string, detail: string, nonce: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(detail)}</p>`, nonce);
}
