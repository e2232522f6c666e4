/**
 * Docker credential helpers (`docker-credential-<name> get`, server URL on stdin, `{ServerURL, Username,
 * Secret}` on stdout), run with execFile — no shell — and a timeout. Nothing a helper prints is put in an
 * error message: its output is a secret or an error text we cannot vouch for.
 */
import { execFile } from 'node:child_process';
import { CredentialSourceError, type Credentials } from './credentials';

export interface CredentialHelperOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NOT_FOUND = /credentials not found|not found in native keychain|no credentials/i;

export function runCredentialHelper(helper: string, serverUrl: string, options: CredentialHelperOptions = {}): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(helper)) return Promise.reject(new CredentialSourceError(`invalid credential helper name "${helper.slice(0, 40)}"`));
  const program = `docker-credential-${helper}`;
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      ['get'],
      { env: options.env ?? process.env, timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true, signal: options.signal },
      (error, stdout) => {
        if (error) {
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number | null };
          if (e.code === 'ENOENT') return reject(new CredentialSourceError(`credential helper ${program} not found on PATH`));
          if (e.name === 'AbortError') return reject(new CredentialSourceError(`credential helper ${program} cancelled`));
          if (e.killed) return reject(new CredentialSourceError(`credential helper ${program} did not answer within ${timeoutMs} ms`));
          if (NOT_FOUND.test(stdout)) return resolve(undefined);
          return reject(new CredentialSourceError(`credential helper ${program} failed (exit code ${String(e.code)})`));
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(stdout);
        } catch {
          return reject(new CredentialSourceError(`credential helper ${program} printed something other than JSON`));
        }
        const { Username, Secret } = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
        if (typeof Secret !== 'string' || !Secret) return resolve(undefined);
        // Helpers return identity tokens with the conventional user name `<token>`.
        if (Username === '<token>') return resolve({ identityToken: Secret });
        if (typeof Username !== 'string' || !Username) return resolve(undefined);
        resolve({ username: Username, password: Secret });
      },
    );
    child.stdin?.on('error', () => {
      // A helper that exits without reading stdin must not crash us; its exit status is reported above.
    });
    child.stdin?.end(serverUrl);
  });
}
