/*
 * The date parameters of the cost and violation routes, fuzzed on a real
 * backend: whatever `from`, `to`, `month`, `limit` and `offset` hold, every
 * answer is a 2xx or a 4xx, soon. Days beyond four-digit years once made the
 * day loops spin for ever (`addDays('9999-12-31', 1)` gave `+010000-01`), and
 * on PostgreSQL reached the violation queries as invalid dates (a 500).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  addDays,
  EARLIEST_DAY,
  LATEST_DAY,
} from '@trellis/plugin-microapps-common';
import fc from 'fast-check';
import {
  type Param,
  type Query,
  ROUTES,
  useReportDatesPortal,
} from '../../__testUtils__/reportDatesPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

const FUZZ_RUNS = 1_000;

// What the date parameters are made of.

const YEARS = [
  '0000',
  '0001',
  '0999',
  '1969',
  '1970',
  '1999',
  '2000',
  '2026',
  '2028',
  '2099',
  '2100',
  '9999',
  '+010000',
  '-000001',
  '+275760',
  '-271821',
];
const MONTHS = ['00', '01', '02', '09', '12', '13', '1', '99'];
const DAYS = ['00', '01', '28', '29', '30', '31', '32', '1'];
const ODD_UNITS = [
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uDFFF',
  '\u0000',
  '\u200F', // right-to-left mark
  '\u200E',
  '\u202E', // right-to-left override
  '\u061C',
  '\uFEFF',
  '\u00A0',
  '\uFF10', // full-width 0
  '\uFF12',
  '\uFF0D', // full-width hyphen-minus
  '\u0662', // Arabic-Indic 2
  '\u06F0',
  '\u0966', // Devanagari 0
  '\u2212', // minus sign
  '\u{1D7CE}', // mathematical bold digit 0
  '-',
  '+',
  ' ',
  '%',
  '&',
  '=',
  '#',
  '[',
  ']',
  'T',
  'Z',
  '\n',
  '\t',
];
const SPECIAL_DAYS = [
  EARLIEST_DAY,
  LATEST_DAY,
  '1999-12-31',
  '2100-01-01',
  '0000-01-01',
  '0000-01-31',
  '9999-12-01',
  '9999-12-31',
  '+010000-01-01',
  '-000001-12-31',
  '2026-02-29',
  '2028-02-29',
  '',
  ' 2026-01-01',
  '2026-1-1',
  '٢٠٢٦-٠١-٠١',
  '２０２６-０１-０１',
  '2026-01-01\u0000',
  '\u200F2026-01-01',
  '2026-01-01T00:00:00Z',
  'NaN',
  'undefined',
  'null',
];

const oddUnit = fc.constantFrom(...ODD_UNITS);
const windowDays = 36_525;
const dayInWindow = fc
  .integer({ min: 0, max: windowDays - 1 })
  .map(offset => addDays(EARLIEST_DAY, offset));
const dayNearEdges = fc.oneof(
  fc.integer({ min: 0, max: 45 }).map(offset => addDays(EARLIEST_DAY, offset)),
  fc.integer({ min: 0, max: 45 }).map(offset => addDays(LATEST_DAY, -offset)),
);
const extremeDay = fc
  .tuple(
    fc.constantFrom(...YEARS),
    fc.constantFrom(...MONTHS),
    fc.constantFrom(...DAYS),
  )
  .map(parts => parts.join('-'));
const anyTimeDay = fc
  .date({
    min: new Date(-8.64e15),
    max: new Date(8.64e15),
    noInvalidDate: true,
  })
  .chain(date =>
    fc
      .constantFrom(7, 10, 13, 24)
      .map(length => date.toISOString().slice(0, length)),
  );
/** A day or month with an odd character put in, or one of its characters replaced. */
const mutated = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.nat(), oddUnit, fc.boolean())
    .map(([value, at, unit, replace]) => {
      const i = at % (value.length + 1);
      return value.slice(0, i) + unit + value.slice(replace ? i + 1 : i);
    });
