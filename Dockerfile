# syntax=docker/dockerfile:1.7
#
# One image per deployable of Conveyor. Build from the repository root (the npm workspaces need the
# root lockfile), one target each:
#
#   docker build --target command-api -t conveyor/command-api .   # port 3001
#   docker build --target query-api   -t conveyor/query-api   .   # port 3002
#   docker build --target processors  -t conveyor/processors  .   # metrics and health on 3003
#   docker build --target web         -t conveyor/web         .   # the dashboard on nginx, port 3000
#
# A service image holds Node, its esbuild bundle (`npm run build:services`: dist/lib/main.js and its
# source map) and the SQL migrations the bundle reads at start; no node_modules, no TypeScript, no
# npm. It runs as uid 1000, and its code writes no files (tsx's cache in /tmp is gone with tsx), so a
# read-only root filesystem works.
#
# Base images are pinned by digest, to be moved by Renovate or Dependabot. To re-resolve one by hand:
#   docker buildx imagetools inspect node:24-slim --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect nginx:1.30.5-alpine --format '{{json .Manifest.Digest}}'
# node:24-slim below is Node 24.19.0 on Debian 12, published 2026-08-03; nginx:1.30.5-alpine was published
# 2026-09-22 (the digests of the multi-platform indexes, as docker-library/repo-info records them).

ARG NODE_IMAGE=node:24-slim@sha256:cd84903a12dbd26b46f1f3b8144a2568c41c5d37ddd0c7a80a34c7a19786b35f
ARG NGINX_IMAGE=nginx:1.30.5-alpine@sha256:0985e772fb9f729e6fa0980da05fca5d9c468e870eed43071545afa9d2e27d94

# ---------------------------------------------------------------------------
# 1. manifests: only the package.json files, so the dependency layer is cached until a manifest or
#    the lockfile changes. The build stages run on the builder's own platform: their output (JavaScript,
#    static files) is the same for every target platform.
# ---------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -name node_modules -prune -o -type f ! -name package.json ! -name package-lock.json -print0 \
      | xargs -0 rm -f \
    && find . -depth -type d -empty -delete

# ---------------------------------------------------------------------------
# 2. deps: every dependency, dev included (esbuild, Vite, vue-tsc build the images' content).
# ---------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS deps
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---------------------------------------------------------------------------
# 3. services-build: the three bundles, each in services/<name>/dist/ (lib/main.js, its map, migrations/).
# ---------------------------------------------------------------------------
FROM deps AS services-build
COPY . .
RUN npm run build:services

# ---------------------------------------------------------------------------
# 4. web-build: `vue-tsc` and `vite build` of web/ into web/dist.
# ---------------------------------------------------------------------------
FROM deps AS web-build
COPY . .
RUN npm run -w web build

# ---------------------------------------------------------------------------
# 5. node-runtime: what every service image shares. npm, npx and yarn are removed: nothing runs them,
#    and their own dependencies are most of what scanners would report. Files stay owned by root.
#    The bundle runs with source maps on, so stack traces name the TypeScript source. HEALTHCHECK asks
#    /healthz on the service's port (liveness; /readyz also checks Kafka, the registry and Postgres).
#    NODE_OPTIONS caps the V8 heap at 512 MiB, as `npm start` does (tools/build/serviceNodeOptions.ts: under
#    2 GiB V8 also grows the heap by a smaller factor); the Kubernetes manifests set their own per service.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS node-runtime
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-v*
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=512 \
    LOG_LEVEL=info \
    HOST=0.0.0.0
WORKDIR /app
COPY deploy/docker/healthcheck.js /app/healthcheck.js
USER 1000:1000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.js"]
CMD ["node", "--enable-source-maps", "/app/lib/main.js"]

# ---------------------------------------------------------------------------
# 6. The service images: node-runtime plus the service's dist/ (lib/main.js, its map, migrations/).
# ---------------------------------------------------------------------------
FROM node-runtime AS command-api
COPY --from=services-build /src/services/command-api/dist/ /app/
ENV PORT=3001
EXPOSE 3001

FROM node-runtime AS query-api
COPY --from=services-build /src/services/query-api/dist/ /app/
ENV PORT=3002
EXPOSE 3002

# The processors serve /metrics, /healthz and /readyz on METRICS_PORT (services/processors/src/config.ts).
FROM node-runtime AS processors
COPY --from=services-build /src/services/processors/dist/ /app/
ENV METRICS_PORT=3003
EXPOSE 3003

# ---------------------------------------------------------------------------
# 7. web: static files on nginx as uid 101 (the image's `nginx` user), port 3000. deploy/docker/nginx.conf
#    keeps every writable path under /tmp and proxies /api/command/* and /api/query/* to the APIs.
# ---------------------------------------------------------------------------
FROM ${NGINX_IMAGE} AS web
COPY deploy/docker/nginx.conf /etc/nginx/nginx.conf
COPY --from=web-build /src/web/dist /usr/share/nginx/html
EXPOSE 3000
USER 101:101
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:3000/healthz || exit 1
