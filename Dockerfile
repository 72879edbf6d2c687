# keyward: one image, two daemons (`keyward relay` and `keyward agent`).
# Build stage runs scripts/build-release.sh (the same script works outside Docker); the runtime stage copies the
# pruned tree and runs as an unprivileged user.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY relay ./relay
COPY agent ./agent
COPY common ./common
COPY proto ./proto
COPY certs ./certs
COPY bench ./bench
COPY test/fixtures ./test/fixtures
RUN bash scripts/build-release.sh

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
RUN mkdir -p /var/lib/keyward && chown node:node /var/lib/keyward
USER node
VOLUME ["/var/lib/keyward"]
EXPOSE 8443
ENTRYPOINT ["node", "dist/bin/keyward.js"]
CMD ["relay", "--config", "/etc/keyward/relay.yaml"]
