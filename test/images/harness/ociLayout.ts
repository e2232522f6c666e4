/**
 * Builds OCI image layouts (https://github.com/opencontainers/image-spec/blob/main/image-layout.md) from
 * in-memory file lists, for tests that push them to a real registry with `skopeo copy oci:DIR:REF …`.
 *
 * Everything that goes into a digest is fixed (tar mtimes, owners, JSON key order, config `created`), so the
 * same spec always gives the same digests on the same Node version. Media types are OCI; a registry copy with
 * Docker schema 2 types comes from pushing with `format: 'v2s2'` (skopeo converts, digests change). Layers are streamed through tar → gzip →
 * file, so a layout with a few hundred MB of generated content never sits in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  inToto: 'application/vnd.in-toto+json',
} as const;

export const SPDX_PREDICATE = 'https://spdx.dev/Document';
export const ATTESTATION_REFERENCE_TYPE = 'attestation-manifest';
const FIXED_TIME = '2024-01-01T00:00:00Z';

export interface LayoutPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/** One tar entry. `content` may be a generator for large files (then `size` is required). */
export interface LayerFile {
  path: string;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  content?: string | Uint8Array | { size: number; chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> };
  /** Target of a symlink or hardlink. */
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export type LayerSpec =
  | { files: LayerFile[]; compression?: 'gzip' | 'none'; gzipLevel?: number; annotations?: Record<string, string> }
  /** A ready-made blob (e.g. a zstd layer made elsewhere); `diffId` defaults to the blob's digest. */
  | { blob: Uint8Array; mediaType: string; diffId?: string; annotations?: Record<string, string> };

export interface ImageConfigSpec {
  User?: string;
  ExposedPorts?: string[];
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
}

export interface ImageSpec {
  /** Default linux/amd64. */
  platform?: LayoutPlatform;
  config?: ImageConfigSpec;
  /** Default: one `created_by: "layer N"` entry per layer. Caller keeps `empty_layer` consistent. */
  history?: { created_by: string; empty_layer?: boolean; created?: string }[];
  created?: string;
  layers: LayerSpec[];
  /** Manifest annotations (e.g. `org.opencontainers.image.base.name`). */
  annotations?: Record<string, string>;
  /** A BuildKit-style attestation manifest for this image, added to the enclosing index. */
  attestation?: AttestationSpec;
}

export interface AttestationSpec {
  /** Packages listed in the SPDX document (each with a purl external reference). */
  packages?: { name: string; version: string; purl?: string }[];
  /** Replaces the generated SPDX document entirely. */
  predicate?: unknown;
  predicateType?: string;
  /** `subject[0].name`; default `pkg:docker/image@latest?platform=…`. */
  subjectName?: string;
}

export interface IndexSpec {
  manifests: ImageSpec[];
  annotations?: Record<string, string>;
}

export interface LayoutSpec {
  /** Layout ref name (`org.opencontainers.image.ref.name`, what `oci:DIR:NAME` names) → image or index. */
  refs: Record<string, ImageSpec | IndexSpec>;
}

export interface BuiltBlob {
  digest: string;
  size: number;
  mediaType: string;
}

export interface BuiltLayer extends BuiltBlob {
  diffId: string;
}

export interface BuiltImage extends BuiltBlob {
  kind: 'image';
  platform: LayoutPlatform;
  config: BuiltBlob;
  layers: BuiltLayer[];
  /** The parsed manifest and config as written. */
  manifest: Record<string, unknown>;
  configJson: Record<string, unknown>;
}

export interface BuiltAttestation extends BuiltBlob {
  /** Digest of the image manifest it describes (`vnd.docker.reference.digest`). */
  subjectDigest: string;
  config: BuiltBlob;
  statement: BuiltBlob;
  statementJson: Record<string, unknown>;
}

export interface BuiltIndex extends BuiltBlob {
  kind: 'index';
  manifests: BuiltImage[];
  attestations: BuiltAttestation[];
  index: Record<string, unknown>;
}

export interface BuiltLayout {
  dir: string;
  refs: Record<string, BuiltImage | BuiltIndex>;
}

/** Path of a blob inside a layout. */
export function blobPath(layoutDir: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return path.join(layoutDir, 'blobs', algorithm, hex);
}

export async function buildOciLayout(dir: string, spec: LayoutSpec): Promise<BuiltLayout> {
  await mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const refs: Record<string, BuiltImage | BuiltIndex> = {};
  const topLevel: Record<string, unknown>[] = [];
  for (const [refName, item] of Object.entries(spec.refs)) {
    const built = 'manifests' in item ? await writeIndex(dir, item) : await writeImage(dir, item);
    if (!('manifests' in item) && item.attestation) throw new Error(`ref ${refName}: an attestation needs an index (use { manifests: [...] })`);
    refs[refName] = built;
    topLevel.push({
      mediaType: built.mediaType,
      digest: built.digest,
      size: built.size,
      annotations: { 'org.opencontainers.image.ref.name': refName },
    });
  }
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: topLevel }));
  return { dir, refs };
}

