/**
 * Migration runners: PostgreSQL (the generated app's contract: tracking table,
 * checksums, advisory lock, one transaction per migration) and MongoDB
 * (collections, JSON-schema validators and indexes from the AppSpec).
 */
export {
  ChangedMigrationError,
  DuplicateVersionError,
  FailedMigrationError,
  LockTimeoutError,
  MigrationAbortedError,
  MigrationError,
  MissingMigrationError,
  type MigrationErrorCode,
} from "./errors.js";
export { MIGRATION_FILE, migrationChecksum, migrationLabel, readMigrationDirectory, type MigrationDirectory, type MigrationFile } from "./files.js";
export {
  MIGRATION_LOCK_KEY,
  TRACKING_TABLE,
  migratePostgres,
  type AppliedMigration,
  type MigratePostgresOptions,
  type MigrationReport,
} from "./postgres.js";
export {
  applyMongoPlan,
  databaseInUrl,
  migrateMongo,
  mongoSchemaTarget,
  planMongo,
  type ApplyMongoOptions,
  type MigrateMongoOptions,
  type MongoCollectionPlan,
  type MongoIndexPlan,
  type MongoMigrationReport,
  type MongoPlan,
  type MongoSchemaTarget,
} from "./mongodb.js";
