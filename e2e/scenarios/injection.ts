import assert from 'assert';
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { signedInAs, thenScreenshot } from '../browser';
import { BASE_URL, devToken, ROOT } from '../portal';

/**
 * Hostile text rendered inertly: the example portal's security fixture
 * (examples/hostile/hostile-microapps.yaml) has HTML and script in its title,
 * description and a connector name, and the scenario reports a policy
 * violation whose rule is HTML too. Every page that shows them must show text:
 * no script runs (window.__pwned stays unset), no dialog opens, no element
 * gets an event handler attribute, and the strings appear literally.
 */
const fixture = parseYaml(
  fs.readFileSync(
    path.join(ROOT, 'examples', 'hostile', 'hostile-microapps.yaml'),
    'utf8',
  ),
);
const NAME: string = fixture.metadata.name;
const TITLE: string = fixture.metadata.title;
const DESCRIPTION: string = fixture.metadata.description;
const CONNECTOR: string = fixture.spec.connectors[0].name;
const RULE = `<img src=x onerror="alert('pwned');window.__pwned=1"> '; DROP TABLE microapps_violations; -- ../../etc/passwd`;
const APP = `/catalog/default/microapp/${NAME}`;
/** The development OTLP token of app-config.yaml. */
const OTLP_TOKEN = 'trellis-dev-otlp-token';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function api(token: string, url: string) {
  const response = await fetch(`${BASE_URL}/api/microapps${url}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Reports one prompt_injection violation with the hostile rule for the fixture app, as a micro-app would. */
async function reportHostileRule() {
  const token = await devToken('sam');
  // The receiver attributes spans through the marketplace, which must know the fixture first.
  for (let i = 0; ; i++) {
    // The fixture is a draft: hidden unless the lifecycle filter names it.
    const { body } = await api(token, `/apps?q=${NAME}&lifecycle=draft`);
    if (body.items?.some((item: { name: string }) => item.name === NAME)) break;
    if (i > 60)
      throw new Error(
        `${NAME} never appeared in the marketplace: is examples/hostile in e2e/app-config.e2e.yaml?`,
      );
    await sleep(1000);
  }
  const now = Date.now();
  const response = await fetch(`${BASE_URL}/api/microapps/v1/traces`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${OTLP_TOKEN}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: NAME } }],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: randomBytes(16).toString('hex'),
                  spanId: randomBytes(8).toString('hex'),
                  name: 'guardrail',
                  startTimeUnixNano: String((now - 5_000) * 1e6),
                  endTimeUnixNano: String((now - 4_000) * 1e6),
                  attributes: [
                    {
                      key: 'trellis.policy.decision',
                      value: { stringValue: 'deny' },
                    },
                    {
                      key: 'trellis.policy.violation',
                      value: { stringValue: 'prompt_injection' },
                    },
                    {
                      key: 'trellis.policy.rule',
                      value: { stringValue: RULE },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  const answer = await response.text();
  assert.strictEqual(
    response.status,
    200,
    `the receiver refused the span: ${answer}`,
  );
  assert.deepStrictEqual(
    JSON.parse(answer),
    {},
    'the span was not accepted in full',
  );
  const { body } = await api(token, `/apps/default/${NAME}/violations`);
  assert(
    body.items.some((v: { rule?: string }) => v.rule === RULE),
    'the hostile rule is not among the violations',
  );
}

/** Collects every dialog (alert, confirm, prompt) the page tries to open, and dismisses it. */
function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', dialog => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

/** Fails if anything hostile ran or became markup, and checks each string is on the page as text. */
async function assertInert(
  page: Page,
  dialogs: string[],
  where: string,
  literal: string[],
) {
  await page.waitForTimeout(1000); // let late renders and image errors happen
  const state = await page.evaluate(expected => {
    const text = document.body.textContent ?? '';
    return {
      pwned: typeof (window as any).__pwned,
      scriptsWithPayload: Array.from(
        document.querySelectorAll('script'),
      ).filter(s => (s.textContent ?? '').includes('__pwned')).length,
      handlerAttributes: Array.from(document.querySelectorAll('*'))
        .flatMap(el =>
          Array.from(el.attributes).filter(a => /^on/i.test(a.name)),
        )
        .map(a => `${a.name}=${a.value}`),
      injectedElements: document.querySelectorAll('img[src="x"], svg[onload]')
        .length,
      missing: expected.filter(s => !text.includes(s)),
    };
  }, literal);
  assert.deepStrictEqual(
    state,
    {
      pwned: 'undefined',
      scriptsWithPayload: 0,
      handlerAttributes: [],
      injectedElements: 0,
      missing: [],
    },
    `${where}: hostile text must be shown as text and run nothing`,
  );
  assert.deepStrictEqual(dialogs, [], `${where}: a dialog opened`);
}

async function as(
  browser: Browser,
  user: string,
  shot: string,
  fn: (page: Page, dialogs: string[]) => Promise<void>,
) {
  const { context, page } = await signedInAs(browser, user);
  const dialogs = watchDialogs(page);
  try {
    await thenScreenshot(page, shot, () => fn(page, dialogs));
  } finally {
    await context.close();
  }
}

export const injectionScenarios = [
  {
    name: 'hostile text in the marketplace is shown as text and runs nothing',
    run: (browser: Browser) =>
      as(browser, 'uma', 'injection-marketplace', async (page, dialogs) => {
        await page.goto(
          `/microapps?q=${encodeURIComponent(
            'hostile input fixture',
          )}&lifecycle=draft`,
        );
        await page
          .getByRole('link', { name: TITLE, exact: true })
          .waitFor({ timeout: 30_000 });
        await assertInert(page, dialogs, 'marketplace', [TITLE, DESCRIPTION]);
      }),
  },
  {
    name: "hostile text on a MicroApp's overview and governance tab is shown as text and runs nothing",
    run: (browser: Browser) =>
      as(browser, 'uma', 'injection-app-pages', async (page, dialogs) => {
        await page.goto(APP);
        await page.getByText('Trust').first().waitFor({ timeout: 30_000 });
        await page.getByText(TITLE, { exact: true }).first().waitFor();
        // The About card renders the description as Markdown, sanitized: the script is dropped, the rest stays.
        await page
          .getByText(/Security test fixture/)
          .first()
          .waitFor();
        await assertInert(page, dialogs, 'overview', [TITLE]);

        await page.goto(`${APP}/governance`);
        await page
          .getByText(/Approval badges/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await page.getByText(CONNECTOR).first().waitFor();
        await assertInert(page, dialogs, 'governance tab', [
          TITLE,
          `Third-party connector ${CONNECTOR}`,
        ]);
      }),
  },
  {
    name: 'a hostile policy rule on the Policy tab is shown as text and runs nothing',
    async run(browser: Browser) {
      await reportHostileRule();
      await as(
        browser,
        'sam',
        'injection-policy-tab',
        async (page, dialogs) => {
          await page.goto(`${APP}/policy`);
          await page
            .getByText(RULE, { exact: true })
            .first()
            .waitFor({ timeout: 30_000 });
          await assertInert(page, dialogs, 'policy tab', [RULE]);
        },
      );
    },
  },
];
