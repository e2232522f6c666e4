import type { DockerfileRule } from '../../../rule';
import { envSettings } from './environment';

/** NODE_TLS_REJECT_UNAUTHORIZED=0: Node.js accepts any certificate. */
export const nodeTlsVerificationDisabled: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/node-tls-verification-disabled',
  title: 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate verification',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_6'],
  compliance: ['CWE-295'],
  explanation: {
    what: '`NODE_TLS_REJECT_UNAUTHORIZED=0` set by ENV, by an ARG default or inside a RUN.',
    why:
      'Every TLS connection Node.js makes (npm install scripts during the build, and with ENV the application itself at run time) then accepts ' +
      'any certificate, so traffic can be read and modified by whoever sits on the network path.',
    fix: 'Remove it. For a private CA use `NODE_EXTRA_CA_CERTS=/path/corp-ca.pem` so verification stays on:\n\n```dockerfile\nCOPY corp-ca.pem /etc/ssl/corp-ca.pem\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/corp-ca.pem\n```',
  },
  fixtures: [
    { text: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n', expect: ['NODE_TLS_REJECT_UNAUTHORIZED'] },
    { text: "FROM node:22\nENV A=1 NODE_TLS_REJECT_UNAUTHORIZED='0'\n", expect: ['NODE_TLS_REJECT_UNAUTHORIZED'] },
    { text: 'FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n', expect: ['NODE_TLS_REJECT_UNAUTHORIZED'] },
    { text: 'FROM node:22\nRUN env NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n', expect: ['NODE_TLS_REJECT_UNAUTHORIZED'] },
    { text: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n', expect: [] },
  ],
  check({ model, report }) {
    for (const s of envSettings(model, (n) => n === 'NODE_TLS_REJECT_UNAUTHORIZED')) {
      if (s.value === null || s.value.trim() !== '0') continue;
      report({ start: s.start, end: s.end, message: `NODE_TLS_REJECT_UNAUTHORIZED=0 (${s.via}) makes Node.js accept any TLS certificate; remove it (use NODE_EXTRA_CA_CERTS for a private CA).` });
    }
  },
};
