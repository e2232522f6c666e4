/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header may hold several challenges, each a scheme followed
 * by comma-separated `name=value` or `name="quoted value"` parameters. Registries send
 * `Bearer realm="…",service="…",scope="…"[,error="insufficient_scope"]` or `Basic realm="…"`.
 */

export interface AuthChallenge {
  /** Lower-case scheme: `bearer`, `basic`, … */
  scheme: string;
  /** Parameter names lower-cased. */
  params: Record<string, string>;
}

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  const text = header ?? '';
  const challenges: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  const isBlank = (c: string) => c === ' ' || c === '\t';
  const skipBlanks = () => {
    while (i < text.length && isBlank(text[i])) i++;
  };
  while (i < text.length) {
    while (i < text.length && (text[i] === ',' || isBlank(text[i]))) i++;
    const start = i;
    while (i < text.length && text[i] !== ',' && text[i] !== '=' && !isBlank(text[i])) i++;
    const name = text.slice(start, i);
    skipBlanks();
    let value: string | undefined;
    if (text[i] === '=') {
      i++;
      skipBlanks();
      value = '';
      if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i++];
        }
        i++;
      } else {
        while (i < text.length && text[i] !== ',' && !isBlank(text[i])) value += text[i++];
      }
    }
    if (!TOKEN.test(name)) continue;
    if (value !== undefined) {
      if (current) current.params[name.toLowerCase()] = value;
    } else {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

export function findChallenge(challenges: AuthChallenge[], scheme: 'bearer' | 'basic'): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === scheme);
}
