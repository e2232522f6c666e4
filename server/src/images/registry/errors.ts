/**
 * Typed registry errors. Messages name the registry, repository and what went wrong; they never carry
 * credentials, tokens or Authorization headers (callers show them to users and write them to logs).
 */
import type { Platform } from '../types';
import type { RateLimitInfo } from './rateLimit';

export type RegistryErrorCode =
  | 'invalid-reference'
  | 'credentials-required'
  | 'credentials-rejected'
  | 'access-denied'
  | 'not-found'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'digest-mismatch'
  | 'too-large'
  | 'platform-not-found'
  | 'unsupported'
  | 'protocol'
  | 'server';

export interface RegistryErrorDetails {
  registry?: string;
  status?: number;
  cause?: unknown;
}

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly registry?: string;
  readonly status?: number;
  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.registry = details.registry;
    this.status = details.status;
  }
}

export class InvalidReferenceError extends RegistryError {
  constructor(message: string) {
    super('invalid-reference', message);
  }
}

/** 401 without credentials (or with an anonymous token that lacks the scope): signing in may help. */
export class CredentialsRequiredError extends RegistryError {
  readonly scope?: string;
  constructor(message: string, details: RegistryErrorDetails & { scope?: string }) {
    super('credentials-required', message, details);
    this.scope = details.scope;
  }
}

/** 401 although credentials were sent: they are wrong or expired. */
export class CredentialsRejectedError extends RegistryError {
  constructor(message: string, details: RegistryErrorDetails) {
    super('credentials-rejected', message, details);
  }
}

/** Authenticated, but not allowed (`insufficient_scope`, 403). */
export class AccessDeniedError extends RegistryError {
  readonly scope?: string;
  constructor(message: string, details: RegistryErrorDetails & { scope?: string }) {
    super('access-denied', message, details);
    this.scope = details.scope;
  }
}

export type NotFoundKind = 'manifest' | 'repository' | 'blob';

export class NotFoundError extends RegistryError {
  readonly kind: NotFoundKind;
  /** The registry's error code (`MANIFEST_UNKNOWN`, `NAME_UNKNOWN`, `BLOB_UNKNOWN`) when it sent one. */
  readonly registryCode?: string;
  constructor(kind: NotFoundKind, message: string, details: RegistryErrorDetails & { registryCode?: string }) {
    super('not-found', message, details);
    this.kind = kind;
    this.registryCode = details.registryCode;
  }
}

export class RateLimitedError extends RegistryError {
  /** From `retry-after`, when the registry sent one. */
  readonly retryAfterSeconds?: number;
  readonly rateLimit?: RateLimitInfo;
  constructor(message: string, details: RegistryErrorDetails & { retryAfterSeconds?: number; rateLimit?: RateLimitInfo }) {
    super('rate-limited', message, details);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.rateLimit = details.rateLimit;
  }
}

export class RegistryNetworkError extends RegistryError {
  /** `ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, … when known. */
  readonly systemCode?: string;
  constructor(message: string, details: RegistryErrorDetails & { systemCode?: string }) {
    super('network', message, details);
    this.systemCode = details.systemCode;
  }
}

export class RegistryTimeoutError extends RegistryError {
  readonly timeoutMs: number;
  constructor(message: string, details: RegistryErrorDetails & { timeoutMs: number }) {
    super('timeout', message, details);
    this.timeoutMs = details.timeoutMs;
  }
}

/** The caller's AbortSignal fired. Named `AbortError` like the platform's own abort errors. */
export class RegistryAbortedError extends RegistryError {
  constructor(details: RegistryErrorDetails = {}) {
    super('aborted', 'registry request cancelled', details);
    this.name = 'AbortError';
  }
}

export class DigestMismatchError extends RegistryError {
  readonly expected: string;
  readonly actual: string;
  constructor(message: string, details: RegistryErrorDetails & { expected: string; actual: string }) {
    super('digest-mismatch', message, details);
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

export class TooLargeError extends RegistryError {
  readonly limitBytes: number;
  constructor(message: string, details: RegistryErrorDetails & { limitBytes: number }) {
    super('too-large', message, details);
    this.limitBytes = details.limitBytes;
  }
}

export class PlatformNotFoundError extends RegistryError {
  readonly requested: Platform;
  readonly available: Platform[];
  constructor(message: string, details: RegistryErrorDetails & { requested: Platform; available: Platform[] }) {
    super('platform-not-found', message, details);
    this.requested = details.requested;
    this.available = details.available;
  }
}

export class UnsupportedManifestError extends RegistryError {
  readonly mediaType?: string;
  constructor(message: string, details: RegistryErrorDetails & { mediaType?: string }) {
    super('unsupported', message, details);
    this.mediaType = details.mediaType;
  }
}

/** The registry answered something that does not follow the protocol (bad JSON, missing fields). */
export class RegistryProtocolError extends RegistryError {
  constructor(message: string, details: RegistryErrorDetails = {}) {
    super('protocol', message, details);
  }
}

export class RegistryServerError extends RegistryError {
  constructor(message: string, details: RegistryErrorDetails) {
    super('server', message, details);
  }
}
