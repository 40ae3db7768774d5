# Stackwright: the GitHub App server by default; the CLI with `docker run <image> bin/stackwright.js ...`.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY templates ./templates
# `npm ci` runs `prepare`, which compiles TypeScript to dist/; then drop dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# python3 lets `verify` compile generated Python code.
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# Probot's first-run setup registers the app from this manifest.
COPY app.yml ./
USER node
EXPOSE 3000
ENTRYPOINT ["node"]
CMD ["dist/src/server.js"]
