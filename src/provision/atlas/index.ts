/** MongoDB Atlas: cluster, database user, access list, SRV connection string. */
export { ATLAS_ENV, atlasFromEnv, fromEnv } from "./env.js";
export {
  ATLAS_API,
  ATLAS_DEFAULT_POLL,
  ATLAS_MEDIA,
  ATLAS_PROVIDER,
  ATLAS_TOKEN_URL,
  type AtlasCredentials,
  type AtlasProviderOptions,
  type AtlasTier,
  connectionString,
  createAtlasProvider,
} from "./provider.js";
