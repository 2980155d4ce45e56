/**
 * The demo's command line.
 *
 *   npm start -w examples/demo-microapp                  serves POST /summarize on PORT (7300)
 *   npm start -w examples/demo-microapp -- --requests 20 sends 20 sample requests, exports, exits
 */
import { parseArgs } from 'node:util';
import { createDemoIngestKey } from './ingestKey';
import {
  DEMO_APPS,
  HELP_CENTER_DIGEST,
  type MicroAppIdentity,
  microAppRef,
} from './manifest';
import { createSimulatedModel } from './model';
import { sampleRequests } from './samples';
import { createDemoServer } from './server';
import { createSummarizeHandler } from './summarize';
import {
  type ExportTally,
  explainExportError,
  startTelemetry,
  tracesEndpoint,
} from './telemetry';

const USAGE = `Usage: npm start -w examples/demo-microapp [-- --requests N] [--app NAME]

Without options, serves POST /summarize and GET /health on PORT (default 7300).
With --requests N, sends N sample requests in-process, exports the spans and exits.
With --app NAME, plays another example app: ${Object.keys(DEMO_APPS).join(
  ', ',
)} (default help-center-digest).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        requests: { type: 'string' },
        app: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const app = DEMO_APPS[args.app ?? HELP_CENTER_DIGEST.name];
  if (!app) {
    console.error(
      `--app must be one of ${Object.keys(DEMO_APPS).join(', ')}, not "${
        args.app
      }".`,
    );
    return 2;
  }
  if (args.requests !== undefined) {
    const count = Number(args.requests);
    if (!Number.isInteger(count) || count < 1 || count > 10_000) {
      console.error(
        `--requests must be a whole number from 1 to 10000, not "${args.requests}".`,
      );
      return 2;
    }
    return runSamples(app, count);
  }
  return serve(app);
}

/**
 * The key to send with: none when the environment configures OTLP headers
 * (they are used as they are) or when the demo plays an unregistered app
 * (OTEL_SERVICE_NAME); else a key the demo creates as a member of the owning
 * team, falling back to the development token when the portal refuses.
 */
async function ingestKey(app: MicroAppIdentity): Promise<string | undefined> {
  const env = process.env;
  if (env.OTEL_EXPORTER_OTLP_HEADERS?.trim()) return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_HEADERS?.trim()) return undefined;
  if (env.OTEL_SERVICE_NAME?.trim()) return undefined;
  const { key, problem } = await createDemoIngestKey({
    tracesEndpoint: tracesEndpoint(env),
    entityRef: microAppRef(app.name),
    user: env.TRELLIS_DEMO_USER?.trim() || 'grace',
  });
  if (key) console.log('Created an ingest key for the app (as its owner)');
  else
    console.log(
      `No ingest key (${problem}): sending with the development token`,
    );
  return key;
}

async function setUp(
  app: MicroAppIdentity,
  onExportFailure?: (error: Error | undefined, spans: number) => void,
) {
  const telemetry = startTelemetry({
    app,
    onExportFailure,
    ingestKey: await ingestKey(app),
  });
  const model = createSimulatedModel({
    model: app.model,
    provider: app.provider,
    latencyMs: 20,
  });
  const handler = createSummarizeHandler({ tracer: telemetry.tracer, model });
  const service = process.env.OTEL_SERVICE_NAME?.trim() || app.name;
  console.log(`${service}: model ${app.model} (simulated)`);
  console.log(`Traces go to ${telemetry.endpoint}`);
  return { telemetry, handler };
}

async function runSamples(
  app: MicroAppIdentity,
  count: number,
): Promise<number> {
  const { telemetry, handler } = await setUp(app);
  let summarised = 0;
  let redacted = 0;
  let refused = 0;
  for (const request of sampleRequests(count)) {
    const result = await handler(JSON.stringify(request));
    if (result.status === 200) {
      summarised += 1;
      if ('redacted' in result.body && result.body.redacted) redacted += 1;
    } else if (result.status === 422) {
      refused += 1;
    }
  }
  console.log(
    `Sent ${count} requests: ${summarised} summarised (${redacted} with PII masked), ` +
      `${refused} refused as prompt injection.`,
  );
  console.log(
    'Exporting spans (the exporter retries for up to 10 s if the receiver does not answer)…',
  );
  return report(await telemetry.shutdown(), telemetry.endpoint);
}

/**
 * Says what reached Trellis, and answers exit code 1 when spans were not
 * delivered so that scripts notice; the message says what to fix.
 */
function report(tally: ExportTally, endpoint: string): number {
  if (tally.failedSpans === 0) {
    console.log(
      `Export succeeded: ${tally.exportedSpans} spans exported to ${endpoint}.`,
    );
  } else {
    console.error(
      `Export failed: ${tally.failedSpans} spans not delivered to ${endpoint} ` +
        `(${tally.exportedSpans} exported).\n${explainExportError(
          tally.lastError,
          endpoint,
        )}`,
    );
  }
  return tally.failedSpans === 0 ? 0 : 1;
}

async function serve(app: MicroAppIdentity): Promise<number> {
  let explained = false;
  const { telemetry, handler } = await setUp(app, (error, spans) => {
    // One line per failed batch, without the exporter's stack trace; the advice once.
    const advice = explained
      ? ''
      : ` ${explainExportError(error, tracesEndpoint())}`;
    console.warn(`Could not export ${spans} spans.${advice}`);
    explained = true;
  });
  const port = Number(process.env.PORT ?? 7300);
  const server = createDemoServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  console.log(
    `Listening on http://localhost:${port} (POST /summarize, GET /health). Ctrl+C stops.`,
  );

  await new Promise<void>(resolve => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping: exporting the remaining spans…');
  await new Promise<void>(resolve => server.close(() => resolve()));
  const tally = await telemetry.shutdown();
  return report(tally, telemetry.endpoint);
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
