/** Neon: PostgreSQL, a branch per preview environment. */
export { fromEnv, NEON_ENV, neonFromEnv } from "./env.js";
export { createNeonProvider, NEON_API, NEON_DEFAULT_POLL, NEON_PROVIDER, type NeonProviderOptions } from "./provider.js";
