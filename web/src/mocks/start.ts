/**
 * The dashboard's entry in `npm run -w web dev:mock` (web/vite.config.ts swaps it in for main.ts):
 * starts Mock Service Worker, then the app, so the first request is already answered by the mocks.
 */
import { setupWorker } from 'msw/browser';
import { createHandlers } from './handlers';

await setupWorker(...createHandlers()).start({ onUnhandledRequest: 'bypass', quiet: false });
// No identity provider in mock mode: the dashboard signs in with a mock API key (answered by the `/v1/me` mock).
sessionStorage.setItem('conveyor.apiKey', 'mock');
await import('../main');
