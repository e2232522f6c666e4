import type { DockerfileRule } from '../../../rule';
import type { DockerStage } from '../../../documents/dockerfile';
import type { PinnedPackageQuery } from '../../../images/facts';
import { parseImageReference } from '../../../documents/imageReference';
import { lineageOf } from '../../../images/eol';
import { EOL_DATA } from '../../../images/eolData';
import { packageInvocations, packageOperands } from './packageCommands';

/** The OSV ecosystem of the release a stage is built on (`Debian:12`), from its base image's name and tag. */
function osEcosystemOf(stage: DockerStage | undefined): string | undefined {
  let root = stage;
  while (root?.parent) root = root.parent;
  const ref = root ? parseImageReference(root.resolvedImage) : undefined;
  const os = ref ? lineageOf(ref, EOL_DATA).os : undefined;
  if (!os) return undefined;
  if (os.product === 'debian') return `Debian:${os.release}`;
  if (os.product === 'alpine') return `Alpine:v${os.release}`;
  if (os.product === 'ubuntu') return `Ubuntu:${os.release}`;
  return undefined;
}

/** `name=version`, `name==version`, `name@version` as each manager writes a pin. */
function pinOf(manager: string, value: string): PinnedPackageQuery | undefined {
  if (manager === 'apt-get' || manager === 'apt' || manager === 'aptitude') {
    const m = /^([a-z0-9][a-z0-9+.-]+)(?::[a-z0-9-]+)?=([0-9][A-Za-z0-9.+~:-]*)$/.exec(value);
    return m ? { ecosystem: 'deb', name: m[1], version: m[2] } : undefined;
  }
  if (manager === 'apk') {
    const m = /^([a-z0-9][a-z0-9+._-]*)=([0-9][A-Za-z0-9._-]*)$/.exec(value);
    return m ? { ecosystem: 'apk', name: m[1], version: m[2] } : undefined;
  }
  if (manager === 'pip' || manager === 'uv-pip' || manager === 'pipx') {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([0-9][A-Za-z0-9.+!-]*)$/.exec(value);
    return m ? { ecosystem: 'pypi', name: m[1], version: m[2] } : undefined;
  }
  if (manager === 'npm' || manager === 'yarn' || manager === 'pnpm') {
    const m = /^((?:@[a-z0-9._-]+\/)?[a-z0-9._-]+)@([0-9][A-Za-z0-9.+-]*)$/.exec(value);
    return m ? { ecosystem: 'npm', name: m[1], version: m[2] } : undefined;
  }
  return undefined;
}

/** A package version pinned in RUN has known vulnerabilities in the local advisory database. */
export const vulnerablePinnedPackage: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/vulnerable-pinned-package',
  title: 'Pinned package version has known vulnerabilities',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.4', 'CWE-1395'],
  explanation: {
    what:
      'A package installed at a pinned version in `RUN` — `apt-get install openssl=1.1.1n-0+deb11u3`, `apk add musl=1.1.24-r9`, ' +
      '`pip install PyYAML==5.3.1`, `npm install lodash@4.17.15` — has advisories in the local OSV database (`drydock db update`). ' +
      'OS packages are matched for the release the stage\'s base image names (`debian:11` → Debian:11).',
    why: 'Pinning is right, but pinning a vulnerable version keeps the vulnerability in every build until someone bumps the pin.',
    fix: 'Bump the pin to the fixed version the finding names (or later), rebuild and rescan.',
  },
  fixtures: [
    {
      text: 'FROM debian:11\nRUN apt-get install -y --no-install-recommends openssl=1.1.1n-0+deb11u3 curl\n',
      expect: ['openssl=1.1.1n-0+deb11u3'],
      advisories: [{ ecosystem: 'Debian:11', name: 'openssl', version: '1.1.1n-0+deb11u3', match: { id: 'DSA-5343-1', aliases: ['CVE-2023-0286'], severity: 'high', fixedVersion: '1.1.1n-0+deb11u4' } }],
      fixed: 'FROM debian:11\nRUN apt-get install -y --no-install-recommends openssl=1.1.1n-0+deb11u4 curl\n',
    },
    {
      text: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir PyYAML==5.3.1 requests==2.32.3\n',
      expect: ['PyYAML==5.3.1'],
      advisories: [{ ecosystem: 'PyPI', name: 'PyYAML', version: '5.3.1', match: { id: 'GHSA-8q59-q68h-6hv4', aliases: ['CVE-2020-14343'], severity: 'critical', fixedVersion: '5.4' } }],
      fixed: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir PyYAML==5.4 requests==2.32.3\n',
    },
    { text: 'FROM debian:11\nRUN apt-get install -y openssl=1.1.1n-0+deb11u3\n', expect: [], note: 'no database loaded: nothing to say' },
  ],
  fixable: true,
  check({ model, report, advisories }) {
    if (!advisories) return;
    for (const invocation of packageInvocations(model)) {
      const osEcosystem = osEcosystemOf(invocation.instruction.stage);
      for (const operand of packageOperands(model, invocation)) {
        const pin = pinOf(invocation.manager, operand.value);
        if (!pin) continue;
        const matches = advisories.matchPinned([pin], pin.ecosystem === 'deb' || pin.ecosystem === 'apk' ? osEcosystem : undefined);
        if (matches.length === 0) continue;
        const order = ['critical', 'high', 'medium', 'low', 'unknown'];
        matches.sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
        const fixes = matches.map((m) => m.fixedVersion).filter((v): v is string => v !== undefined);
        // The highest fixed version among the advisories clears them all when the scheme orders them textually alike; the
        // fix offers the one of the worst advisory, which is what a person would bump to first.
        const target = matches.find((m) => m.fixedVersion)?.fixedVersion;
        const versionStart = operand.word.start + operand.word.text.lastIndexOf(pin.version);
        const exact = operand.word.text.endsWith(pin.version) && model.text.slice(versionStart, versionStart + pin.version.length) === pin.version;
        report({
          start: operand.word.start,
          end: operand.word.end,
          message:
            `${pin.name} ${pin.version} has ${matches.length} known ${matches.length === 1 ? 'vulnerability' : 'vulnerabilities'} ` +
            `(${matches.slice(0, 3).map((m) => `${m.severity} ${m.id}${m.fixedVersion ? ` fixed in ${m.fixedVersion}` : ''}`).join('; ')}${matches.length > 3 ? '; …' : ''})` +
            `${fixes.length === 0 ? ' and no fixed version yet' : ''}${advisories.date ? ` (advisories of ${advisories.date.slice(0, 10)})` : ''}.`,
          fixes: target && exact ? [{ title: `Pin ${pin.name} to ${target}`, edits: [{ start: versionStart, end: versionStart + pin.version.length, newText: target }], isPreferred: true }] : undefined,
        });
      }
    }
  },
};
