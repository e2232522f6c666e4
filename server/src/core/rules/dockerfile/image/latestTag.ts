import type { DockerfileRule } from '../../../rule';
import { parseImageReference } from '../../../documents/imageReference';

/** `FROM image:latest`: the build changes whenever upstream moves the tag. */
export const latestTag: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/latest-tag',
  title: 'Base image uses the :latest tag',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3007', 'checkov:CKV_DOCKER_7', 'trivy:DS-0001'],
  compliance: ['CIS-Docker-4.2', 'CWE-1357'],
  fixable: false,
  explanation: {
    what: 'The base image is referenced by the `latest` tag.',
    why:
      '`latest` moves whenever the publisher pushes: two builds of the same Dockerfile can ship different operating systems, ' +
      'libraries and vulnerabilities, and a compromised or broken upstream push reaches you silently.',
    fix: 'Pin a release tag (`FROM node:22.11-bookworm-slim`), better still a digest (`FROM node:22.11-bookworm-slim@sha256:…`).',
  },
  fixtures: [
    { text: 'FROM ubuntu:latest\nUSER app\n', expect: ['ubuntu:latest'] },
    { text: 'FROM ubuntu:24.04\nUSER app\n', expect: [] },
    { text: 'FROM golang:latest AS build\nFROM build\n', expect: ['golang:latest'], note: 'stage references are not images' },
    { text: 'FROM ubuntu:latest@sha256:' + 'a'.repeat(64) + '\n', expect: [], note: 'a digest pins the content whatever the tag says' },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      if (stage.parent || !stage.imageSpan) continue;
      const ref = parseImageReference(stage.resolvedImage);
      if (!ref || ref.digest || ref.tag !== 'latest') continue;
      report({
        start: stage.imageSpan.start,
        end: stage.imageSpan.end,
        message: `Base image "${stage.image}" uses the moving "latest" tag; pin a release tag or a digest.`,
      });
    }
  },
};
