/**
 * @jest-environment @backstage/cli/config/jest-environment-jsdom
 */
// jsdom provides a strict XML DOMParser: malformed output becomes <parsererror>.
import {
  BADGE_STATE_COLORS,
  renderApprovalBadgeSvg,
  renderBadgeSvg,
  renderOverallBadgeSvg,
  type BadgeState,
} from './index';
import {
  appStatus,
  type AppStatusInput,
  BADGE_IDS,
} from '@trellis/plugin-microapps-common';

/** The nearest `fill` on the element or its ancestors: what colour text is drawn in. */
function fillOf(element: Element): string | null {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const fill = e.getAttribute('fill');
    if (fill) return fill;
  }
  return null;
}

/** What a viewer (or a screen reader) gets from a badge. */
function view(svgText: string) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') {
    throw new Error(`not well-formed SVG: ${svg.textContent}\n${svgText}`);
  }
  // The coloured boxes, left to right; the gradient overlay and empty boxes
  // are not something a viewer sees as a part.
  const boxes = Array.from(svg.querySelectorAll('g[clip-path] > rect')).filter(
    rect =>
      !rect.getAttribute('fill')?.startsWith('url(') &&
      Number(rect.getAttribute('width')) > 0,
  );
  // The text as drawn, without its shadow copies.
  const texts = Array.from(svg.querySelectorAll('text')).filter(
    text => !text.closest('[aria-hidden="true"]'),
  );
  const parts = boxes.map((rect, i) => ({
    width: Number(rect.getAttribute('width')),
    fill: rect.getAttribute('fill'),
    text: texts[i]?.textContent,
    textFill: texts[i] ? fillOf(texts[i]) : undefined,
  }));
  return {
    doc,
    svg,
    width: Number(svg.getAttribute('width')),
    height: Number(svg.getAttribute('height')),
    title: svg.querySelector('title')?.textContent,
    ariaLabel: svg.getAttribute('aria-label'),
    role: svg.getAttribute('role'),
    texts: texts.map(text => text.textContent),
    parts,
    label: parts.length === 2 ? parts[0] : undefined,
    message: parts[parts.length - 1],
  };
}

/** Every element name and attribute name in a badge: its structure, not its text. */
function shape(svgText: string): string[] {
  const { doc } = view(svgText);
  return Array.from(doc.querySelectorAll('*')).map(
    element =>
      `${element.nodeName}[${element.getAttributeNames().sort().join(',')}]`,
  );
}

