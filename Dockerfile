# syntax=docker/dockerfile:1
#
# One image per service, all from one build:
#   docker build --target ingest     -t registry.example.com/rebound/ingest:<version> .
#   docker build --target detector   -t registry.example.com/rebound/detector:<version> .
#   docker build --target compliance -t registry.example.com/rebound/compliance:<version> .
#   docker build --target notifier   -t registry.example.com/rebound/notifier:<version> .
# Every image carries the whole of dist/ (so each can also run its
# service's migrate.js for the migration Job); only the command differs.
# Pin NODE_IMAGE to a digest in CI for reproducible builds.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
RUN groupadd --system --gid 10001 rebound \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin rebound
# Owned by root and read-only for the service user: the process writes
# nothing outside /tmp, which Kubernetes mounts as an emptyDir.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 10001:10001

FROM runtime AS ingest
EXPOSE 3000
CMD ["node", "dist/apps/ingest/src/main.js"]

FROM runtime AS detector
EXPOSE 3001
CMD ["node", "dist/apps/detector/src/main.js"]

FROM runtime AS compliance
EXPOSE 3002
CMD ["node", "dist/apps/compliance/src/main.js"]

FROM runtime AS notifier
EXPOSE 3003
CMD ["node", "dist/apps/notifier/src/main.js"]
