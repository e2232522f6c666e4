/**
 * What the secret scorer judges in a value, before any model runs. Two steps, mirrored line for line
 * by models/training/secret_parts.py so that the model card measures exactly what the product does
 * (test/model/shipped.test.ts compares both on every evaluation row):
 *
 * 1. A composite value — a URL or connection string — is judged by the credential inside it, not as a
 *    whole: `postgres://app:Rm4v…@db/app` by its password `Rm4v…` under the user `app`
 *    (`url-credential`), `Server=db;Password=…;` and `jdbc:…?password=…` by the parameter's value
 *    (`cli-flag`, named after the parameter). The rest of a URL is configuration and only blurs
 *    the judgement: a whole URL with a real password and one with `postgres:postgres` look alike.
 * 2. A value that is public — an example printed in a vendor's documentation, or a key that is public
 *    by design (Stripe `pk_`, Mapbox `pk.`, a Sentry DSN) — is not a secret whatever the model would
 *    say (publicValues.json; gitleaks and trufflehog keep similar allow-lists).
 */
import type { SecretContext } from '../model/candidates';
import publicValueList from './publicValues.json';
import { urlCredentials } from './secretValues';

export interface SecretPart {
  value: string;
  name: string;
  context: SecretContext;
  /** Offset of `value` inside the value it was taken from. */
  offset: number;
  /** Set when the part is a public value: what it is. The model is not asked about it. */
  publicAs?: string;
}

const PUBLIC_VALUES = new Map(publicValueList.values.map((v) => [v.value, v.what]));
const PUBLIC_PATTERNS = publicValueList.patterns.map((p) => ({ pattern: new RegExp(p.pattern), what: p.what }));

/** What a public value is (`the jwt.io sample token (John Doe)`), or undefined when it is not a known public value. */
export function publicValue(value: string): string | undefined {
  const exact = PUBLIC_VALUES.get(value);
  if (exact !== undefined) return exact;
  // Every pattern is anchored and bounded; values longer than any public one are not tried.
  if (value.length > 1024) return undefined;
  return PUBLIC_PATTERNS.find((p) => p.pattern.test(value))?.what;
}

/** `Password=…;` (ADO.NET, ODBC), `?password=…&` (JDBC, DSNs), Azure's `AccountKey=` / `SharedAccessKey=`. */
const CREDENTIAL_PARAMETER = /(?:^|[?&;])[ \t]*([Pp]assword|PASSWORD|[Pp]wd|PWD|[Pp]asswd|AccountKey|SharedAccessKey)[ \t]*=[ \t]*([^;&\s'"]{1,1024})/g;

/** Contexts whose candidate is already the credential itself. */
const ALREADY_A_PART: ReadonlySet<SecretContext> = new Set(['url-credential', 'cli-flag']);

/**
 * The parts of a candidate the scorer judges: the credentials inside a composite value, else the value
 * itself; each marked when it is public. A value is a real secret when any part the model is asked
 * about is one.
 */
export function secretParts(query: { value: string; name: string; context: SecretContext }): SecretPart[] {
  const parts: SecretPart[] = [];
  if (!ALREADY_A_PART.has(query.context)) {
    for (const { user, password, offset } of urlCredentials(query.value)) parts.push({ value: password, name: user, context: 'url-credential', offset });
    for (const m of query.value.matchAll(CREDENTIAL_PARAMETER)) {
      const offset = m.index! + m[0].length - m[2].length;
      if (parts.some((p) => p.offset === offset)) continue;
      parts.push({ value: m[2], name: m[1].toLowerCase(), context: 'cli-flag', offset });
    }
    parts.sort((a, b) => a.offset - b.offset);
  }
  if (parts.length === 0) parts.push({ value: query.value, name: query.name, context: query.context, offset: 0 });
  const wholePublic = publicValue(query.value);
  for (const part of parts) {
    const what = wholePublic ?? publicValue(part.value);
    if (what !== undefined) part.publicAs = what;
  }
  return parts;
}
