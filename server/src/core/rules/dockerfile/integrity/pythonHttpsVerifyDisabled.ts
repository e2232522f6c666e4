import type { DockerfileRule } from '../../../rule';
import { envSettings } from './environment';

/** PYTHONHTTPSVERIFY=0: Python's urllib/http.client stop checking certificates. */
export const pythonHttpsVerifyDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/python-https-verify-disabled',
  title: 'PYTHONHTTPSVERIFY=0 disables certificate verification',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_5'],
  compliance: ['CWE-295'],
  explanation: {
    what: '`PYTHONHTTPSVERIFY=0` set by ENV, by an ARG default or inside a RUN.',
    why:
      "It switches off certificate verification in Python's standard HTTPS client (urllib, http.client and what builds on them) for the build " +
      'and, via ENV, for the running container: any man-in-the-middle can read and alter that traffic.',
    fix: 'Remove the variable. For a private CA, add it to the trust store (`update-ca-certificates`) or point `SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE` at it.',
  },
  fixtures: [
    { text: 'FROM python:3.12\nENV PYTHONHTTPSVERIFY=0\n', expect: ['PYTHONHTTPSVERIFY'] },
    { text: 'FROM python:3.12\nENV PYTHONHTTPSVERIFY 0\n', expect: ['PYTHONHTTPSVERIFY'] },
    { text: 'FROM python:3.12\nARG PYTHONHTTPSVERIFY="0"\nRUN export PYTHONHTTPSVERIFY=0 && python fetch.py\n', expect: ['PYTHONHTTPSVERIFY', { at: 'PYTHONHTTPSVERIFY', nth: 2 }] },
    { text: 'FROM python:3.12\nRUN PYTHONHTTPSVERIFY=0 python fetch.py\n', expect: ['PYTHONHTTPSVERIFY'] },
    { text: 'FROM python:3.12\nENV PYTHONHTTPSVERIFY=1\nARG PYTHONHTTPSVERIFY\n', expect: [] },
  ],
  check({ model, report }) {
    for (const s of envSettings(model, (n) => n === 'PYTHONHTTPSVERIFY')) {
      if (s.value === null || s.value.trim() !== '0') continue;
      report({ start: s.start, end: s.end, message: `PYTHONHTTPSVERIFY=0 (${s.via}) turns off Python's HTTPS certificate verification; remove it and trust a private CA properly if needed.` });
    }
  },
};
