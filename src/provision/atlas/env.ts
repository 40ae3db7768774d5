import { ProvisionError } from "../types.js";
import type { AtlasProviderOptions, AtlasTier } from "./provider.js";

/**
 * Atlas settings from the environment. Credentials, one pair:
 * - ATLAS_CLIENT_ID + ATLAS_CLIENT_SECRET: a service account (preferred; OAuth2 client credentials), or
 * - ATLAS_PUBLIC_KEY + ATLAS_PRIVATE_KEY: a legacy programmatic API key (HTTP Digest).
 * Required: ATLAS_PROJECT_ID. Optional: ATLAS_CLUSTER_NAME (one cluster for all apps), ATLAS_CLUSTER_TIER
 * (M0 | FLEX), ATLAS_REGION (e.g. US_EAST_1), ATLAS_ACCESS_LIST_CIDR (default 0.0.0.0/0),
 * ATLAS_DB_PASSWORD_SECRET (key database passwords are derived from).
 * Values are never printed; missing ones are reported by name only.
 */
export const ATLAS_ENV = {
  clientId: "ATLAS_CLIENT_ID",
  clientSecret: "ATLAS_CLIENT_SECRET",
  publicKey: "ATLAS_PUBLIC_KEY",
  privateKey: "ATLAS_PRIVATE_KEY",
  projectId: "ATLAS_PROJECT_ID",
  clusterName: "ATLAS_CLUSTER_NAME",
  tier: "ATLAS_CLUSTER_TIER",
  region: "ATLAS_REGION",
  accessListCidr: "ATLAS_ACCESS_LIST_CIDR",
  passwordSecret: "ATLAS_DB_PASSWORD_SECRET",
} as const;

export function fromEnv(env: Record<string, string | undefined> = process.env): AtlasProviderOptions {
  const value = (name: string) => env[name]?.trim() || undefined;
  const clientId = value(ATLAS_ENV.clientId);
  const clientSecret = value(ATLAS_ENV.clientSecret);
  const publicKey = value(ATLAS_ENV.publicKey);
  const privateKey = value(ATLAS_ENV.privateKey);
  const projectId = value(ATLAS_ENV.projectId);
  let credentials: AtlasProviderOptions["credentials"];
  if (clientId && clientSecret) credentials = { kind: "service-account", clientId, clientSecret };
  else if (publicKey && privateKey) credentials = { kind: "api-key", publicKey, privateKey };
  else {
    throw new ProvisionError(
      "atlas",
      `set ${ATLAS_ENV.clientId} and ${ATLAS_ENV.clientSecret} (a service account), or ${ATLAS_ENV.publicKey} and ${ATLAS_ENV.privateKey}`,
    );
  }
  if (!projectId) throw new ProvisionError("atlas", `set ${ATLAS_ENV.projectId}`);
  const options: AtlasProviderOptions = { credentials, projectId };
  const tier = value(ATLAS_ENV.tier)?.toUpperCase();
  if (tier !== undefined && tier !== "M0" && tier !== "FLEX") throw new ProvisionError("atlas", `${ATLAS_ENV.tier} must be M0 or FLEX`);
  if (tier) options.tier = tier as AtlasTier;
  const clusterName = value(ATLAS_ENV.clusterName);
  const region = value(ATLAS_ENV.region);
  const accessListCidr = value(ATLAS_ENV.accessListCidr);
  const passwordSecret = value(ATLAS_ENV.passwordSecret);
  if (clusterName) options.clusterName = clusterName;
  if (region) options.region = region;
  if (accessListCidr) options.accessListCidr = accessListCidr;
  if (passwordSecret) options.passwordSecret = passwordSecret;
  return options;
}

export { fromEnv as atlasFromEnv };
