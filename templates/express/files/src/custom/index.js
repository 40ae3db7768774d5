/**
 * Custom routes: the one place for endpoints beyond the generated CRUD and
 * auth routes. app.js calls registerCustomRoutes after those routes and before
 * the 404 handler, so req.user is already set from the access token (null when
 * signed out) and a custom route never shadows a generated one.
 *
 * `deps` is { pool, config }: the PostgreSQL pool (query with $1, $2...
 * parameters) and the settings from src/config.js. Middleware for access
 * levels is in ../auth/middleware.js, error helpers in ../errors.js. For a
 * webhook that checks a signature, req.rawBody holds the unparsed JSON body.
 *
 * Stackwright's model generator replaces this file (and adds modules beside
 * it) for the spec's custom endpoints and features; otherwise it is yours.
 */
export function registerCustomRoutes(app, deps) {
  // None yet. Mount them here, e.g. app.use("/api/reports", reportsRouter(deps)).
}
