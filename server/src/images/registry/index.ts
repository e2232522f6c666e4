/** Public surface of the registry client (see client.ts). */
export {
  RegistryClient,
  isLoopbackRegistry,
  type FetchedManifest,
  type OpenBlobOptions,
  type RegistryClientOptions,
  type RepositoryLocator,
  type RequestOptions,
  type ResolveOptions,
  type TagResolution,
} from './client';
export { RegistryCache, type RegistryCacheOptions } from './cache';
export {
  CredentialSourceError,
  chainCredentialProviders,
  hasCredentials,
  noCredentials,
  staticCredentials,
  type CredentialProvider,
  type Credentials,
} from './credentials';
export { DockerConfigCredentialProvider, type DockerConfigProviderOptions } from './dockerConfigProvider';
export { DOCKER_HUB_AUTH_KEY, credentialSources, parseDockerConfig } from './dockerConfig';
export { runCredentialHelper } from './credentialHelper';
export * from './errors';
export { parseWwwAuthenticate, type AuthChallenge } from './challenge';
export { attestationFor, parseImageConfig, parseManifest, type Descriptor, type ImageIndex, type ImageManifest, type ParsedManifest } from './manifest';
export { formatPlatform, hostPlatform, indexPlatforms, isAttestationDescriptor, normalizePlatform, parsePlatform, platformMatches, selectPlatformEntry } from './platform';
export { parseRateLimitHeaders, parseRetryAfter, type RateLimitInfo } from './rateLimit';
export * from './mediaTypes';
export { insecureRegistryMatcher, normaliseRegistryHost } from './tls';
