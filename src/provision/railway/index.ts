/** Railway: GraphQL client (shared with the deploy step) and the database provider. */
export { RAILWAY_ENDPOINT, RailwayClient, type RailwayClientOptions, type RailwayTokenKind } from "./client.js";
export { fromEnv, RAILWAY_ENV, railwayFromEnv } from "./env.js";
export * as railwayOperations from "./operations.js";
export type { RailwayOperation } from "./operations.js";
export {
  createRailwayProvider,
  prepareTemplateConfig,
  projectName,
  RAILWAY_DEFAULT_POLL,
  RAILWAY_PROVIDER,
  RAILWAY_PUBLIC_URL_VARIABLE,
  RAILWAY_TEMPLATES,
  type RailwayProviderOptions,
  serviceName,
} from "./provider.js";
