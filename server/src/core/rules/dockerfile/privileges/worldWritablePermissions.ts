import type { DockerfileRule } from '../../../rule';
import { modeSettings } from './permissions';

/** Others-write bit cleared, keeping the number of digits as written (`0777` → `0775`). */
function withoutOthersWrite(mode: string, octal: number): string {
  return (octal & ~0o002).toString(8).padStart(mode.length, '0');
}

/** `chmod 777`, `chmod -R o+w`, `COPY --chmod=777`: anyone in the container may rewrite the files. */
export const worldWritablePermissions: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/world-writable-permissions',
  title: 'World-writable file permissions',
  severity: 'warning',
  category: 'privileges',
  equivalents: [],
  compliance: ['CWE-732'],
  fixable: true,
  explanation: {
    what:
      'A build step makes files writable by every user: `chmod 777` / `666` / `o+w` / `a+w` (also with `-R`), ' +
      '`mkdir -m 777`, `install -m 777`, or `COPY`/`ADD --chmod=777`. Sticky directories (`chmod 1777 /tmp`) are the ' +
      'normal shared-temp pattern and are not reported.',
    why:
      'World-writable application files let any process in the container, whatever its user, replace code or ' +
      'configuration that a more privileged process later executes: a local privilege escalation and an easy persistence ' +
      'spot for an attacker. `777` is usually a shortcut around an ownership problem.',
    fix:
      'Give ownership to the user that needs to write, and keep others read-only:\n\n' +
      '```dockerfile\nCOPY --chown=10001:0 --chmod=775 app/ /app/\n# or\nRUN chown -R 10001:0 /app/data && chmod -R 775 /app/data\n```\n\n' +
      'The quick fix clears only the others-write bit (`777` → `775`).',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN chmod 777 /app\n', expect: ['777'], fixed: 'FROM debian:12\nRUN chmod 775 /app\n' },
    { text: 'FROM debian:12\nRUN chmod -R 0777 /app\n', expect: ['0777'], fixed: 'FROM debian:12\nRUN chmod -R 0775 /app\n' },
    { text: 'FROM debian:12\nRUN chmod -R a+rwX /srv && chmod o+w /etc/app.conf\n', expect: ['a+rwX', 'o+w'] },
    { text: 'FROM debian:12\nCOPY --chmod=777 app/ /app/\n', expect: ['777'], fixed: 'FROM debian:12\nCOPY --chmod=775 app/ /app/\n' },
    { text: 'FROM debian:12\nRUN mkdir -m 777 /data\n', expect: ['777'], fixed: 'FROM debian:12\nRUN mkdir -m 775 /data\n' },
    { text: 'FROM debian:12\nRUN chmod 1777 /tmp && chmod 755 /app && chmod +w /app/x\n', expect: [], note: 'sticky /tmp, safe modes, umask-governed +w' },
    { text: 'FROM debian:12\nRUN chmod $MODE /app && chmod -R o-w /app\n', expect: [], note: 'unknown mode; removing write' },
    { text: 'FROM debian:12\nRUN <<EOF\nset -e\nchmod 666 /var/run/app.sock\nEOF\n', expect: ['666'], fixed: 'FROM debian:12\nRUN <<EOF\nset -e\nchmod 664 /var/run/app.sock\nEOF\n', note: 'heredoc' },
    { text: 'FROM debian:12\r\nRUN mkdir -p /data \\\r\n# make it shared\r\n && chmod 0777 /data\r\n', expect: ['0777'], fixed: 'FROM debian:12\r\nRUN mkdir -p /data \\\r\n# make it shared\r\n && chmod 0775 /data\r\n', note: 'CRLF and a comment inside the continuation' },
  ],
  check({ model, report }) {
    for (const setting of modeSettings(model)) {
      if (!setting.effect.worldWritable || setting.effect.sticky) continue;
      const target = setting.targets.length ? ` on ${setting.targets.join(' ')}` : '';
      const recursive = setting.recursive ? ' recursively' : '';
      const fixes =
        setting.effect.octal !== undefined
          ? [
              {
                title: `Use ${withoutOthersWrite(setting.mode, setting.effect.octal)} (no write for others)`,
                edits: [{ ...setting.modeSpan, newText: withoutOthersWrite(setting.mode, setting.effect.octal) }],
                isPreferred: true,
              },
            ]
          : undefined;
      report({
        start: setting.modeSpan.start,
        end: setting.modeSpan.end,
        message: `${setting.via} ${setting.mode}${target} makes files world-writable${recursive}: any process in the container can modify them; grant write to the owning user/group instead (e.g. chown + 775).`,
        evidence: setting.mode,
        fixes,
      });
    }
  },
};
