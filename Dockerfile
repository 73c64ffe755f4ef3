# syntax=docker/dockerfile:1.7
#
# One image for every Node service of Conveyor, plus an nginx image for the web dashboard.
#
#   docker build --target runtime -t conveyor/app .   # command-api, query-api, processors
#   docker build --target web     -t conveyor/web .   # built Vue app on nginx, port 3000
#
# The runtime image runs TypeScript directly with tsx (`node --import tsx services/<name>/src/main.ts`);
# pick the service with the container command, e.g. `services/query-api/src/main.ts`.
# Build from the repository root: the npm workspaces need the root lockfile.

ARG NODE_IMAGE=node:20-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

# ---------------------------------------------------------------------------
# 1. manifests: only the package.json files, so the dependency layers are cached
#    until a manifest or the lockfile changes.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -name node_modules -prune -o -type f ! -name package.json ! -name package-lock.json -print0 \
      | xargs -0 rm -f \
    && find . -depth -type d -empty -delete

# ---------------------------------------------------------------------------
# 2. deps-all: every dependency (dev included) for building the web bundle.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps-all
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---------------------------------------------------------------------------
# 3. deps-prod: production dependencies only (tsx, which runs the TypeScript, is one of them).
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps-prod
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev \
    && npm cache clean --force

# ---------------------------------------------------------------------------
# 4. web-build: `vite build` of web/ into web/dist.
# ---------------------------------------------------------------------------
FROM deps-all AS web-build
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------
# 5. web: static files on nginx, unprivileged (uid 101), port 3000.
#    /api/command/* and /api/query/* are proxied to the APIs (see deploy/docker/nginx.conf).
# ---------------------------------------------------------------------------
FROM ${NGINX_IMAGE} AS web
COPY deploy/docker/nginx.conf /etc/nginx/nginx.conf
COPY --from=web-build /app/web/dist /usr/share/nginx/html
EXPOSE 3000
USER 101
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:3000/healthz || exit 1

# ---------------------------------------------------------------------------
# 6. runtime: the Node services. Non-root (uid 1000 `node`), source read-only, owned by root.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps-prod /app/node_modules ./node_modules
COPY --from=deps-prod /app/packages ./packages
COPY --from=deps-prod /app/services ./services
COPY --from=deps-prod /app/schemas ./schemas
COPY package.json package-lock.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY schemas ./schemas
# The app user may write only to /tmp (tsx's transform cache); Kubernetes mounts an emptyDir there
# because the root filesystem is read-only.
USER node
EXPOSE 3001 3002 3003
# No default service: the orchestrator names one. This prints a hint instead of guessing.
CMD ["node", "-e", "console.error('choose a service: node --import tsx services/<command-api|query-api|processors>/src/main.ts'); process.exit(64)"]
