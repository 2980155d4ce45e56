import type { NewAuditEntry } from '../../audit/AuditStore';

/** An ingest key as Trellis keeps it: never the key itself, only its hash. */
export interface IngestKeyRecord {
  id: string;
  /** The app the key speaks for (lower-case entity ref); none for a gateway key. */
  entityRef?: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** Ingest keys, created and revoked together with their audit entries. */
export interface IngestKeyStore {
  create(input: {
    id: string;
    entityRef?: string;
    name: string;
    keyHash: string;
    createdAt: string;
    createdBy: string;
    audit: NewAuditEntry;
  }): Promise<IngestKeyRecord>;
  /** Keys not revoked, oldest first: of one app, or (`undefined`) the gateway keys. */
  list(entityRef: string | undefined): Promise<IngestKeyRecord[]>;
  /** Revokes a key of the app (or a gateway key); false when there is no such key. */
  revoke(input: {
    id: string;
    entityRef: string | undefined;
    revokedAt: string;
    revokedBy: string;
    audit: NewAuditEntry;
  }): Promise<boolean>;
  /** The key with this hash, unless it was revoked. */
  findActive(keyHash: string): Promise<IngestKeyRecord | undefined>;
  /** Records that the key was used; writes at most once a minute per key. */
  markUsed(id: string, now: Date): Promise<void>;
}
