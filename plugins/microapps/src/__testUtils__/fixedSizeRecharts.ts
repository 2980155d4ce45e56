/**
 * jsdom has no layout: `recharts` with a ResponsiveContainer that gives the
 * chart a fixed size (`width` wide, the height it asks for or 320 high). A
 * test file mocks the module with
 * `jest.mock('recharts', () => jest.requireActual('<path to>/__testUtils__/fixedSizeRecharts').fixedSizeRecharts())`.
 * It stays apart from microAppsTestKit.tsx so that the mock factory loads
 * nothing but recharts and react.
 */
export function fixedSizeRecharts(width = 1000) {
  const actual = jest.requireActual('recharts');
  const { cloneElement } = jest.requireActual('react');
  return {
    ...actual,
    ResponsiveContainer: (props: { children: any; height?: number }) =>
      cloneElement(props.children, {
        width,
        height: props.height ?? 320,
      }),
  };
}
