/**
 * The Open Source Vulnerability format (OSV schema 1.7, https://ossf.github.io/osv-schema/) — the parts we read —
 * and a structural check that turns untrusted JSON into a record or a reason.
 */

export type OsvSeverityType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu' | (string & {});

export interface OsvSeverity {
  type: OsvSeverityType;
  /** A CVSS vector, or for `Ubuntu` a priority word. */
  score: string;
}

/** One event of a range; exactly one key is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' | (string & {});
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvReference {
  type: string;
  url: string;
}

export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: OsvReference[];
  credits?: { name: string; contact?: string[]; type?: string }[];
  database_specific?: Record<string, unknown>;
}

export type OsvParseResult = { record: OsvRecord } | { error: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function optionalObject(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

function readSeverities(value: unknown): OsvSeverity[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((s): s is OsvSeverity => isObject(s) && typeof s.type === 'string' && typeof s.score === 'string');
  return out.length > 0 ? out.map((s) => ({ type: s.type, score: s.score })) : undefined;
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function readEvent(value: unknown): OsvEvent | undefined {
  if (!isObject(value)) return undefined;
  for (const key of EVENT_KEYS) {
    const v = value[key];
    if (typeof v === 'string' && v !== '') return { [key]: v };
  }
  return undefined;
}

function readRange(value: unknown): OsvRange | undefined {
  if (!isObject(value) || typeof value.type !== 'string' || !Array.isArray(value.events)) return undefined;
  const events = value.events.map(readEvent).filter((e): e is OsvEvent => e !== undefined);
  return {
    type: value.type,
    ...(typeof value.repo === 'string' ? { repo: value.repo } : {}),
    events,
    ...(isObject(value.database_specific) ? { database_specific: value.database_specific } : {}),
  };
}

function readAffected(value: unknown): OsvAffected | undefined {
  if (!isObject(value)) return undefined;
  const pkg = value.package;
  const affected: OsvAffected = {};
  if (isObject(pkg) && typeof pkg.ecosystem === 'string' && typeof pkg.name === 'string') {
    affected.package = { ecosystem: pkg.ecosystem, name: pkg.name, ...(typeof pkg.purl === 'string' ? { purl: pkg.purl } : {}) };
  }
  const severity = readSeverities(value.severity);
  if (severity) affected.severity = severity;
  if (Array.isArray(value.ranges)) affected.ranges = value.ranges.map(readRange).filter((r): r is OsvRange => r !== undefined);
  if (isStringArray(value.versions)) affected.versions = value.versions;
  const ecosystemSpecific = optionalObject(value.ecosystem_specific);
  if (ecosystemSpecific) affected.ecosystem_specific = ecosystemSpecific;
  const databaseSpecific = optionalObject(value.database_specific);
  if (databaseSpecific) affected.database_specific = databaseSpecific;
  return affected;
}

/**
 * Checks the shape of one OSV record. Unknown fields are dropped, malformed optional parts (an event with no known
 * key, a severity without a score) are skipped; a record without an `id` or `modified` is refused.
 */
export function parseOsvRecord(json: unknown): OsvParseResult {
  if (!isObject(json)) return { error: 'not a JSON object' };
  if (typeof json.id !== 'string' || json.id === '') return { error: 'no "id"' };
  if (typeof json.modified !== 'string') return { error: `${json.id}: no "modified" timestamp` };
  if (json.affected !== undefined && !Array.isArray(json.affected)) return { error: `${json.id}: "affected" is not a list` };
  const record: OsvRecord = { id: json.id, modified: json.modified };
  if (typeof json.schema_version === 'string') record.schema_version = json.schema_version;
  if (typeof json.published === 'string') record.published = json.published;
  if (typeof json.withdrawn === 'string') record.withdrawn = json.withdrawn;
  if (isStringArray(json.aliases)) record.aliases = json.aliases;
  if (isStringArray(json.upstream)) record.upstream = json.upstream;
  if (isStringArray(json.related)) record.related = json.related;
  if (typeof json.summary === 'string') record.summary = json.summary;
  if (typeof json.details === 'string') record.details = json.details;
  const severity = readSeverities(json.severity);
  if (severity) record.severity = severity;
  if (Array.isArray(json.affected)) record.affected = json.affected.map(readAffected).filter((a): a is OsvAffected => a !== undefined);
  if (Array.isArray(json.references)) {
    record.references = json.references.filter((r): r is OsvReference => isObject(r) && typeof r.type === 'string' && typeof r.url === 'string');
  }
  const databaseSpecific = optionalObject(json.database_specific);
  if (databaseSpecific) record.database_specific = databaseSpecific;
  return { record };
}

/** Parses the text of one `.json` file holding an OSV record. */
export function parseOsvJson(text: string): OsvParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `invalid JSON (${(error as Error).message})` };
  }
  return parseOsvRecord(json);
}
