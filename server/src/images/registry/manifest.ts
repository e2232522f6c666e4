/**
 * Parsing of manifests, indexes and image configs as they come off the wire. Anything malformed becomes a
 * RegistryProtocolError with a short reason; descriptors with unusable digests are refused here, so later code
 * (caches keyed by digest, blob URLs) can trust them.
 */
import type { ImageConfigSummary, Platform } from '../types';
import { isSupportedDigest } from './digest';
import { RegistryProtocolError, UnsupportedManifestError } from './errors';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  DOCKER_MANIFEST_V1_SIGNED,
  OCI_INDEX,
  OCI_MANIFEST,
  REFERENCE_DIGEST_ANNOTATION,
} from './mediaTypes';
import { isAttestationDescriptor, normalizePlatform } from './platform';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  /** Alternative download locations (non-distributable layers). */
  urls?: string[];
  artifactType?: string;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
  subject?: Descriptor;
}

export type ParsedManifest = ImageIndex | ImageManifest;

export function parseManifest(bytes: Uint8Array, contentType?: string | null): ParsedManifest {
  const json = parseJson(bytes, 'manifest');
  if (!isObject(json)) throw new RegistryProtocolError('manifest is not a JSON object');
  const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  const headerType = contentType?.split(';')[0].trim().toLowerCase();
  if (json.schemaVersion === 1 || declared === DOCKER_MANIFEST_V1_SIGNED || headerType === DOCKER_MANIFEST_V1_SIGNED) {
    throw new UnsupportedManifestError('Docker schema 1 manifests are not supported (deprecated since 2017)', { mediaType: DOCKER_MANIFEST_V1_SIGNED });
  }
  if (json.schemaVersion !== 2) throw new RegistryProtocolError(`manifest has schemaVersion ${String(json.schemaVersion)}, expected 2`);
  // OCI makes `mediaType` optional; fall back to the Content-Type and then to the shape.
  const mediaType = declared ?? (headerType && headerType !== 'application/json' ? headerType : undefined);
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST || (!mediaType && Array.isArray(json.manifests))) {
    if (!Array.isArray(json.manifests)) throw new RegistryProtocolError('index has no manifests array');
    return {
      kind: 'index',
      mediaType: mediaType ?? OCI_INDEX,
      manifests: json.manifests.map((m, i) => parseDescriptor(m, `manifests[${i}]`)),
      annotations: stringRecord(json.annotations),
    };
  }
  if (mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST || (!mediaType && isObject(json.config))) {
    if (!Array.isArray(json.layers)) throw new RegistryProtocolError('manifest has no layers array');
    const manifest: ImageManifest = {
      kind: 'manifest',
      mediaType: mediaType ?? OCI_MANIFEST,
      config: parseDescriptor(json.config, 'config'),
      layers: json.layers.map((l, i) => parseDescriptor(l, `layers[${i}]`)),
      annotations: stringRecord(json.annotations),
    };
    if (json.subject !== undefined) manifest.subject = parseDescriptor(json.subject, 'subject');
    return manifest;
  }
  throw new UnsupportedManifestError(`unsupported manifest media type ${mediaType ?? '(none)'}`, { mediaType });
}

function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new RegistryProtocolError(`${where} is not a descriptor object`);
  const { mediaType, digest, size } = value;
  if (typeof digest !== 'string' || !isSupportedDigest(digest)) {
    throw new RegistryProtocolError(`${where} has an unsupported or malformed digest`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new RegistryProtocolError(`${where} has an invalid size`);
  const descriptor: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (isObject(value.platform) && typeof value.platform.os === 'string' && typeof value.platform.architecture === 'string') {
    descriptor.platform = normalizePlatform({
      os: value.platform.os,
      architecture: value.platform.architecture,
      variant: typeof value.platform.variant === 'string' && value.platform.variant ? value.platform.variant : undefined,
    });
  }
  const annotations = stringRecord(value.annotations);
  if (annotations) descriptor.annotations = annotations;
  if (Array.isArray(value.urls)) descriptor.urls = value.urls.filter((u): u is string => typeof u === 'string');
  if (typeof value.artifactType === 'string') descriptor.artifactType = value.artifactType;
  return descriptor;
}

/** The attestation manifest BuildKit attached to `manifestDigest`, when the index carries one. */
export function attestationFor(index: ImageIndex, manifestDigest: string): Descriptor | undefined {
  return index.manifests.find((m) => isAttestationDescriptor(m) && m.annotations?.[REFERENCE_DIGEST_ANNOTATION] === manifestDigest);
}

export interface ParsedImageConfig {
  summary: ImageConfigSummary;
  platform?: Platform;
}

export function parseImageConfig(bytes: Uint8Array): ParsedImageConfig {
  const json = parseJson(bytes, 'image config');
  if (!isObject(json)) throw new RegistryProtocolError('image config is not a JSON object');
  const run = isObject(json.config) ? json.config : {};
  const summary: ImageConfigSummary = {
    exposedPorts: isObject(run.ExposedPorts) ? Object.keys(run.ExposedPorts) : [],
    env: stringArray(run.Env) ?? [],
    labels: stringRecord(run.Labels) ?? {},
    history: Array.isArray(json.history)
      ? json.history.filter(isObject).map((h) => ({
          createdBy: typeof h.created_by === 'string' ? h.created_by : '',
          emptyLayer: h.empty_layer === true,
        }))
      : [],
  };
  if (typeof run.User === 'string' && run.User !== '') summary.user = run.User;
  const entrypoint = stringArray(run.Entrypoint);
  if (entrypoint) summary.entrypoint = entrypoint;
  const cmd = stringArray(run.Cmd);
  if (cmd) summary.cmd = cmd;
  if (typeof json.created === 'string') summary.created = json.created;
  const parsed: ParsedImageConfig = { summary };
  if (typeof json.os === 'string' && typeof json.architecture === 'string') {
    parsed.platform = normalizePlatform({
      os: json.os,
      architecture: json.architecture,
      variant: typeof json.variant === 'string' && json.variant ? json.variant : undefined,
    });
  }
  return parsed;
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new RegistryProtocolError(`${what} is not valid JSON`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