async function writeIndex(dir: string, spec: IndexSpec): Promise<BuiltIndex> {
  const manifests: BuiltImage[] = [];
  const attestations: BuiltAttestation[] = [];
  for (const imageSpec of spec.manifests) {
    const image = await writeImage(dir, imageSpec);
    manifests.push(image);
    if (imageSpec.attestation) attestations.push(await writeAttestation(dir, image, imageSpec.attestation));
  }
  const entries: Record<string, unknown>[] = manifests.map((m) => ({
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.size,
    platform: platformJson(m.platform),
  }));
  // BuildKit lists attestation manifests after all image manifests.
  for (const a of attestations) {
    entries.push({
      mediaType: a.mediaType,
      digest: a.digest,
      size: a.size,
      annotations: { 'vnd.docker.reference.digest': a.subjectDigest, 'vnd.docker.reference.type': ATTESTATION_REFERENCE_TYPE },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  const index: Record<string, unknown> = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: entries };
  if (spec.annotations) index.annotations = spec.annotations;
  const blob = await writeJsonBlob(dir, index, MEDIA.ociIndex);
  return { kind: 'index', ...blob, manifests, attestations, index };
}

async function writeImage(dir: string, spec: ImageSpec): Promise<BuiltImage> {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: BuiltLayer[] = [];
  for (const layer of spec.layers) layers.push(await writeLayer(dir, layer));
  const created = spec.created ?? FIXED_TIME;
  const history = spec.history ?? layers.map((_, i) => ({ created: created, created_by: `layer ${i + 1}` }));
  const configJson: Record<string, unknown> = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: runConfigJson(spec.config ?? {}),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history,
  };
  const config = await writeJsonBlob(dir, configJson, MEDIA.ociConfig);
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: descriptor(config),
    layers: layers.map((l, i) => {
      const annotations = spec.layers[i].annotations;
      return annotations ? { ...descriptor(l), annotations } : descriptor(l);
    }),
  };
  if (spec.annotations) manifest.annotations = spec.annotations;
  const blob = await writeJsonBlob(dir, manifest, MEDIA.ociManifest);
  return { kind: 'image', ...blob, platform, config, layers, manifest, configJson };
}

async function writeAttestation(dir: string, image: BuiltImage, spec: AttestationSpec): Promise<BuiltAttestation> {
  const predicateType = spec.predicateType ?? SPDX_PREDICATE;
  const platformText = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/');
  const statementJson: Record<string, unknown> = {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType,
    subject: [
      {
        name: spec.subjectName ?? `pkg:docker/image@latest?platform=${encodeURIComponent(platformText)}`,
        digest: { sha256: image.digest.slice('sha256:'.length) },
      },
    ],
    predicate: spec.predicate ?? spdxDocument(spec.packages ?? []),
  };
  const statement = await writeJsonBlob(dir, statementJson, MEDIA.inToto);
  const configJson = {
    architecture: 'unknown',
    os: 'unknown',
    config: {},
    rootfs: { type: 'layers', diff_ids: [statement.digest] },
  };
  const config = await writeJsonBlob(dir, configJson, MEDIA.ociConfig);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: descriptor(config),
    layers: [{ ...descriptor(statement), annotations: { 'in-toto.io/predicate-type': predicateType } }],
  };
  const blob = await writeJsonBlob(dir, manifest, MEDIA.ociManifest);
  return { ...blob, subjectDigest: image.digest, config, statement, statementJson };
}

