import type { DockerfileRule } from '../../../rule';
import { findOptions, invocations, literalTexts, matchSpan } from '../shell/invocations';
import { APT_PROGRAMS, APT_SPEC, aptConfigOptions, isTruthy } from './aptOptions';

const SOURCE_OPTION = /\b(trusted|allow-insecure|allow-weak|allow-downgrade-to-insecure)=yes\b/i;
const DEB822_TRUSTED = /^\s*(Trusted|Allow-Insecure|Allow-Weak|Allow-Downgrade-To-Insecure)\s*:\s*yes\b/i;
const INSECURE_KEYS = /^Acquire::(AllowInsecureRepositories|AllowDowngradeToInsecureRepositories|AllowWeakRepositories)$/i;
const TLS_KEYS = /^Acquire::https::(?:[^:]+::)?Verify-(Peer|Host)$/i;
const CONF_LINE = /Acquire::(AllowInsecureRepositories|AllowDowngradeToInsecureRepositories|AllowWeakRepositories|https::(?:[^:\s]+::)?Verify-(?:Peer|Host))\s+"?(true|false|1|0|yes|no)"?/i;

/** APT sources or keys trusted without the per-repository signature check apt normally enforces. */
export const untrustedAptSource: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/untrusted-apt-source',
  title: 'APT repository trusted without signature verification',
  severity: 'warning',
  category: 'integrity',
  equivalents: [],
  compliance: ['CWE-494', 'CWE-295', 'CIS-Docker-4.11'],
  explanation: {
    what:
      'An APT source marked `[trusted=yes]` / `[allow-insecure=yes]` (one-line or deb822 `Trusted: yes`), apt run with ' +
      '`--allow-insecure-repositories` or `-o Acquire::AllowInsecureRepositories=true`, HTTPS peer verification turned off for apt, ' +
      'or a key added with the deprecated `apt-key add`/`apt-key adv`.',
    why:
      '`trusted=yes` and the insecure-repository switches make apt accept unsigned repositories, so whoever controls the mirror or the network ' +
      'decides what gets installed. `apt-key add` puts a key in the global keyring, where it can vouch for packages of every repository, not just its own.',
    fix:
      'Download the repository key to its own keyring and bind it to that source with `signed-by`:\n\n' +
      '```dockerfile\nRUN curl -fsSL https://repo.example/key.gpg | gpg --dearmor -o /usr/share/keyrings/example.gpg \\\n' +
      ' && echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://repo.example stable main" > /etc/apt/sources.list.d/example.list\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://repo.example stable main" > /etc/apt/sources.list.d/x.list\n', expect: ['"deb [trusted=yes]'] },
    { text: 'FROM debian:12\nRUN cat > /etc/apt/sources.list.d/x.list <<EOF\ndeb [arch=amd64 trusted=yes] http://repo.example stable main\nEOF\n', expect: ['trusted=yes'] },
    { text: 'FROM debian:12\nCOPY <<EOF /etc/apt/sources.list.d/x.sources\nTypes: deb\nURIs: http://repo.example\nTrusted: yes\nEOF\n', expect: ['Trusted: yes'] },
    { text: 'FROM debian:12\nRUN apt-get update -o Acquire::AllowInsecureRepositories=true\n', expect: ['Acquire::AllowInsecureRepositories=true'] },
    { text: 'FROM debian:12\nRUN apt-get update --allow-insecure-repositories\n', expect: ['--allow-insecure-repositories'] },
    { text: 'FROM debian:12\nRUN curl -fsSL https://repo.example/key.asc | apt-key add -\n', expect: ['apt-key'] },
    { text: 'FROM debian:12\nRUN echo \'Acquire::https::Verify-Peer "false";\' > /etc/apt/apt.conf.d/99insecure\n', expect: ["'Acquire"] },
    {
      text: 'FROM debian:12\nRUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.example stable main" > /etc/apt/sources.list.d/x.list\n',
      expect: [],
    },
  ],
  check({ model, report }) {
    for (const inv of invocations(model)) {
      if (inv.program === 'apt-key' && inv.args.some((a) => a.text === 'add' || a.text === 'adv')) {
        report({ start: inv.nameWord.start, end: inv.nameWord.end, message: 'apt-key adds the key to the global keyring, where it vouches for every repository; store it in /usr/share/keyrings and use [signed-by=…] on its source.' });
        continue;
      }
      if (!APT_PROGRAMS.has(inv.program)) continue;
      for (const hit of findOptions(inv.args, ['--allow-insecure-repositories'], APT_SPEC)) {
        report({ start: hit.word.start, end: hit.word.end, message: `${inv.program} ${hit.name} accepts repositories without valid signatures; sign the repository or bind its key with signed-by.` });
      }
      for (const option of aptConfigOptions(inv.args)) {
        const insecure = INSECURE_KEYS.test(option.key) && isTruthy(option.value);
        const noTls = TLS_KEYS.test(option.key) && /^["']?(0|false|no|off)["']?$/i.test(option.value);
        if (!insecure && !noTls) continue;
        const valueWord = option.hit.wholeWord && option.hit.name === '-o' ? inv.args[inv.args.indexOf(option.hit.word) + 1] ?? option.hit.word : option.hit.word;
        report({ start: valueWord.start, end: valueWord.end, message: `${option.key}=${option.value} lets ${inv.program} use repositories it cannot verify; remove it.` });
      }
    }
    for (const literal of literalTexts(model)) {
      // Every pattern below needs a `[` (one-line source options) or a `:` (deb822 fields, apt.conf keys).
      if (!literal.text.includes('[') && !literal.text.includes(':')) continue;
      const source = /(^|\\n|\s|")deb(-src)?\s+\[([^\]]*)\]/.exec(literal.text);
      const option = source ? SOURCE_OPTION.exec(source[3]) : null;
      if (source && option) {
        const at = literal.exact ? literal.text.indexOf(option[0], source.index) : -1;
        const span = at >= 0 ? { start: literal.start + at, end: literal.start + at + option[0].length } : { start: literal.start, end: literal.end };
        report({ ...span, message: `APT source marked [${option[0]}] is used without signature verification; remove it and use [signed-by=/usr/share/keyrings/<key>.gpg].` });
        continue;
      }
      const deb822 = DEB822_TRUSTED.exec(literal.text);
      if (deb822 && literal.exact) {
        const lead = deb822[0].length - deb822[0].trimStart().length;
        report({ start: literal.start + lead, end: literal.start + deb822[0].length, message: `deb822 source with "${deb822[0].trim()}" is used without signature verification; use Signed-By: instead.` });
        continue;
      }
      const conf = CONF_LINE.exec(literal.text);
      if (conf) {
        const value = conf[2].toLowerCase();
        const verify = /Verify-/i.test(conf[1]);
        if (verify ? /^(false|0|no)$/.test(value) : /^(true|1|yes)$/.test(value)) {
          report({ ...matchSpan(literal, conf), message: `apt.conf setting ${conf[1]} ${conf[2]} lets apt use repositories it cannot verify; remove it.` });
        }
      }
    }
  },
};
