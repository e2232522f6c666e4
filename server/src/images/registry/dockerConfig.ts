/**
 * Docker's `config.json` credential entries: `auths` (base64 `auth`, `username`/`password`, `identitytoken`,
 * `registrytoken`), `credsStore` (one helper for every host) and `credHelpers` (a helper per host). Pure: the
 * file text comes in, a decision about where a host's credentials live comes out.
 */
import { CredentialSourceError, type Credentials } from './credentials';

/** The key Docker Hub credentials are stored under, and the server URL its helpers are given. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfigFile {
  auths: Record<string, DockerAuthEntry>;
  credsStore?: string;
  credHelpers: Record<string, string>;
}

export type CredentialSource =
  | { kind: 'inline'; credentials: Credentials }
  | { kind: 'helper'; helper: string; serverUrl: string };

export function parseDockerConfig(text: string): DockerConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialSourceError('Docker config.json is not valid JSON');
  }
  if (typeof json !== 'object' || json === null) throw new CredentialSourceError('Docker config.json is not a JSON object');
  const raw = json as Record<string, unknown>;
  const auths: Record<string, DockerAuthEntry> = {};
  if (typeof raw.auths === 'object' && raw.auths !== null) {
    for (const [key, value] of Object.entries(raw.auths as Record<string, unknown>)) {
      if (typeof value !== 'object' || value === null) continue;
      const entry: DockerAuthEntry = {};
      for (const field of ['auth', 'username', 'password', 'identitytoken', 'registrytoken'] as const) {
        const v = (value as Record<string, unknown>)[field];
        if (typeof v === 'string' && v) entry[field] = v;
      }
      auths[key] = entry;
    }
  }
  const credHelpers: Record<string, string> = {};
  if (typeof raw.credHelpers === 'object' && raw.credHelpers !== null) {
    for (const [key, value] of Object.entries(raw.credHelpers as Record<string, unknown>)) {
      if (typeof value === 'string' && value) credHelpers[key] = value;
    }
  }
  const config: DockerConfigFile = { auths, credHelpers };
  if (typeof raw.credsStore === 'string' && raw.credsStore) config.credsStore = raw.credsStore;
  return config;
}

/** Docker's `ConvertToHostname`: drop the scheme and any path. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//i, '').split('/')[0].toLowerCase();
}

function sameRegistry(key: string, registry: string): boolean {
  const host = hostnameOf(key);
  const target = registry.toLowerCase();
  if (HUB_NAMES.has(target)) return HUB_NAMES.has(host);
  return host === target;
}

export function helperServerUrl(registry: string): string {
  return HUB_NAMES.has(registry.toLowerCase()) ? DOCKER_HUB_AUTH_KEY : registry;
}

/** Where `registry`'s credentials live: `credHelpers` entry, then `credsStore`, then an inline `auths` entry. */
export function credentialSources(config: DockerConfigFile, registry: string): CredentialSource[] {
  const sources: CredentialSource[] = [];
  const helperKey = Object.keys(config.credHelpers).find((k) => sameRegistry(k, registry));
  if (helperKey) sources.push({ kind: 'helper', helper: config.credHelpers[helperKey], serverUrl: helperServerUrl(registry) });
  else if (config.credsStore) sources.push({ kind: 'helper', helper: config.credsStore, serverUrl: helperServerUrl(registry) });
  // Prefer the exact key, then any key naming the same host.
  const keys = Object.keys(config.auths);
  const authKey = keys.find((k) => k === registry || k === helperServerUrl(registry)) ?? keys.find((k) => sameRegistry(k, registry));
  const inline = authKey ? inlineCredentials(config.auths[authKey]) : undefined;
  if (inline) sources.push({ kind: 'inline', credentials: inline });
  return sources;
}

function inlineCredentials(entry: DockerAuthEntry): Credentials | undefined {
  const credentials: Credentials = {};
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      credentials.username = decoded.slice(0, colon);
      credentials.password = decoded.slice(colon + 1);
    }
  } else if (entry.username && entry.password) {
    credentials.username = entry.username;
    credentials.password = entry.password;
  }
  if (entry.identitytoken) credentials.identityToken = entry.identitytoken;
  if (entry.registrytoken) credentials.registryToken = entry.registrytoken;
  return Object.keys(credentials).length ? credentials : undefined;
}
