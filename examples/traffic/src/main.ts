/*
 * Command line: sends backdated example traffic to a running Trellis portal.
 *
 *   npm start -w @trellis/example-traffic -- [--url URL] [--token TOKEN] [--days 60] [--seed S] [--scale 1] [--dry-run] [--json]
 */
import { parseArgs } from 'node:util';
import { type ExampleCatalog, loadExampleCatalog } from './exampleCatalog';
import { sendExampleTraffic } from './sendTraffic';
import {
  type PlannedAppSummary,
  planTraffic,
  summarizePlan,
  type TrafficPlan,
} from './trafficPlan';

const DEFAULT_URL = 'http://localhost:7007/api/microapps/v1/traces';

const USAGE = `Sends realistic, backdated OpenTelemetry traffic for every example micro-app to the Trellis OTLP receiver.

Options:
  --url URL        OTLP/HTTP traces endpoint (default ${DEFAULT_URL})
  --token TOKEN    bearer token (default $TRELLIS_OTLP_TOKEN, else trellis-dev-otlp-token)
  --days N         whole days of history before today (default 60)
  --seed S         seed of the plan (default trellis)
  --scale X        volume multiplier (default 1, about 30,000 GenAI spans for 60 days)
  --now ISO        end of the window (default: now)
  --examples DIR   folder with microapps/*.yaml and microapps-config.yaml (default: the repository's examples/)
  --dry-run        print the plan per app and send nothing
  --json           print the result as JSON instead of a summary line
  --help           this text`;

function numberOption(
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

function parseCommandLine() {
  return parseArgs({
    options: {
      url: { type: 'string', default: DEFAULT_URL },
      token: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      now: { type: 'string' },
      examples: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
}

type CommandLine = ReturnType<typeof parseCommandLine>;

/** The plan's settings from the command line. */
interface PlanSettings {
  now: Date;
  days?: number;
  seed?: string;
  scale?: number;
}

async function main() {
  const values = parseCommandLine();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime()))
    throw new Error(`--now must be an ISO date, got "${values.now}"`);
  const settings: PlanSettings = {
    now,
    days: numberOption('days', values.days),
    seed: values.seed,
    scale: numberOption('scale', values.scale),
  };
  const catalog = await loadExampleCatalog({ examplesDir: values.examples });
  if (values['dry-run']) printPlan(catalog, settings);
  else await send(catalog, settings, values);
}

/** `--dry-run`: one line per app and a total; sends nothing. */
function printPlan(catalog: ExampleCatalog, settings: PlanSettings) {
  const plan = planTraffic({
    apps: catalog.apps,
    models: catalog.models,
    ...settings,
  });
  const summaries = summarizePlan(plan, catalog.models);
  for (const s of summaries) process.stdout.write(appLine(s));
  process.stdout.write(planTotals(plan, summaries));
}

/** One app's line of the plan. */
function appLine(s: PlannedAppSummary): string {
  const events = Object.entries(s.policyEvents)
    .map(([type, n]) => `${type}=${n}`)
    .join(' ');
  return (
    `${s.name.padEnd(32)} ${s.lifecycle.padEnd(15)} ${String(
      s.requests,
    ).padStart(6)} requests ` +
    `${String(s.daysWithTraffic).padStart(3)} days  $${s.costUsd
      .toFixed(2)
      .padStart(8)}  ` +
    `month $${s.monthToDateCostUsd.toFixed(2)}${
      s.monthlyBudgetUsd !== undefined ? ` / ${s.monthlyBudgetUsd}` : ''
    }` +
    `${
      s.undeclaredModelCalls
        ? `  undeclared-model=${s.undeclaredModelCalls}`
        : ''
    }${events ? `  ${events}` : ''}\n`
  );
}

/** The last line of the plan: its totals and the budget overrun. */
function planTotals(plan: TrafficPlan, summaries: PlannedAppSummary[]) {
  const requests = summaries.reduce((sum, s) => sum + s.requests, 0);
  const spans = summaries.reduce((sum, s) => sum + s.spans, 0);
  return (
    `Plan: ${summaries.length} apps, ${requests} traces, ${spans} spans (${requests} GenAI) from ` +
    `${plan.from.toISOString()} to ${plan.now.toISOString()}` +
    `${
      plan.budgetOverrun
        ? `; ${plan.budgetOverrun.app} reaches $${plan.budgetOverrun.monthToDateCostUsd} of its $${plan.budgetOverrun.budgetUsd} budget this month`
        : ''
    }\n`
  );
}

/** Sends the traffic and reports what was sent. */
async function send(
  catalog: ExampleCatalog,
  settings: PlanSettings,
  values: CommandLine,
) {
  const result = await sendExampleTraffic({
    url: values.url!,
    token:
      values.token ??
      process.env.TRELLIS_OTLP_TOKEN ??
      'trellis-dev-otlp-token',
    catalog,
    ...settings,
    onProgress: p => {
      if (process.stderr.isTTY)
        process.stderr.write(
          `\r${p.appsDone}/${p.appsTotal} apps, ${p.exportedSpans} spans exported `,
        );
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(
    `Sent ${result.spans} spans (${result.genAiSpans} GenAI, ${result.traces} traces) for ${result.apps} apps ` +
      `from ${result.from.toISOString().slice(0, 10)} to ${result.to
        .toISOString()
        .slice(0, 10)} ` +
      `to ${values.url} in ${(result.durationMs / 1000).toFixed(1)} s\n`,
  );
}

main().catch(error => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
