/** The receiver did not take the traffic: wrong token, no receiver, backend down. */
export class TrafficExportError extends Error {
  constructor(
    message: string,
    readonly exportedSpans: number,
    readonly failedSpans: number,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'TrafficExportError';
  }
}

/** Says what went wrong in words an operator can act on. */
export function describeExportError(error: unknown, url: string): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 401 || code === 403) {
    return (
      `HTTP ${code} ${message}: the receiver refused the token. Use a token from the portal's ` +
      `backend.auth.externalAccess (trellis-dev-otlp-token in the example portal)`
    );
  }
  if (code === 404)
    return `HTTP 404: nothing answers at ${url}. Is the Trellis OTLP receiver (POST /api/microapps/v1/traces) installed?`;
  if (code === 413)
    return `HTTP 413: the receiver's body limit is below one batch of 512 spans`;
  if (typeof code === 'number') return `HTTP ${code} ${message}`;
  if (code === 'ECONNREFUSED')
    return `could not connect to ${url}: is the portal backend running?`;
  return message;
}