describe('renderBadgeSvg', () => {
  it('renders a well-formed, accessible two-part badge', () => {
    const badge = view(
      renderBadgeSvg({ label: 'build', message: 'passing', color: '#2e7d32' }),
    );

    expect(badge.role).toBe('img');
    expect(badge.ariaLabel).toBe('build: passing');
    expect(badge.title).toBe('build: passing');
    expect(badge.height).toBe(20);
    expect(badge.texts).toEqual(['build', 'passing']);
    expect(badge.label).toMatchObject({ text: 'build', fill: '#555' });
    expect(badge.message).toMatchObject({ text: 'passing', fill: '#2e7d32' });
    expect(badge.label!.width + badge.message.width).toBe(badge.width);
  });

  it('grows with its text', () => {
    const widthOf = (message: string) =>
      view(renderBadgeSvg({ label: 'review', message, color: '#2e7d32' }))
        .width;

    expect(widthOf('ok')).toBeLessThan(widthOf('granted'));
    expect(widthOf('granted')).toBeLessThan(widthOf('granted on 2026-11-23'));
    expect(widthOf('iiii')).toBeLessThan(widthOf('WWWW'));
  });

  it('shows hostile text only as text', () => {
    const label = '<script>alert(1)</script>';
    const message = `"x" & 'y' <img src=x onerror=alert(1)> ]]> <![CDATA[z]]>`;
    const svgText = renderBadgeSvg({ label, message, color: '#c62828' });
    const badge = view(svgText);

    expect(svgText).not.toContain('<script');
    expect(svgText).not.toContain('<img');
    expect(svgText).not.toContain(']]>');
    expect(svgText).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(badge.doc.getElementsByTagName('script')).toHaveLength(0);
    expect(badge.doc.getElementsByTagName('img')).toHaveLength(0);
    expect(badge.label?.text).toBe(label);
    expect(badge.message.text).toBe(message);
    expect(badge.title).toBe(`${label}: ${message}`);
    expect(badge.ariaLabel).toBe(`${label}: ${message}`);
    // Nothing but the text differs from a badge with harmless text.
    expect(shape(svgText)).toEqual(
      shape(renderBadgeSvg({ label: 'a', message: 'b', color: '#c62828' })),
    );
  });

  it('does not let the colour break out of its attribute', () => {
    const badge = view(
      renderBadgeSvg({
        label: 'a',
        message: 'b',
        color: '#fff" onload="alert(1)',
      }),
    );

    expect(badge.message.fill).toBe('#757575');
    expect(badge.doc.querySelectorAll('[onload]')).toHaveLength(0);
  });

  it('uses a hex colour as given and grey for anything else', () => {
    const fillFor = (color: string) =>
      view(renderBadgeSvg({ label: 'a', message: 'b', color })).message.fill;

    expect(fillFor('#2E7D32')).toBe('#2e7d32');
    expect(fillFor('#c00')).toBe('#c00');
    for (const color of [
      'red',
      'brightgreen',
      '2e7d32',
      'rgb(255, 0, 0)',
      'url(#evil)',
      '#12345',
      '',
    ]) {
      expect(fillFor(color)).toBe('#757575');
    }
  });

  it('uses dark text on a light colour', () => {
    const badge = view(
      renderBadgeSvg({ label: 'a', message: 'b', color: '#ffeb3b' }),
    );

    expect(badge.label?.textFill).toBe('#fff');
    expect(badge.message.textFill).toBe('#333');
  });

  it('removes control characters and reversing marks', () => {
    const badge = view(
      renderBadgeSvg({
        label: 'line one\nline\ttwo',
        message: 'pass\u0000ed\u0007\u001b \u202edeifirev\u2066x\u2069',
        color: '#2e7d32',
      }),
    );

    expect(badge.label?.text).toBe('line one line two');
    expect(badge.message.text).toBe('passed deifirevx');
    expect(badge.title).toBe('line one line two: passed deifirevx');
  });

  it('removes lone surrogates, which are not valid XML', () => {
    const badge = view(
      renderBadgeSvg({
        label: 'a\ud800b',
        message: 'c\udfffd\ufffe',
        color: '#2e7d32',
      }),
    );

    expect(badge.title).toBe('ab: cd');
  });

  it('cuts text longer than 64 characters with an ellipsis', () => {
    const long = 'a'.repeat(100);
    const badge = view(
      renderBadgeSvg({ label: long, message: long, color: '#2e7d32' }),
    );

    expect(badge.label?.text).toBe(`${'a'.repeat(63)}…`);
    expect(badge.message.text).toBe(`${'a'.repeat(63)}…`);
    expect(badge.title).toBe(`${'a'.repeat(63)}…: ${'a'.repeat(63)}…`);

    const exact = 'b'.repeat(64);
    expect(
      view(renderBadgeSvg({ label: 'x', message: exact, color: '#2e7d32' }))
        .message.text,
    ).toBe(exact);

    const emoji = '🔒'.repeat(70);
    const cut = view(
      renderBadgeSvg({ label: 'x', message: emoji, color: '#2e7d32' }),
    );
    expect(cut.message.text).toBe(`${'🔒'.repeat(63)}…`);
  });

  it('renders message-only when the label is empty', () => {
    const badge = view(
      renderBadgeSvg({ label: ' ', message: 'granted', color: '#2e7d32' }),
    );

    expect(badge.parts).toHaveLength(1);
    expect(badge.texts).toEqual(['granted']);
    expect(badge.message).toMatchObject({
      width: badge.width,
      text: 'granted',
      fill: '#2e7d32',
    });
    expect(badge.title).toBe('granted');
    expect(badge.ariaLabel).toBe('granted');
  });

  it('gives badges with different text different clip-path ids', () => {
    const ids = ['granted', 'pending'].map(message => {
      const { svg } = view(
        renderBadgeSvg({ label: 'a', message, color: '#2e7d32' }),
      );
      const clipId = svg.querySelector('clipPath')?.getAttribute('id');
      expect(svg.querySelector('g[clip-path]')?.getAttribute('clip-path')).toBe(
        `url(#${clipId})`,
      );
      return clipId;
    });

    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('renderApprovalBadgeSvg', () => {
  it.each(Object.entries(BADGE_STATE_COLORS) as [BadgeState, string][])(
    'shows the security review as %s in %s',
    (state, color) => {
      const badge = view(renderApprovalBadgeSvg('security-review', state));

      expect(badge.title).toBe(`Security review: ${state}`);
      expect(badge.label?.text).toBe('Security review');
      expect(badge.message).toMatchObject({ text: state, fill: color });
    },
  );

  it('uses the colours of the design', () => {
    expect(BADGE_STATE_COLORS).toEqual({
      granted: '#2e7d32',
      pending: '#757575',
      stale: '#b26a00',
      expired: '#ad5700',
      revoked: '#c62828',
    });
  });

  it('labels every badge with its title', () => {
    expect(
      view(renderApprovalBadgeSvg('compliance-review', 'stale')).title,
    ).toBe('Compliance review: stale');
    expect(
      view(renderApprovalBadgeSvg('executive-signoff', 'pending')).title,
    ).toBe('Executive sign-off: pending');
    expect(
      view(renderApprovalBadgeSvg('production-readiness', 'expired')).title,
    ).toBe('Production readiness: expired');
  });

  it('says "not required", in grey, for a badge the tier does not need', () => {
    const badge = view(
      renderApprovalBadgeSvg('executive-signoff', 'pending', {
        required: false,
      }),
    );

    expect(badge.title).toBe('Executive sign-off: not required');
    expect(badge.message).toMatchObject({
      text: 'not required',
      fill: '#757575',
    });
  });

  it('still shows a granted badge as granted when it is not required', () => {
    const badge = view(
      renderApprovalBadgeSvg('executive-signoff', 'granted', {
        required: false,
      }),
    );

    expect(badge.message).toMatchObject({ text: 'granted', fill: '#2e7d32' });
  });
});

describe('renderOverallBadgeSvg', () => {
  const status = (overrides: Partial<AppStatusInput>) =>
    appStatus({
      tier: 'high',
      lifecycle: 'production',
      badges: [],
      killSwitchEngaged: false,
      ...overrides,
    });
  const all = (state: BadgeState) => BADGE_IDS.map(badge => ({ badge, state }));

  it.each([
    [
      'Approved for production · 4/4 signed off',
      '#2e7d32',
      status({ badges: all('granted') }),
    ],
    [
      'Running without required approvals · 0/4 signed off',
      '#b26a00',
      status({}),
    ],
    [
      'Disabled (kill switch) · 4/4 signed off',
      '#c62828',
      status({ badges: all('granted'), killSwitchEngaged: true }),
    ],
    ['In review · 0/2 signed off', '#1565c0', status({ lifecycle: 'sandbox' })],
    ['Decommissioned', '#1565c0', status({ lifecycle: 'decommissioned' })],
  ])('shows "%s" in %s', (message, color, appState) => {
    const badge = view(
      renderOverallBadgeSvg({ tier: 'high', score: 65, status: appState }),
    );

    expect(badge.label?.text).toBe('Trellis · high risk 65');
    expect(badge.message).toMatchObject({ text: message, fill: color });
    expect(badge.title).toBe(`Trellis · high risk 65: ${message}`);
  });

  it('rounds the score', () => {
    const badge = view(
      renderOverallBadgeSvg({
        tier: 'low',
        score: 12.6,
        status: status({ tier: 'low' }),
      }),
    );

    expect(badge.label?.text).toBe('Trellis · low risk 13');
  });
});
