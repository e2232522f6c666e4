/**
 * Platform normalisation and selection from an image index, following containerd's rules: architecture
 * aliases (`x86_64` → `amd64`, `aarch64` → `arm64`), default variants (`arm64` means `v8`, `arm` means `v7`),
 * and BuildKit attestation manifests (`unknown/unknown`) never count as a platform.
 */
import type { Platform } from '../types';
import { ATTESTATION_MANIFEST, REFERENCE_TYPE_ANNOTATION } from './mediaTypes';

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  x64: { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
  ia32: { architecture: '386' },
};

const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const alias = ARCH_ALIASES[p.architecture.toLowerCase()];
  const architecture = alias?.architecture ?? p.architecture.toLowerCase();
  let variant = (p.variant ?? alias?.variant)?.toLowerCase();
  if (variant && /^\d+$/.test(variant) && (architecture === 'arm' || architecture === 'arm64')) variant = `v${variant}`;
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** `linux/arm64/v8`, `linux/amd64`; undefined when not of that shape. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) return undefined;
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

/** The platform images run on here: containers are Linux, whatever the editor's OS. */
export function hostPlatform(nodeArch: string = process.arch): Platform {
  // Node's names: `arm` builds are armv7 hard-float, and Node runs on ppc64 only little-endian.
  const architecture = nodeArch === 'arm' ? 'armhf' : nodeArch === 'ppc64' ? 'ppc64le' : nodeArch;
  return normalizePlatform({ os: 'linux', architecture });
}

function effectiveVariant(p: Platform): string | undefined {
  return p.variant ?? DEFAULT_VARIANT[p.architecture];
}

/** Exact match after normalisation, a missing variant standing for the architecture's default. */
export function platformMatches(requested: Platform, candidate: Platform): boolean {
  const r = normalizePlatform(requested);
  const c = normalizePlatform(candidate);
  return r.os === c.os && r.architecture === c.architecture && effectiveVariant(r) === effectiveVariant(c);
}

export interface PlatformDescriptorLike {
  platform?: Platform;
  annotations?: Record<string, string>;
}

export function isAttestationDescriptor(d: PlatformDescriptorLike): boolean {
  if (d.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_MANIFEST) return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

/** Platforms an index offers, attestations excluded, in index order without duplicates. */
export function indexPlatforms(entries: readonly PlatformDescriptorLike[]): Platform[] {
  const seen = new Set<string>();
  const out: Platform[] = [];
  for (const entry of entries) {
    if (!entry.platform || isAttestationDescriptor(entry)) continue;
    const key = formatPlatform(entry.platform);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry.platform);
  }
  return out;
}

/**
 * The entry for `requested`: an exact match, else — when the request names no variant — the first entry of the
 * same OS and architecture. Undefined when none fits.
 */
export function selectPlatformEntry<T extends PlatformDescriptorLike>(entries: readonly T[], requested: Platform): T | undefined {
  const candidates = entries.filter((e) => e.platform && !isAttestationDescriptor(e));
  const exact = candidates.find((e) => platformMatches(requested, e.platform!));
  if (exact || requested.variant) return exact;
  const r = normalizePlatform(requested);
  return candidates.find((e) => {
    const c = normalizePlatform(e.platform!);
    return c.os === r.os && c.architecture === r.architecture;
  });
}
