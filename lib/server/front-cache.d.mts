// Types for front-cache.mjs (plain JavaScript: scripts/server.mjs runs before anything compiles TypeScript).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export function cacheClock(): number;
export function carriesSession(cookieHeader: string | undefined): boolean;
export type RequestKind = 'page' | 'visitor' | 'signed-in' | 'framework' | 'other';
export function requestKind(request: { method?: string; url?: string; headers: IncomingHttpHeaders }): RequestKind;
export function isPlainPageRequest(request: { url?: string; headers: IncomingHttpHeaders }): boolean;
export type Encoding = 'br' | 'gzip' | 'identity';
export function chooseEncoding(acceptEncoding: string | undefined): Encoding;
export function matchesEtag(ifNoneMatch: string | undefined, etags: string[]): boolean;
export function encodeTag(tag: string): string;
export function cdnHeaders(options: { maxAge: number; staleSeconds: number; tags: string[] }): Record<string, string>;
export function withVary(value: unknown, names: string[]): string;

export type Variant = {
  body: Buffer;
  headers: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
  /** The same, for a signed-in reader: `private, no-store`, without the CDN headers. */
  privateHeaders: OutgoingHttpHeaders;
  privateNotModified: OutgoingHttpHeaders;
};
export type FrontEntry = {
  status: number;
  tags: string[];
  expiresAt: number;
  size: number;
  variants: Partial<Record<Encoding, Variant>>;
  etags: string[];
};
export function buildEntry(response: {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  tags: string[];
  expiresAt?: number;
}): Promise<FrontEntry>;

export function compressForOne(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer>;

export type FrontCache = {
  get(key: string): FrontEntry | null;
  invalidatedSince(tags: string[], since: number): boolean;
  set(key: string, entry: FrontEntry, startedAt: number): boolean;
  invalidate(tags: string[]): void;
  invalidateAll(): void;
  stats(): { entries: number; bytes: number; maxBytes: number };
};
export function createFrontCache(options: { maxBytes: number; clock?: () => number }): FrontCache;
