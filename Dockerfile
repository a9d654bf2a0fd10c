# syntax=docker/dockerfile:1
# Quire's image: the production build and scripts/server.mjs (what `npm start` runs) on Node 20.
#
#   docker build --build-arg SITE_URL=https://blog.example.com -t quire .
#
# SITE_URL is part of the build (robots.txt and the https-only security headers are built
# statically), so build the image for the address readers use. A container started with another
# SITE_URL stops at start with a sentence saying so.
#
# The runtime is Next's standalone output (`output: 'standalone'`), which `npm run build` completes
# (scripts/finish-build.mjs): the build and only the files it runs on, traced from its pages and from
# Quire's own server, plus the operators' commands bundled into scripts/quire.mjs. No source, no
# development packages, no compiler in the final image; `npm run quire -- …` works there as in a clone.

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
# next build, then the standalone folder and the marker `npm start` checks (.next/quire-build.json).
RUN npm run build

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
# The application stays owned by root: the server writes to /data only.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between (signals reach the server directly): it checks the image
# was built for SITE_URL (it cannot build again here, and says so in one sentence), then starts
# scripts/server.mjs, which stops cleanly on SIGTERM (docker stop).
CMD ["node", "scripts/start.mjs"]
