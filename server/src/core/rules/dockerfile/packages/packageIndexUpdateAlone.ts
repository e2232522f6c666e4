import type { DockerfileRule } from '../../../rule';
import { headSpan, packageInvocations } from './packageCommands';
import { installsPackages, refreshesIndex } from './osPackages';

/** `RUN apt-get update` on its own: later installs use a cached, stale index. */
export const packageIndexUpdateAlone: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/package-index-update-alone',
  title: 'Package index updated in a RUN without an install',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['checkov:CKV_DOCKER_5', 'trivy:DS-0017'],
  compliance: ['CIS-Docker-4.7'],
  explanation: {
    what: 'A RUN refreshes the package index (`apt-get update`, `apk update`, `yum makecache`, `zypper refresh`) but installs nothing in the same RUN.',
    why:
      'The build cache keeps that layer: when you later add a package to the next RUN, the install uses the index from the first build, ' +
      'possibly weeks old, and fails with 404s or silently misses security updates. The lone index also bloats the image.',
    fix: 'Update and install in one RUN:\n\n```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n```',
  },
  fixtures: [
    { text: 'FROM ubuntu:24.04\nRUN apt-get update\nRUN apt-get install -y curl\n', expect: ['apt-get update'] },
    { text: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\nRUN update-locale LANG=C.UTF-8\n', expect: [], note: 'update-locale is not an index update (checkov#4182)' },
    { text: 'FROM alpine:3.19\nRUN apk add --update --no-cache curl && apk update --no-cache\n', expect: [] },
    { text: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y gettext\nEOF\n', expect: [] },
    { text: 'FROM alpine:3.19\nRUN apk update\n', expect: ['apk update'] },
    { text: 'FROM fedora:40\nRUN dnf makecache\nRUN dnf install -y jq-1.7 && dnf clean all\n', expect: ['dnf makecache'] },
    { text: 'FROM centos:7\nRUN yum update -y && yum clean all\n', expect: [], note: 'yum update upgrades packages, it is not an index refresh' },
  ],
  check({ model, report }) {
    const all = packageInvocations(model);
    const reported = new Set<unknown>();
    for (const invocation of all) {
      if (!refreshesIndex(invocation) || reported.has(invocation.instruction)) continue;
      if (all.some((other) => other.instruction === invocation.instruction && installsPackages(other))) continue;
      reported.add(invocation.instruction);
      report({ ...headSpan(invocation), message: `${invocation.program.text.replace(/^.*\//, '')} ${invocation.subcommand} without an install in the same RUN: a later install would use a stale cached index.` });
    }
  },
};
