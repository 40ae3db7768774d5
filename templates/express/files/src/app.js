import cors from "cors";
import express from "express";
import helmet from "helmet";
import { registerCustomRoutes } from "./custom/index.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { mountRoutes } from "./routes/index.js";

/** The Express app, without listening: server.js listens, the tests start it on a random port. */
export function createApp({ pool, config }) {
  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);

  app.use(helmet());
  app.use(cors({ origin: config.frontendOrigins, credentials: true }));
  // rawBody: the bytes as sent, for webhooks that verify a signature over them (see custom/index.js).
  app.use(express.json({ limit: "1mb", verify: (req, _res, buffer) => void (req.rawBody = buffer) }));

  app.get("/health", async (_req, res) => {
    try {
      await pool.query("select 1");
      res.json({ status: "ok" });
    } catch (error) {
      res.status(503).json({ status: "unavailable", error: `database unreachable: ${error.message}` });
    }
  });

  mountRoutes(app, { pool, config });
  registerCustomRoutes(app, { pool, config });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
