/** Persistent facts Trellis keeps per MicroApp. */
export interface AppRecordStore {
  /**
   * Records every entity ref not seen before as first seen at `now`, and
   * returns when each of the given apps was first seen.
   */
  recordSeen(entityRefs: string[], now: Date): Promise<Map<string, Date>>;
}
