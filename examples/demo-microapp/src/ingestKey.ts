/**
 * The demo's ingest key. Trellis lets each micro-app send telemetry only for
 * itself, with a key of its own. When the environment configures no OTLP
 * headers, the demo does what its owners would do in the portal's Ingest
 * keys card: it signs in to the example portal as a member of the owning
 * team (development sign-in) and creates a key for its app.
 */

/** The portal's base URL from the receiver's URL (`…/api/microapps/v1/traces`). @public */
export function portalBaseUrl(tracesEndpoint: string): string | undefined {
  const match = /^(.*)\/api\/microapps\/v1\/traces\/?$/.exec(tracesEndpoint);
  return match?.[1];
}

/**
 * Signs in as `user` (development sign-in) and creates an ingest key for
 * the app; undefined, with the reason, when the portal does not allow it.
 *
 * @public
 */
export async function createDemoIngestKey(options: {
  tracesEndpoint: string;
  entityRef: string;
  user: string;
}): Promise<{ key?: string; problem?: string }> {
  const base = portalBaseUrl(options.tracesEndpoint);
  if (!base)
    return {
      problem: `${options.tracesEndpoint} is not a Trellis receiver URL`,
    };
  try {
    const signIn = await fetch(
      `${base}/api/auth/dev-users/refresh?env=development`,
      { headers: { 'x-dev-user': options.user } },
    );
    if (!signIn.ok) {
      return {
        problem: `development sign-in as ${options.user}: HTTP ${signIn.status}`,
      };
    }
    const token = ((await signIn.json()) as any).backstageIdentity?.token;
    const [, namespace, name] =
      /^microapp:([^/]+)\/(.+)$/.exec(options.entityRef) ?? [];
    const created = await fetch(
      `${base}/api/microapps/apps/${namespace}/${name}/ingest-keys`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ name: 'demo micro-app' }),
      },
    );
    if (created.status !== 201) {
      return { problem: `creating an ingest key: HTTP ${created.status}` };
    }
    return { key: ((await created.json()) as { key: string }).key };
  } catch (error) {
    return { problem: String((error as Error).message ?? error) };
  }
}
