import type { ImageRule } from '../../rule';
import type { Severity } from '../../findings';
import type { VulnerabilityMatch, VulnerabilitySeverity } from '../../../images/types';
import type { ImageFacts } from '../../images/facts';

const ORDER: VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];
const TOP = 5;

function rank(v: VulnerabilityMatch): number {
  return ORDER.indexOf(v.severity) * 2 + (v.fixedVersion ? 0 : 1);
}

/** critical → error, high → warning, the rest → info; one step up when the image runs with extra exposure. */
function findingSeverity(worst: VulnerabilitySeverity, risky: boolean): Severity {
  if (worst === 'critical') return 'error';
  if (worst === 'high') return risky ? 'error' : 'warning';
  if (worst === 'medium') return risky ? 'warning' : 'info';
  return 'info';
}

function describe(v: VulnerabilityMatch): string {
  const source = v.package.sourceName && v.package.sourceName !== v.package.name ? ` (${v.package.sourceName})` : '';
  const fix = v.fixedVersion ? ` → ${v.fixedVersion}` : ' (no fix yet)';
  const cve = v.aliases.find((a) => a.startsWith('CVE-'));
  const layer = v.package.layerDigest ? ` [layer ${v.package.layerDigest.slice(7, 19)}]` : '';
  return `${v.severity} ${v.id}${cve && cve !== v.id ? ` / ${cve}` : ''}: ${v.package.name}${source} ${v.package.version}${fix}${layer}`;
}

/** The first evidence line: which image exactly, what it runs as, where its package list came from. */
function imageSummary(facts: ImageFacts): string {
  const parts: string[] = [];
  if (facts.digest) parts.push(facts.digest.slice(0, 19) + '…');
  if (facts.platform) parts.push(`${facts.platform.os}/${facts.platform.architecture}${facts.platform.variant ? `/${facts.platform.variant}` : ''}`);
  if (facts.os) parts.push(facts.os.prettyName ?? `${facts.os.id} ${facts.os.versionId ?? ''}`.trim());
  if (facts.config) parts.push(`user ${facts.config.user || 'root (no USER)'}`);
  if (facts.packageCount !== undefined) parts.push(`${facts.packageCount} packages from ${facts.inventorySource === 'sbom' ? 'its SBOM attestation' : 'its layers'}`);
  if (facts.databaseDate) parts.push(`advisories of ${facts.databaseDate.slice(0, 10)}`);
  return parts.join(' · ');
}

/** Known vulnerabilities in the packages of a scanned image, from the advisory database. */
export const knownVulnerabilities: ImageRule = {
  kind: 'image',
  id: 'image/known-vulnerabilities',
  title: 'Image contains packages with known vulnerabilities',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.4', 'NSA-CISA-upgrading', 'CWE-1395'],
  explanation: {
    what:
      'After the image behind a reference was scanned (network enabled: `drydock.network.enabled`, or `drydock scan --online`), ' +
      'its OS and language packages matched advisories of the local vulnerability database (`drydock db update`). The finding ' +
      'gives counts by severity and the worst advisories with the installed and fixed versions. Critical is an error, high a ' +
      'warning; an image that in the same file runs privileged, on the host network or behind a LoadBalancer/NodePort Service ' +
      'is ranked one step higher, and the message says why.',
    why:
      'A vulnerable package in a base image ships in every container started from it. Attackers scan for known CVEs first; ' +
      'fixed versions usually exist long before an image is rebuilt.',
    fix:
      'Rebuild on a newer tag of the base image (or pin its newer digest), or upgrade the listed packages in a `RUN` step ' +
      '(`apt-get install --only-upgrade <pkg>`), then rescan.',
  },
  fixtures: [
    {
      text: 'FROM debian:11.3\nRUN true\n',
      expect: ['debian:11.3'],
      today: '2026-11-26',
      images: [
        {
          reference: 'docker.io/library/debian:11.3',
          digest: 'sha256:' + '1'.repeat(64),
          vulnerabilities: [
            {
              id: 'DSA-5139-1',
              aliases: ['CVE-2022-1292'],
              severity: 'critical',
              package: { ecosystem: 'deb', name: 'libssl1.1', version: '1.1.1n-0+deb11u1', sourceName: 'openssl' },
              fixedVersion: '1.1.1n-0+deb11u2',
              ecosystem: 'Debian:11',
            },
            {
              id: 'DLA-0000-1',
              aliases: [],
              severity: 'medium',
              package: { ecosystem: 'deb', name: 'zlib1g', version: '1:1.2.11.dfsg-2+deb11u1', sourceName: 'zlib' },
              ecosystem: 'Debian:11',
            },
          ],
        },
      ],
    },
    {
      text: 'services:\n  web:\n    image: nginx:1.25\n    ports: ["80:80"]\n',
      fileName: 'compose.yaml',
      expect: ['nginx:1.25'],
      images: [
        {
          reference: 'docker.io/library/nginx:1.25',
          vulnerabilities: [
            {
              id: 'CVE-2024-0001',
              aliases: [],
              severity: 'high',
              package: { ecosystem: 'deb', name: 'libxml2', version: '2.9.14', sourceName: 'libxml2' },
              fixedVersion: '2.9.14+dfsg-1.3~deb12u1',
              ecosystem: 'Debian:12',
            },
          ],
        },
      ],
      note: 'published on all interfaces: a high finding becomes an error',
    },
    { text: 'FROM debian:11.3\n', expect: [], note: 'not scanned: no facts, no finding' },
    { text: 'FROM debian:trixie\n', expect: [], images: [{ reference: 'docker.io/library/debian:trixie', vulnerabilities: [] }], note: 'scanned, clean' },
  ],
  check({ model, report, images }) {
    if (!images) return;
    for (const use of model.uses) {
      const facts = images.get(use.ref, use.platform);
      const found = facts?.vulnerabilities;
      if (!found || found.length === 0) continue;
      const sorted = [...found].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
      const counts = ORDER.map((s) => [s, found.filter((v) => v.severity === s).length] as const).filter(([, n]) => n > 0);
      const fixable = found.filter((v) => v.fixedVersion).length;
      const packages = new Set(found.map((v) => `${v.package.name}@${v.package.version}`)).size;
      const risky = use.runs && use.risks.length > 0;
      const severity = findingSeverity(sorted[0].severity, risky);
      const why = risky && ['critical', 'high', 'medium'].includes(sorted[0].severity) ? ` Ranked higher: it ${use.risks.join(', ')}.` : '';
      const platform = facts?.platform ? ` (${facts.platform.os}/${facts.platform.architecture}${facts.platform.variant ? `/${facts.platform.variant}` : ''})` : '';
      report({
        start: use.start,
        end: use.end,
        severity,
        message:
          `The ${use.label} (${use.text}${platform}) has ${counts.map(([s, n]) => `${n} ${s}`).join(', ')} known vulnerabilities in ${packages} packages; ` +
          `${fixable} have a fixed version. Worst: ${describe(sorted[0])}.${why}`,
        evidence: [imageSummary(facts!), ...sorted.slice(0, TOP).map(describe)].filter(Boolean).join('\n') + (sorted.length > TOP ? `\n… and ${sorted.length - TOP} more` : ''),
      });
    }
  },
};
