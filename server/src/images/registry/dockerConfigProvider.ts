/** CredentialProvider over Docker's config.json (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`). */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCredentialHelper } from './credentialHelper';
import { CredentialSourceError, hasCredentials, type CredentialProvider, type Credentials } from './credentials';
import { credentialSources, parseDockerConfig } from './dockerConfig';

export interface DockerConfigProviderOptions {
  /** Directory holding config.json; default `$DOCKER_CONFIG`, else `~/.docker`. */
  configDir?: string;
  /** Environment for finding the config and running helpers (PATH); default process.env. */
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

export class DockerConfigCredentialProvider implements CredentialProvider {
  constructor(private readonly options: DockerConfigProviderOptions = {}) {}

  configPath(): string {
    const env = this.options.env ?? process.env;
    const dir = this.options.configDir ?? (env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'));
    return path.join(dir, 'config.json');
  }

  async get(registry: string, signal?: AbortSignal): Promise<Credentials | undefined> {
    let text: string;
    try {
      text = await readFile(this.configPath(), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CredentialSourceError(`cannot read Docker config ${this.configPath()}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    let helperFailure: unknown;
    for (const source of credentialSources(parseDockerConfig(text), registry)) {
      if (source.kind === 'inline') return source.credentials;
      try {
        const found = await runCredentialHelper(source.helper, source.serverUrl, {
          timeoutMs: this.options.helperTimeoutMs,
          env: this.options.env,
          signal,
        });
        if (hasCredentials(found)) return found;
      } catch (error) {
        helperFailure = error;
      }
    }
    if (helperFailure) throw helperFailure;
    return undefined;
  }
}
