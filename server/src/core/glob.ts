/**
 * Glob matching for `ignorePaths` (config), shared by the CLI's directory walk and the language
 * server's workspace scan so both skip the same files. Paths use forward slashes and are relative
 * to the directory that holds the config file.
 *
 * Semantics, like .gitignore: `*` and `?` stay within one path segment, `**` crosses segments; a
 * pattern without a slash matches at any depth (`*.tmp`, `vendor`); a pattern that matches a
 * directory also ignores everything below it; a leading `/` or `./` anchors to the config's folder.
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/\\/g, '/');
  let anchored = false;
  if (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/')) {
    p = p.slice(1);
    anchored = true;
  }
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (!anchored && !p.includes('/')) p = `**/${p}`;
  let source = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atSegmentStart = i === 0 || p[i - 1] === '/';
        const atSegmentEnd = i + 2 === p.length || p[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more whole segments; a trailing `**` matches the rest.
          if (i + 2 < p.length) {
            source += '(?:[^/]*/)*';
            i += 2;
          } else {
            source += '.*';
            i += 1;
          }
          continue;
        }
        i += 1;
      }
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) {
        source += '\\[';
      } else {
        const body = p.slice(i + 1, close).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else {
      source += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  // Matching a directory ignores its contents too.
  return new RegExp(`^${source}(?:/.*)?$`);
}

export class GlobSet {
  private readonly regexps: RegExp[];

  constructor(patterns: readonly string[]) {
    this.regexps = patterns.filter((p) => p.trim() !== '').map(globToRegExp);
  }

  get isEmpty(): boolean {
    return this.regexps.length === 0;
  }

  /** `relativePath` uses forward slashes, relative to the config's folder; never starts with `./`. */
  matches(relativePath: string): boolean {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    return this.regexps.some((r) => r.test(path));
  }
}
