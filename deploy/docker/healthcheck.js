// HEALTHCHECK of the Node service images (the slim base has neither curl nor wget): exits 0 when
// GET http://127.0.0.1:<port>/healthz answers 2xx within 2.5 s, 1 otherwise. The port is the one the
// service answers /healthz on: PORT for the APIs (their METRICS_PORT serves /metrics only), METRICS_PORT for
// the processors, which have no PORT (each service's config.ts).
const port = process.env.PORT || process.env.METRICS_PORT;
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
