import { ProvisionError } from "../types.js";
import type { UpstashProviderOptions } from "./provider.js";

/**
 * Upstash settings from the environment: UPSTASH_EMAIL and UPSTASH_API_KEY (required; HTTP Basic for the
 * Developer API), UPSTASH_REGION (optional; default us-east-1), UPSTASH_PLAN (optional).
 * Values are never printed; missing ones are reported by name only.
 */
export const UPSTASH_ENV = { email: "UPSTASH_EMAIL", apiKey: "UPSTASH_API_KEY", region: "UPSTASH_REGION", plan: "UPSTASH_PLAN" } as const;

export function fromEnv(env: Record<string, string | undefined> = process.env): UpstashProviderOptions {
  const value = (name: string) => env[name]?.trim() || undefined;
  const email = value(UPSTASH_ENV.email);
  const apiKey = value(UPSTASH_ENV.apiKey);
  if (!email || !apiKey) {
    const missing = [!email && UPSTASH_ENV.email, !apiKey && UPSTASH_ENV.apiKey].filter(Boolean);
    throw new ProvisionError("upstash", `set ${missing.join(" and ")}`);
  }
  const options: UpstashProviderOptions = { email, apiKey };
  const region = value(UPSTASH_ENV.region);
  const plan = value(UPSTASH_ENV.plan);
  if (region) options.region = region;
  if (plan) options.plan = plan;
  return options;
}

export { fromEnv as upstashFromEnv };
