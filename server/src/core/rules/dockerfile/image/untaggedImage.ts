import type { DockerfileRule } from '../../../rule';
import { imageSources } from './imageSources';

/** `FROM debian`: no tag means an implicit, moving `latest`. */
export const untaggedImage: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/untagged-image',
  title: 'Base image has no tag',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3006', 'checkov:CKV_DOCKER_7', 'trivy:DS-0001'],
  compliance: ['CIS-Docker-4.2', 'CWE-1357'],
  fixable: false,
  explanation: {
    what: 'A `FROM` names an image without a tag or digest, so Docker silently uses `:latest`.',
    why:
      'An implicit `latest` moves whenever the publisher pushes: rebuilding the same Dockerfile can bring a different ' +
      'distribution, new vulnerabilities or a compromised upstream push, and nothing in the file shows it.',
    fix:
      'Name a release tag, ideally with its digest:\n\n```dockerfile\nFROM debian:12.8-slim\n# or, reproducible:\nFROM debian:12.8-slim@sha256:…\n```\n\n' +
      'When the image comes from an `ARG`, give the ARG a tagged default (`ARG BASE=debian:12.8-slim`).',
  },
  fixtures: [
    { text: 'FROM debian\nUSER app\n', expect: ['debian'] },
    { text: 'FROM debian:12-slim\n', expect: [] },
    { text: 'FROM ruby@sha256:' + 'f'.repeat(64) + '\n', expect: [], note: 'a digest-only reference is pinned (hadolint#277)' },
    { text: 'FROM scratch\nCOPY app /app\n', expect: [] },
    { text: 'FROM golang:1.22 AS build\nRUN go build\nFROM build AS test\nFROM alpine:3.20\n', expect: [], note: 'stage names are not images' },
    { text: 'FROM golang:1.22 AS build\nFROM node AS lint\nFROM alpine:3.20\n', expect: ['node'], note: 'every stage counts: build stages run code too' },
    { text: 'FROM ${BASE}\n', expect: [], note: 'an ARG without default cannot be judged' },
    { text: 'ARG BASE=python\nFROM ${BASE}\n', expect: ['${BASE}'], note: 'the ARG default is untagged' },
    { text: 'ARG BASE=python:3.12\nFROM $BASE\r\n', expect: [], note: 'CRLF, tagged default' },
    { text: 'FROM localhost:5000/team/app\n', expect: ['localhost:5000/team/app'], note: 'a registry port is not a tag' },
  ],
  check({ model, report }) {
    for (const source of imageSources(model)) {
      if (source.kind !== 'FROM' || source.ref.tag !== undefined || source.ref.digest !== undefined) continue;
      const viaArg = source.written !== source.resolved ? ` (the ARG default of "${source.written}")` : '';
      report({
        start: source.span.start,
        end: source.span.end,
        message: `Base image "${source.resolved}"${viaArg} has no tag, so it means whatever "latest" is today; pin a release tag such as "${source.ref.repository.replace(/^library\//, '')}:<version>", ideally with @sha256 digest.`,
        evidence: source.resolved,
      });
    }
  },
};
