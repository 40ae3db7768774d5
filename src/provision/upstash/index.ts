/** Upstash: Redis through the Developer API. */
export { fromEnv, UPSTASH_ENV, upstashFromEnv } from "./env.js";
export { createUpstashProvider, UPSTASH_API, UPSTASH_DEFAULT_POLL, UPSTASH_PROVIDER, type UpstashProviderOptions } from "./provider.js";
