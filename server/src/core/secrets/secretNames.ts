/**
 * What counts as a secret-looking variable name, and how to show a secret without leaking it.
 * Shared by secret-in-arg-or-env, hardcoded-secret-value and secret-in-run-without-secret-mount.
 *
 * Names are split into words (`_`, `-`, `.`, camelCase) and judged word by word, like BuildKit does,
 * but with the false positives users reported removed (moby/buildkit#5775, #5410, #6501,
 * hadolint/hadolint#1245, #1230, ddev/ddev#6462): a name that says it holds a *reference* to a secret
 * (`_FILE`, `_PATH`, `_URL`, `_NAME`, `_ALIAS`, `_SOCK`, `_VERSION`, `PUBLIC`, `_PROMPT`…) is not one.
 */
import { trimTrailingDigits } from '../text';

/** Words that on their own mark a secret. */
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pword', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'apikeys',
  'credential', 'credentials', 'creds', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'accesstoken', 'pat', 'pwd',
]);
/** Words that mark a secret only as the last word (`DB_PASS`, `BASIC_AUTH`), not as a prefix (`PASS_THROUGH`, `AUTH_TYPE`). */
const SECRET_LAST_WORDS = new Set(['pass', 'auth', 'key', 'keys']);
/** `…_KEY` preceded by these names something public or not a credential (`GPG_KEY`, `KMS_KEY`, `SORT_KEY`). */
const HARMLESS_KEY_QUALIFIERS = new Set([
  'public', 'pub', 'gpg', 'pgp', 'kms', 'sort', 'primary', 'foreign', 'cache', 'partition', 'routing', 'shard', 'hot',
  'map', 'idempotency', 'host', 'hotkey', 'lookup', 'index', 'dedup', 'group', 'tag', 'label',
]);
/** Words that say the variable holds something *about* a secret, not the secret itself. */
const REFERENCE_WORDS = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'version', 'ver', 'public', 'pub', 'url', 'uri', 'endpoint', 'host', 'port',
  'name', 'user', 'username', 'id', 'ids', 'alias', 'prompt', 'sock', 'socket', 'type', 'length', 'len', 'size', 'min', 'max',
  'enabled', 'enable', 'disabled', 'disable', 'required', 'mode', 'method', 'provider', 'strategy', 'format', 'expiry',
  'expires', 'expiration', 'ttl', 'timeout', 'header', 'field', 'location', 'region', 'arn', 'policy', 'rotation', 'count',
  'retries', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'helper', 'store', 'manager', 'backend', 'server',
  'service', 'plugin', 'module', 'command', 'cmd', 'script', 'tool', 'cli', 'bin', 'home', 'env', 'prefix', 'suffix', 'ref',
  'reset', 'hint', 'label', 'description', 'desc', 'mount', 'target', 'source', 'src', 'dest', 'query', 'param', 'params',
]);

const MAY_NAME_A_SECRET = /pass|pword|secret|token|cred|key|auth|pat|pwd/i;

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.]+/)
    .map((w) => trimTrailingDigits(w.toLowerCase()))
    .filter(Boolean);
}

/** The word that makes `name` look like a secret, or undefined. */
export function secretWordOf(name: string): string | undefined {
  // Every word that can mark a secret contains one of these; most names (PATH, APP_HOME) have none.
  if (!MAY_NAME_A_SECRET.test(name)) return undefined;
  const words = nameWords(name);
  if (words.length === 0 || words.includes('public') || words.includes('pub')) return undefined;
  // AWS_ACCESS_KEY_ID: an identifier, but half of a credential pair that peers (hadolint, BuildKit) flag.
  for (let i = 0; i + 1 < words.length && !words.some((w) => SECRET_WORDS.has(w)); i++) {
    if (words[i] === 'access' && words[i + 1] === 'key' && (i + 2 === words.length || (words[i + 2] === 'id' && i + 3 === words.length))) return 'access_key';
  }
  // `PWD` alone is the working directory.
  if (words.length === 1 && words[0] === 'pwd') return undefined;
  let index = words.findIndex((w) => SECRET_WORDS.has(w));
  if (index < 0) {
    const last = words.length - 1;
    const previous = words[last - 1];
    if (!SECRET_LAST_WORDS.has(words[last])) return undefined;
    if ((words[last] === 'key' || words[last] === 'keys') && previous && HARMLESS_KEY_QUALIFIERS.has(previous)) return undefined;
    index = last;
  }
  // Words after the secret word that say "this is where/what the secret is": PASSWORD_FILE, TOKEN_URL, KEY_ALIAS.
  if (words.slice(index + 1).some((w) => REFERENCE_WORDS.has(w))) return undefined;
  return words[index];
}

export function isSecretName(name: string): boolean {
  return secretWordOf(name) !== undefined;
}

/** First four characters and an ellipsis: enough to recognise the value, useless to an attacker. */
export function redact(value: string): string {
  return value.length <= 4 ? '…' : `${value.slice(0, 4)}…`;
}

/** Values that obviously are not secrets: empty, numbers, booleans, absolute paths, placeholders. */
export function isHarmlessValue(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (!v) return true;
  if (/^-?\d+(\.\d+)?$/.test(v) || /^(true|false|yes|no|on|off|none|null|disabled?|enabled?)$/i.test(v)) return true;
  if (/^(\/|~\/|\.\/)\S*$/.test(v)) return true;
  return isPlaceholder(v);
}

export function isPlaceholder(value: string): boolean {
  return /^(<[^>]*>|\*+|x{3,}|\.{3}|changeme|change_me|replaceme|secret|password|pass|passwd|pw|pwd|user|token|dummy|example|placeholder|redacted|todo|tbd|none)$/i.test(value) ||
    /EXAMPLE|dummy|changeme|placeholder|not[_-]?a[_-]?secret|your[_-]?(token|key|secret|password)|<.*>/i.test(value);
}