function spdxDocument(packages: { name: string; version: string; purl?: string }[]): Record<string, unknown> {
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'sbom',
    documentNamespace: 'https://drydock.test/spdx/fixture',
    creationInfo: { created: FIXED_TIME, creators: ['Tool: drydock-test-harness'] },
    packages: packages.map((p, i) => ({
      name: p.name,
      SPDXID: `SPDXRef-Package-${i + 1}`,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      ...(p.purl
        ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }] }
        : {}),
    })),
  };
}

function runConfigJson(c: ImageConfigSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.User !== undefined) out.User = c.User;
  if (c.ExposedPorts) out.ExposedPorts = Object.fromEntries(c.ExposedPorts.map((p) => [p, {}]));
  if (c.Env) out.Env = c.Env;
  if (c.Entrypoint) out.Entrypoint = c.Entrypoint;
  if (c.Cmd) out.Cmd = c.Cmd;
  if (c.WorkingDir) out.WorkingDir = c.WorkingDir;
  if (c.Labels) out.Labels = c.Labels;
  return out;
}

function platformJson(p: LayoutPlatform): Record<string, string> {
  return p.variant ? { architecture: p.architecture, os: p.os, variant: p.variant } : { architecture: p.architecture, os: p.os };
}

function descriptor(b: BuiltBlob): { mediaType: string; digest: string; size: number } {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

async function writeJsonBlob(dir: string, value: unknown, mediaType: string): Promise<BuiltBlob> {
  return writeBytesBlob(dir, Buffer.from(JSON.stringify(value)), mediaType);
}

async function writeBytesBlob(dir: string, bytes: Uint8Array, mediaType: string): Promise<BuiltBlob> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await writeFile(blobPath(dir, digest), bytes);
  return { digest, size: bytes.byteLength, mediaType };
}

async function writeLayer(dir: string, spec: LayerSpec): Promise<BuiltLayer> {
  if ('blob' in spec) {
    const blob = await writeBytesBlob(dir, spec.blob, spec.mediaType);
    return { ...blob, diffId: spec.diffId ?? blob.digest };
  }
  const compression = spec.compression ?? 'gzip';
  const mediaType = compression === 'none' ? MEDIA.ociLayer : MEDIA.ociLayerGzip;
  const tmp = path.join(dir, 'blobs', `.tmp-${randomBytes(6).toString('hex')}`);
  const uncompressed = new HashingCounter();
  const compressed = new HashingCounter();
  try {
    if (compression === 'gzip') {
      await pipeline(tarStream(spec.files), uncompressed, createGzip({ level: spec.gzipLevel ?? 6 }), compressed, createWriteStream(tmp));
    } else {
      await pipeline(tarStream(spec.files), uncompressed, compressed, createWriteStream(tmp));
    }
    const digest = compressed.digest();
    await rename(tmp, blobPath(dir, digest));
    return { digest, size: compressed.bytes, mediaType, diffId: uncompressed.digest() };
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function tarStream(files: LayerFile[]): Readable {
  const pack = tar.pack();
  void (async () => {
    try {
      for (const file of files) await addEntry(pack, file);
      pack.finalize();
    } catch (error) {
      pack.destroy(error as Error);
    }
  })();
  return pack;
}

async function addEntry(pack: tar.Pack, file: LayerFile): Promise<void> {
  const type = file.type ?? 'file';
  const header: tar.Headers = {
    name: file.path.replace(/^\/+/, ''),
    mode: file.mode ?? (type === 'directory' ? 0o755 : 0o644),
    uid: file.uid ?? 0,
    gid: file.gid ?? 0,
    mtime: new Date(FIXED_TIME),
    uname: '',
    gname: '',
    type: type === 'hardlink' ? 'link' : type,
  };
  if (type === 'symlink' || type === 'hardlink') {
    header.linkname = file.linkname ?? '';
    await entryDone(pack, header, Buffer.alloc(0));
    return;
  }
  if (type === 'directory') {
    await entryDone(pack, header, Buffer.alloc(0));
    return;
  }
  const content = file.content ?? '';
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await entryDone(pack, header, Buffer.from(content));
    return;
  }
  header.size = content.size;
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    pipeline(Readable.from(content.chunks(), { objectMode: false }), sink).catch(reject);
  });
}

function entryDone(pack: tar.Pack, header: tar.Headers, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ ...header, size: body.byteLength }, body, (error) => (error ? reject(error) : resolve()));
  });
}

/** Pass-through that hashes and counts what flows through it. */
class HashingCounter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    callback(null, chunk);
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}
