import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex characters, the
 * same in the browser and in Node (`@noble/hashes`, audited, no Node crypto).
 *
 * @public
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
