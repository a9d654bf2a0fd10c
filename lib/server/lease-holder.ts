import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const state = globalThis as unknown as { quireLeaseHolder?: string };

/**
 * This server process's name on job leases (db/queries/job-leases.ts): host and process, and a random
 * part (containers all run as pid 1). On the global object: Next may load the modules using it twice.
 */
export const leaseHolder = (state.quireLeaseHolder ??= `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
