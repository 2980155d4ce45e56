/** When Trellis first saw an app, and since when its manifest has had its current digest. */
export interface AppRecord {
  firstSeenAt: Date;
  digestSince: Date;
}

/** Persistent facts Trellis keeps per MicroApp. */
export interface AppRecordStore {
  /**
   * Records the apps as seen at `now` with their current manifest digests,
   * and returns each app's record, keyed by lower-case entity ref.
   */
  recordSeen(
    apps: Array<{ entityRef: string; digest: string }>,
    now: Date,
  ): Promise<Map<string, AppRecord>>;
  /** The app a public badge token belongs to. */
  findByBadgeToken(token: string): Promise<string | undefined>;
}
