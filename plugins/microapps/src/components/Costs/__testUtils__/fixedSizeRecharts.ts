/**
 * jsdom has no layout: `recharts` with a ResponsiveContainer that gives the
 * chart a fixed size. A test file mocks the module with
 * `jest.mock('recharts', () => jest.requireActual('./__testUtils__/fixedSizeRecharts').fixedSizeRecharts())`.
 */
export function fixedSizeRecharts() {
  const actual = jest.requireActual('recharts');
  const { cloneElement } = jest.requireActual('react');
  return {
    ...actual,
    ResponsiveContainer: (props: { children: any; height?: number }) =>
      cloneElement(props.children, {
        width: 1000,
        height: props.height ?? 320,
      }),
  };
}
