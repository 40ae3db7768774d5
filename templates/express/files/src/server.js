import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createPool } from "./db.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

const pool = createPool(config.databaseUrl);
const app = createApp({ pool, config });

const server = app.listen(config.port, (error) => {
  if (error) {
    console.error(`Cannot listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  }
  console.log(`listening on http://localhost:${config.port} (${config.nodeEnv})`);
});

/** Stops taking connections, lets running requests finish, then closes the pool. */
function shutdown(signal) {
  console.log(`${signal} received, shutting down`);
  const timer = setTimeout(() => {
    console.error("shutdown took longer than 10 s, exiting");
    process.exit(1);
  }, 10_000);
  timer.unref();
  server.close(async () => {
    await pool.end();
    process.exit(0);
  });
  server.closeIdleConnections();
}

process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
