/**
 * Image scanning figures for `npm run bench`, against a real registry (Debian's docker-registry)
 * on loopback, with images this script builds: a small Debian-like image (cold scan: resolve,
 * config, layer, inventory, matching), the same reference again with every cache warm (what a
 * hover on it costs), and a generated image of ≥ 200 MB (compressed) of layers to stream.
 * Loopback makes the network free, so these are the client's own costs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildOciLayout, type LayerFile } from '../images/harness/ociLayout';
import { startRegistry } from '../images/harness/registry';
import { RegistryCache, RegistryClient } from '../../server/src/images/registry';
import { loadAdvisoryDatabase } from '../../server/src/images/advisories';
import { ImageScanner } from '../../server/src/images/scanner';
import { parseImageReference } from '../../server/src/core/documents/imageReference';
import { analyzeDocument } from '../../server/src/core/engine';
import { factsProvider } from '../../server/src/core/images/facts';
import { findingMarkdown } from '../../server/src/core/explain/markdown';
import { ruleById } from '../../server/src/core/rules';
import { mulberry32 } from './manifestGenerator';

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Incompressible file content (so the layer really is as large as it says), generated in chunks. */
function randomContent(size: number, seed: number): LayerFile['content'] {
  return {
    size,
    chunks: function* () {
      const random = mulberry32(seed);
      const chunk = 1024 * 1024;
      for (let done = 0; done < size; done += chunk) {
        const n = Math.min(chunk, size - done);
        const bytes = new Uint8Array(n);
        for (let i = 0; i < n; i += 4) {
          const v = (random() * 0xffffffff) >>> 0;
          bytes[i] = v & 0xff;
          if (i + 1 < n) bytes[i + 1] = (v >>> 8) & 0xff;
          if (i + 2 < n) bytes[i + 2] = (v >>> 16) & 0xff;
          if (i + 3 < n) bytes[i + 3] = v >>> 24;
        }
        yield bytes;
      }
    },
  };
}

function dpkgStatus(count: number): string {
  let out = 'Package: libssl1.1\nStatus: install ok installed\nVersion: 1.1.1n-0+deb11u3\nSource: openssl\n\n';
  for (let i = 0; i < count; i++) out += `Package: lib-bench-${i}\nStatus: install ok installed\nVersion: 1.${i}.0-1\n\n`;
  return out;
}

export async function benchImages(osvDir: string): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'drydock-bench-images-'));
  const registry = await startRegistry({ auth: 'none' });
  try {
    const base = [
      { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="11"\n' },
      { path: 'var/lib/dpkg/status', content: dpkgStatus(120) },
    ];
    const largeLayers = [0, 1, 2].map((k) => ({
      files: [
        ...(k === 0 ? base : []),
        ...Array.from({ length: 14 }, (_, i) => ({ path: `opt/data-${k}/blob-${i}.bin`, content: randomContent(5 * 1024 * 1024, k * 100 + i) })),
      ],
      gzipLevel: 1,
    }));
    const buildStart = performance.now();
    await buildOciLayout(path.join(work, 'layout'), {
      refs: {
        small: { layers: [{ files: [...base, { path: 'app/node_modules/lodash/package.json', content: '{"name":"lodash","version":"4.17.15"}' }] }], config: { User: '10001' } },
        large: { layers: largeLayers },
      },
    });
    await registry.push(path.join(work, 'layout'), 'bench/small:1', { sourceRef: 'small' });
    await registry.push(path.join(work, 'layout'), 'bench/large:1', { sourceRef: 'large' });
    const setup = performance.now() - buildStart;
    const database = await loadAdvisoryDatabase(osvDir);

    const fresh = (dir: string) => new ImageScanner({ client: new RegistryClient({ cache: new RegistryCache({ dir: path.join(work, dir) }) }), database });
    const small = parseImageReference(`${registry.host}/bench/small:1`)!;
    const large = parseImageReference(`${registry.host}/bench/large:1`)!;

    const coldSmall: number[] = [];
    for (let i = 0; i < 5; i++) {
      const scanner = fresh(`cache-small-${i}`);
      const t = performance.now();
      const facts = await scanner.scan(small);
      coldSmall.push(performance.now() - t);
      if (facts.error) throw new Error(facts.error.message);
    }
    const warmScanner = fresh('cache-warm');
    await warmScanner.scan(small);
    const warm: number[] = [];
    const dockerfile = `FROM ${registry.host}/bench/small:1\nUSER 10001\n`;
    let hover = '';
    for (let i = 0; i < 30; i++) {
      // A hover on the reference with everything cached: the scan answers from memory, the analysis
      // runs with the facts, and the hover text is built from the finding.
      const t = performance.now();
      warmScanner.facts.clear();
      const facts = await warmScanner.scan(small);
      const result = analyzeDocument({ fileName: 'Dockerfile', text: dockerfile }, undefined, { images: factsProvider([[facts.reference, facts]]), today: '2026-11-26' });
      const finding = result.findings.find((f) => f.rule === 'image/known-vulnerabilities')!;
      hover = findingMarkdown(finding, ruleById(finding.rule));
      warm.push(performance.now() - t);
    }
    const largeScanner = fresh('cache-large');
    const t = performance.now();
    const largeFacts = await largeScanner.scan(large);
    const largeMs = performance.now() - t;
    const compressed = (await new RegistryClient().resolve(large)).layers.reduce((n, l) => n + l.size, 0);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    console.log(`Image scans against Debian's docker-registry on 127.0.0.1 (layouts built and pushed in ${ms(setup)}):`);
    console.log(`  cold scan of a small image (1 layer, 122 deb + 1 npm packages), median of 5: ${ms(median(coldSmall))} (target ≤ 1000 ms)`);
    console.log(`  cached hover on the same reference (scan from cache + analysis + hover text), median of 30: ${ms(median(warm))} (target ≤ 100 ms); hover ${hover.length} chars`);
    console.log(
      `  cold scan of a generated ${(compressed / 1024 / 1024).toFixed(0)} MB image (3 gzip layers, ${largeFacts.packageCount ?? 0} packages, ${largeFacts.vulnerabilities?.length ?? 0} advisories): ${ms(largeMs)} (target ≤ 6000 ms)${largeFacts.error ? ` ERROR ${largeFacts.error.message}` : ''}`,
    );
  } finally {
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  }
}
