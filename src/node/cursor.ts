import { open, seal } from '../crypto/seal.js';
import type { SuiteName } from '../crypto/suite.js';
import { nodeErrors } from './errors.js';

/**
 * Paging cursors: the last key seen, sealed (encrypted and authenticated) with a node-held key. Sealed because a key
 * can itself be personal data (an ID number) that the ticket's masks hide, and authenticated so that a consumer
 * cannot forge a position to probe for keys it may not see. A cursor is bound to its resource, to its mode (query
 * or export) and to the query's filters (or the export's `since`); it does not expire (it names a position only).
 */
export class Cursors {
  constructor(private readonly suite: SuiteName, private readonly key: Buffer) {}

  seal(resource: string, mode: 'query' | 'export', binding: string, key: unknown[]): string {
    return seal(this.suite, this.key, Buffer.from(JSON.stringify(key)), aad(resource, mode, binding));
  }

  /** The key a cursor names; CURSOR_INVALID if it was altered, or made for another resource, mode or query. */
  open(cursor: string, resource: string, mode: 'query' | 'export', binding: string): unknown[] {
    if (cursor.length > 4096) throw nodeErrors.cursorInvalid();
    const plain = open(this.suite, this.key, cursor, aad(resource, mode, binding));
    if (!plain) throw nodeErrors.cursorInvalid();
    const key = JSON.parse(plain.toString('utf8')) as unknown;
    if (!Array.isArray(key)) throw nodeErrors.cursorInvalid();
    return key;
  }
}

function aad(resource: string, mode: string, binding: string): string {
  return JSON.stringify([resource, mode, binding]);
}
