import { createServer } from 'net';
import { createDemoIngestKey, portalBaseUrl } from './ingestKey';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

// Creating a key against the real example portal is a browser test
// (e2e/scenarios/demoMicroApp.ts): the demo runs there as its owner would.
describe('the demo ingest key', () => {
  it('finds the portal from the receiver URL', () => {
    expect(portalBaseUrl('http://localhost:7007/api/microapps/v1/traces')).toBe(
      'http://localhost:7007',
    );
    expect(portalBaseUrl('http://otel-collector:4318/v1/traces')).toBe(
      undefined,
    );
  });

  it('says why when the endpoint is not a Trellis receiver', async () => {
    expect(
      await createDemoIngestKey({
        tracesEndpoint: 'http://otel-collector:4318/v1/traces',
        entityRef: 'microapp:default/help-center-digest',
        user: 'grace',
      }),
    ).toEqual({
      problem:
        'http://otel-collector:4318/v1/traces is not a Trellis receiver URL',
    });
  });

  it('says why when no portal answers', async () => {
    const port = await closedPort();
    const result = await createDemoIngestKey({
      tracesEndpoint: `http://127.0.0.1:${port}/api/microapps/v1/traces`,
      entityRef: 'microapp:default/help-center-digest',
      user: 'grace',
    });
    expect(result.key).toBeUndefined();
    expect(result.problem).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
