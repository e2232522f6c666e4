/**
 * Registry credentials and where they come from. The client asks a CredentialProvider only after a registry
 * has asked for authentication, so public images never start a credential helper.
 */

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken` in Docker's config, `<token>` user from a helper). */
  identityToken?: string;
  /** A bearer token to send to the registry as is (`registrytoken`). */
  registryToken?: string;
}

export interface CredentialProvider {
  /** Credentials for a registry host (`docker.io`, `ghcr.io`, `127.0.0.1:5000`), or undefined for none. */
  get(registry: string, signal?: AbortSignal): Promise<Credentials | undefined>;
}

/** A credential store or helper failed (not "has nothing for this host", which is undefined). */
export class CredentialSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialSourceError';
  }
}

export function hasCredentials(c: Credentials | undefined): c is Credentials {
  return !!c && (!!(c.username && c.password) || !!c.identityToken || !!c.registryToken);
}

export const noCredentials: CredentialProvider = { get: async () => undefined };

export function staticCredentials(byRegistry: Record<string, Credentials>): CredentialProvider {
  return { get: async (registry) => byRegistry[registry] };
}

/** The first provider with credentials wins; a provider that fails is skipped unless none has any. */
export function chainCredentialProviders(...providers: CredentialProvider[]): CredentialProvider {
  return {
    async get(registry, signal) {
      let failure: unknown;
      for (const provider of providers) {
        try {
          const found = await provider.get(registry, signal);
          if (hasCredentials(found)) return found;
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure) throw failure;
      return undefined;
    },
  };
}
