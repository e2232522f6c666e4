/**
 * Advisories: OSV records loaded from a local directory or `all.zip` exports, matched against image inventories
 * and against package versions pinned in Dockerfiles.
 */
export { AdvisoryDatabase } from './database';
export type { AdvisoryDatabaseOptions, IndexedAdvisory } from './database';
export { loadAdvisoryDatabase, defaultLoadLimits } from './load';
export type { AdvisoryLoadLimits, LoadAdvisoriesOptions } from './load';
export { matchInventory, matchPinnedPackages } from './match';
export type { MatchOptions, PinnedMatchOptions, PinnedPackage } from './match';
export { updateDatabase, readDatabaseMetadata, ecosystemDownloadUrl, DEFAULT_OSV_BASE_URL } from './update';
export type { DatabaseMetadata, UpdateDatabaseOptions, UpdatedEcosystem } from './update';
export { osEcosystems, versionSchemeForEcosystem } from './ecosystems';
export { evaluateAffected } from './ranges';
export type { AffectedEvaluation } from './ranges';
export { advisorySeverity, cvss3BaseScore, severityFromScore } from './severity';
export { parseOsvRecord, parseOsvJson } from './osv';
export type { OsvAffected, OsvEvent, OsvPackage, OsvRange, OsvRecord, OsvSeverity } from './osv';
export { ZipError } from './zip';
export { advisoriesFromOsvApi, osvQueries, DEFAULT_OSV_API_URL } from './osvApi';
export type { OsvApiOptions } from './osvApi';