const anyText = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.oneof(oddUnit, fc.constantFrom(...'0123456789-')) }),
);
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('1e309', '-0', '0x10', '1_000', '9007199254740993'),
);
const dayText = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_DAYS), weight: 3 },
  { arbitrary: dayInWindow, weight: 2 },
  { arbitrary: dayNearEdges, weight: 2 },
  { arbitrary: extremeDay, weight: 3 },
  { arbitrary: anyTimeDay, weight: 2 },
  { arbitrary: mutated(dayInWindow), weight: 2 },
  { arbitrary: anyText, weight: 2 },
  { arbitrary: numberText, weight: 1 },
);
const monthText = fc.oneof(
  dayText.map(day => day.slice(0, 7)),
  dayText.map(day => day.replace(/-[^-]*$/, '')),
  fc
    .tuple(fc.constantFrom(...YEARS), fc.constantFrom(...MONTHS))
    .map(parts => parts.join('-')),
  mutated(dayInWindow.map(day => day.slice(0, 7))),
);
const countText = fc.oneof(
  numberText,
  fc.integer({ min: -2, max: 1_000_002 }).map(String),
  fc.constantFrom('', ' 1', '٣', '１', '50\u0000', 'Infinity'),
  anyText,
);
const param = (text: fc.Arbitrary<string>): fc.Arbitrary<Param> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: text, weight: 6 },
    { arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), text), weight: 1 },
  );

/** A day as `Date` writes it, beyond four-digit years too (`+010000-01-01`). */
const isoDay = (daysSinceEpoch: number) =>
  new Date(daysSinceEpoch * 86_400_000).toISOString().split('T')[0];
/** Days since 1970-01-01 of the first day of a year. */
const yearStart = (year: number) =>
  new Date(0).setUTCFullYear(year, 0, 1) / 86_400_000;
const near = (day: number) => fc.integer({ min: day - 450, max: day + 450 });
/**
 * A period that holds together (`from` before `to`, at most a little over
 * 400 days, or the month of its start), around the window's edges, the
 * first and last four-digit years, or anywhere `Date` reaches.
 */
const periodQuery = fc
  .record({
    start: fc.oneof(
      near(yearStart(2000)),
      near(yearStart(2100)),
      near(yearStart(0)),
      near(yearStart(10000)),
      fc.integer({ min: -100_000_000, max: 100_000_000 - 500 }),
    ),
    length: fc.integer({ min: 0, max: 420 }),
    leaveOut: fc.constantFrom('none', 'from', 'to'),
  })
  .map(
    ({ start, length, leaveOut }): Query => ({
      from: leaveOut === 'from' ? undefined : isoDay(start),
      to: leaveOut === 'to' ? undefined : isoDay(start + length),
      month: isoDay(start).replace(/-[0-9]+$/, ''),
    }),
  );
const requests = fc.record({
  route: fc.constantFrom(...ROUTES),
  query: fc.oneof(
    periodQuery,
    fc.record({
      from: param(dayText),
      to: param(dayText),
      month: param(monthText),
      limit: param(countText),
      offset: param(countText),
    }),
  ),
  raw: fc.oneof(
    { arbitrary: fc.constant(''), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        'from=%',
        'to=%E0%A4%A',
        'month=%ED%A0%80',
        'from=2026-01-01%00',
        'from',
        'to=',
        '=2026-01-01',
        '%5B%5D=1',
      ),
      weight: 2,
    },
  ),
});

describe.each(databases.eachSupportedId())(
  'date parameters of the cost and violation routes (%s)',
  databaseId => {
    const { expectAnswered } = useReportDatesPortal(databases, databaseId);

    it('answers any date parameters with a 2xx or a 4xx', async () => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(requests, async ({ route, query, raw }) => {
          statuses.add((await expectAnswered(route, query, raw)).status);
        }),
        { numRuns: FUZZ_RUNS },
      );
      // Both the reports and the validation were reached.
      expect(statuses).toContain(200);
      expect(statuses).toContain(400);
    });
  },
);
