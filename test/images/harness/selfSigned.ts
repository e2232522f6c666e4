/**
 * A throwaway self-signed certificate for 127.0.0.1 (and localhost), made with Debian's `openssl` in a
 * temporary folder that is removed at once. Nothing trusts it: exactly what the TLS tests need.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireBinaries } from './binaries';

export function selfSignedCertificate(): { key: string; cert: string } {
  requireBinaries(['openssl']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert],
      { stdio: 'ignore', timeout: 20_000 },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
