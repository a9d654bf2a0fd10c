# syntax=docker/dockerfile:1
# Quire's image: the production build and scripts/server.mjs (what `npm start` runs) on Node 20.
#
#   docker build --build-arg SITE_URL=https://blog.example.com -t quire .
#
# SITE_URL is part of the build (robots.txt and the https-only security headers are built
# statically), so build the image for the address readers use. A container started with another
# SITE_URL stops at start: scripts/start.mjs would build again, and the image is read-only to it.
#
# Not Next's standalone output: it traces the files of Next's own minimal server.js, not those of a
# custom server (scripts/server.mjs and what it imports), and it leaves out the TypeScript the
# operators' commands run (npm run quire). The runtime gets the production dependencies instead.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ARG SITE_URL=http://localhost:3000
ENV SITE_URL=${SITE_URL} \
    NEXT_TELEMETRY_DISABLED=1
COPY . .
# The marker is what `npm start` (scripts/start.mjs) checks before deciding to build again.
RUN npm run build \
  && node -e "require('node:fs').writeFileSync('.next/quire-build.json', JSON.stringify({ siteUrl: process.env.SITE_URL.replace(/\/+\$/, ''), builtAt: new Date().toISOString() }))" \
  && rm -rf .next/cache

FROM deps AS prod-deps
# Production dependencies only, plus tsx: the operators' commands (npm run quire, db:migrate,
# db:seed) run TypeScript through it.
RUN version="$(npm pkg get devDependencies.tsx | tr -d '"')" \
  && if [ "$version" != "{}" ]; then npm pkg set "dependencies.tsx=$version" && npm pkg delete devDependencies.tsx; fi \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ARG SITE_URL=http://localhost:3000
# HOSTNAME: every interface of the container (Docker sets HOSTNAME to the container's name).
# The SQLite database, generated secrets, the mail outbox and local uploads go to /data; with
# DATABASE_URL=postgres://… and the S3_ settings only the secrets and the outbox remain there.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    SITE_URL=${SITE_URL} \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    QUIRE_DATA_DIR=/data \
    DATABASE_URL=file:/data/quire.db
COPY --from=prod-deps /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/.next ./.next
# The application stays owned by root: the server writes to /data only.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between (signals reach the server directly): it starts
# scripts/server.mjs, which stops cleanly on SIGTERM (docker stop).
CMD ["node", "scripts/start.mjs"]
