# Stackwright: the CLI (and, with the GitHub App, the webhook server) in one image.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY templates ./templates
# `npm ci` runs `prepare`, which compiles TypeScript to dist/; then drop dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
# python3 lets `stackwright verify` compile generated Python code.
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
USER node
ENTRYPOINT ["node", "bin/stackwright.js"]
CMD ["--help"]
