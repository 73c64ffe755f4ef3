import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assert, expectNoConsoleProblems, type TestCase } from './harness';
import type { PlatformUrls } from './platform';

/** The Standard Webhooks signature of a request, computed here independently of the platform's signer. */
function signatureOf(secret: string, headers: IncomingHttpHeaders, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64')}`;
}

/** Browser tests of issue 12: the Webhooks page against the real platform and a receiver on 127.0.0.1. */
export function webhookTests(_urls: PlatformUrls): TestCase[] {
  return [
    {
      name: 'Webhooks page: a subscription shows its secret once, sends a signed test event, lists the delivery, and is deleted',
      run: async (t) => {
        const { page } = t;
        const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
        const receiver = createServer((req, res) => {
          let body = '';
          req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
          req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
        });
        await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
        try {
          const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/e2e-${Date.now()}`;
          await page.goto('/webhooks');
          await page.getByLabel('URL').fill(url);
          await page.getByRole('button', { name: 'Create subscription' }).click();
          const secret = (await page.getByTestId('issued-webhook-secret-value').textContent())?.trim() ?? '';
          assert(/^whsec_[A-Za-z0-9+/]{43}=$/.test(secret), `the page shows no whsec_ secret: ${secret}`);
          const row = page.getByTestId('webhook-row').filter({ hasText: url });
          await row.waitFor();
          await row.getByRole('button', { name: 'Send test' }).click();
          const deadline = Date.now() + 30_000;
          while (!received.length && Date.now() < deadline) await page.waitForTimeout(200);
          const [delivery] = received;
          assert(delivery !== undefined, 'the receiver got no test event');
          assert(JSON.parse(delivery.body).type === 'webhook.test', `the delivery is not a test event: ${delivery.body}`);
          assert(delivery.headers['webhook-signature'] === signatureOf(secret, delivery.headers, delivery.body), 'the test event is not signed with the secret shown');
          await page.getByTestId('webhook-deliveries').getByTestId('webhook-delivery-row').filter({ hasText: 'webhook.test' }).first().waitFor();
          await t.screenshot('webhooks');
          // Shown once: after leaving the page the secret is gone.
          await page.goto('/');
          await page.goto('/webhooks');
          await row.waitFor();
          assert(await page.getByTestId('issued-webhook-secret').count() === 0, 'the secret is shown again after leaving the page');
          await row.getByRole('button', { name: 'Delete' }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
          await row.waitFor({ state: 'detached' });
          expectNoConsoleProblems(t, 'the Webhooks page');
        } finally {
          await new Promise((resolve) => receiver.close(resolve));
        }
      },
    },
  ];
}
