import type { DockerfileRule } from '../../../rule';
import { invocationsOfPrograms, literalTexts, perInstruction } from '../shell/invocations';
import { envSettings, isFalsy } from './environment';

/** npm/yarn told not to verify the registry's certificate. */
export const npmStrictSslDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/npm-strict-ssl-disabled',
  title: 'npm/yarn strict-ssl disabled',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_12', 'checkov:CKV2_DOCKER_13'],
  compliance: ['CWE-295', 'CIS-Docker-4.11'],
  explanation: {
    what:
      '`NPM_CONFIG_STRICT_SSL=false` (ENV, ARG or RUN), `npm config set strict-ssl false`, `yarn config set strict-ssl false`, ' +
      '`yarn config set enableStrictSsl false`, `--strict-ssl=false` on the command line or `strict-ssl=false` written to an `.npmrc`.',
    why: 'npm and yarn then accept any certificate from the registry: a man-in-the-middle can serve modified packages whose install scripts run in your build.',
    fix: 'Remove the setting. For a private registry CA, use `npm config set cafile /path/corp-ca.pem` (or `NODE_EXTRA_CA_CERTS`) instead.',
  },
  fixtures: [
    { text: 'FROM node:22\nENV NPM_CONFIG_STRICT_SSL=false\n', expect: ['NPM_CONFIG_STRICT_SSL'] },
    { text: 'FROM node:22\nARG npm_config_strict_ssl=false\n', expect: ['npm_config_strict_ssl'] },
    { text: 'FROM node:22\nRUN npm config set strict-ssl false && npm ci\n', expect: ['strict-ssl'] },
    { text: 'FROM node:22\nRUN yarn config set strict-ssl false\n', expect: ['strict-ssl'] },
    { text: 'FROM node:22\nRUN npm set strict-ssl=false\n', expect: ['strict-ssl=false'] },
    { text: 'FROM node:22\nRUN npm install --strict-ssl=false\n', expect: ['--strict-ssl=false'] },
    { text: 'FROM node:22\nRUN echo "strict-ssl=false" >> ~/.npmrc\n', expect: ['"strict-ssl=false"'] },
    { text: 'FROM node:22\nRUN npm config set strict-ssl true\nENV NPM_CONFIG_STRICT_SSL=true\n', expect: [] },
  ],
  check({ model, report }) {
    const reported = new Set<number>();
    const emit = (start: number, end: number, message: string) => {
      if (reported.has(start)) return;
      reported.add(start);
      report({ start, end, message });
    };
    for (const s of envSettings(model, (n) => n.toUpperCase() === 'NPM_CONFIG_STRICT_SSL')) {
      if (isFalsy(s.value)) emit(s.start, s.end, `${s.name}=${s.value} (${s.via}) makes npm accept any registry certificate; remove it (use cafile for a private CA).`);
    }
    for (const inv of invocationsOfPrograms(model, ['npm', 'yarn', 'pnpm'])) {
      const texts = inv.args.map((a) => a.text);
      const setAt = texts.findIndex((t, i) => t === 'set' && (i === 0 || texts[i - 1] === 'config'));
      if (setAt >= 0) {
        for (let i = setAt + 1; i < inv.args.length; i++) {
          const [key, inlineValue] = texts[i].split('=');
          if (!/^(strict-ssl|strict_ssl|enableStrictSsl)$/.test(key)) continue;
          const value = inlineValue ?? texts[i + 1];
          if (value !== undefined && isFalsy(value)) emit(inv.args[i].start, inv.args[i].end, `${inv.program} config set ${key} ${value} turns off registry certificate verification for every later install; remove it.`);
        }
      }
      for (const a of inv.args) {
        if (/^--strict-ssl=(false|0)$/i.test(a.text) || a.text === '--no-strict-ssl') emit(a.start, a.end, `${a.text} makes ${inv.program} accept any registry certificate; remove it.`);
      }
    }
    const writesNpmrc = perInstruction((instruction) => instruction.argsText.includes('npmrc') || instruction.argsText.includes('.yarnrc'));
    for (const literal of literalTexts(model)) {
      if (writesNpmrc(literal.instruction) && /(^|\\n|\s)strict-ssl\s*=\s*(false|0)\b/i.test(literal.text)) {
        emit(literal.start, literal.end, 'An .npmrc with strict-ssl=false turns off registry certificate verification; remove that line.');
      }
    }
  },
};
