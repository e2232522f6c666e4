import type { DockerfileRule } from '../../../rule';
import { findOptions, invocations, isPip, literalTexts, pythonModuleArgs } from '../shell/invocations';
import { envSettings } from './environment';

const PIP_LONG_WITH_VALUE = ['--trusted-host', '--index-url', '--extra-index-url', '--find-links', '--constraint', '--requirement', '--target', '--prefix', '--root', '--src', '--cache-dir', '--platform', '--python-version', '--implementation', '--abi', '--progress-bar', '--log', '--proxy', '--timeout', '--retries', '--cert', '--client-cert', '--exists-action'];

/** pip told to trust a host: HTTP allowed and TLS errors ignored for it. */
export const pipTrustedHost: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pip-trusted-host',
  title: 'pip trusts a host without certificate verification (--trusted-host / PIP_TRUSTED_HOST)',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_4', 'checkov:CKV2_DOCKER_16'],
  compliance: ['CWE-295', 'CIS-Docker-4.11'],
  explanation: {
    what:
      '`pip install --trusted-host HOST`, `PIP_TRUSTED_HOST` (ENV, ARG or in a RUN), `pip config set global.trusted-host`, a `trusted-host =` line in pip.conf, ' +
      "or uv's `--allow-insecure-host` / `UV_INSECURE_HOST`.",
    why:
      'A trusted host may be reached over plain HTTP and its certificate is never checked: whoever can intercept the traffic can serve ' +
      'modified packages that run code at install time and ship in the image.',
    fix:
      'Serve the index over HTTPS with a certificate pip can verify; for a private CA point pip at it instead:\n\n' +
      '```dockerfile\nCOPY corp-ca.pem /etc/ssl/corp-ca.pem\nENV PIP_CERT=/etc/ssl/corp-ca.pem\nRUN pip install --index-url https://pypi.corp.example/simple app==1.2.3\n```',
  },
  fixtures: [
    { text: 'FROM python:3.12\nRUN pip install --trusted-host pypi.corp.example app==1.0\n', expect: ['--trusted-host'] },
    { text: 'FROM python:3.12\nRUN python3 -m pip install --trusted-host=pypi.org app==1.0\n', expect: ['--trusted-host'] },
    { text: 'FROM python:3.12\nENV PIP_TRUSTED_HOST=pypi.corp.example\n', expect: ['PIP_TRUSTED_HOST'] },
    { text: 'FROM python:3.12\nARG PIP_TRUSTED_HOST="pypi.corp.example"\nRUN PIP_TRUSTED_HOST=x pip install app==1\n', expect: ['PIP_TRUSTED_HOST', { at: 'PIP_TRUSTED_HOST', nth: 2 }] },
    { text: 'FROM python:3.12\nRUN pip config set global.trusted-host pypi.corp.example\n', expect: ['global.trusted-host'] },
    { text: 'FROM python:3.12\nRUN cat > /etc/pip.conf <<EOF\n[global]\ntrusted-host = pypi.corp.example\nEOF\n', expect: ['trusted-host ='] },
    { text: 'FROM python:3.12\nRUN pip install --index-url https://pypi.corp.example/simple app==1.0\n', expect: [] },
    { text: 'FROM python:3.12\nARG PIP_TRUSTED_HOST\nRUN echo pip --trusted-host\n', expect: [], note: 'a declared ARG without value sets nothing; echo is not pip' },
  ],
  check({ model, report }) {
    for (const inv of invocations(model)) {
      const args = isPip(inv.program) ? inv.args : pythonModuleArgs(inv, 'pip') ?? (inv.program === 'uv' ? inv.args : undefined);
      if (!args) continue;
      const names = inv.program === 'uv' ? ['--allow-insecure-host', '--trusted-host'] : ['--trusted-host'];
      for (const hit of findOptions(args, names, { longWithValue: PIP_LONG_WITH_VALUE })) {
        report({
          start: hit.word.start,
          end: hit.word.end,
          message: `${hit.name}${hit.value ? ` ${hit.value}` : ''} lets pip fetch from that host over HTTP or with an unverified certificate; use HTTPS with a verifiable certificate (PIP_CERT for a private CA).`,
        });
      }
      const configKey = args.findIndex((a) => a.text === 'set') >= 0 ? args.find((a) => /^(global|install)\.trusted-host$/.test(a.text)) : undefined;
      if (configKey && args[0]?.text === 'config') {
        report({ start: configKey.start, end: configKey.end, message: `pip config ${configKey.text} makes every later pip install trust that host without TLS verification; remove it.` });
      }
    }
    for (const setting of envSettings(model, (n) => n === 'PIP_TRUSTED_HOST' || n === 'UV_INSECURE_HOST')) {
      if (setting.value === null || setting.value.trim() === '') continue;
      report({
        start: setting.start,
        end: setting.end,
        message: `${setting.name}=${setting.value} (${setting.via}) makes pip trust that host without TLS verification; remove it and use HTTPS with a verifiable certificate.`,
      });
    }
    for (const literal of literalTexts(model)) {
      if (!literal.text.includes('trusted-host')) continue;
      const m = /(^|\\n)\s*trusted-host\s*=/.exec(literal.text);
      if (m) report({ start: literal.exact ? literal.start + m.index + m[0].indexOf('t') : literal.start, end: literal.end, message: 'A pip.conf `trusted-host` entry disables TLS verification for that host; remove it.' });
    }
  },
};
