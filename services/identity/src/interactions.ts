import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider' with { 'resolution-mode': 'import' };
import type { KoaContextWithOIDC } from 'oidc-provider' with { 'resolution-mode': 'import' };
import { authenticate, type LocalUser } from './users';
import { loginPage } from './pages';

/** The longest sign-in form body read, in bytes. */
const maxFormBytes = 8 * 1024;

/** A fresh nonce for a page's inline style/script, and the CSP header that allows only it. */
export function contentSecurity(ctx: { set: (k: string, v: string) => void }): string {
  const nonce = randomBytes(16).toString('base64');
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  return nonce;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxFormBytes) throw Object.assign(new Error('form too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Koa middleware for the provider's interaction routes: `GET /interaction/:uid` shows the sign-in form (or
 * grants consent at once: the dashboard is a first-party client), `POST /interaction/:uid/login` checks the
 * user name and password against the seeded users.
 */
export function createInteractions(options: { provider: Provider; users: readonly LocalUser[] }) {
  const { provider, users } = options;
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!match) return next();
    ctx.set('Cache-Control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) ctx.throw(400, 'this sign-in belongs to another request: start again from the dashboard');
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    const finish = async (result: Parameters<Provider['interactionResult']>[2]) => {
      ctx.status = 303;
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    };

    if (ctx.method === 'GET' && !match[2]) {
      if (details.prompt.name === 'login') {
        const nonce = contentSecurity(ctx);
        ctx.type = 'html';
        ctx.body = loginPage({ uid: details.uid, clientName, nonce });
        return;
      }
      // Consent: a first-party client is granted what it asked for, without a page.
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const next = grant ?? new provider.Grant({ accountId: details.session?.accountId ?? '', clientId: String(details.params.client_id) });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) next.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) next.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) next.addResourceScope(resource, scopes.join(' '));
      await finish({ consent: { grantId: await next.save() } });
      return;
    }
    if (ctx.method === 'POST' && match[2]) {
      const form = await readForm(ctx.req);
      const username = form.get('username') ?? '';
      const user = authenticate(users, username, form.get('password') ?? '');
      if (!user) {
        const nonce = contentSecurity(ctx);
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage({ uid: details.uid, clientName, username, error: 'Wrong user name or password.', nonce });
        return;
      }
      await finish({ login: { accountId: user.sub } });
      return;
    }
    ctx.throw(405, `${ctx.method} is not allowed here`);
  };
}
