import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { baseUrl } from '../../__testUtils__/microAppsTestKit';
import {
  renderPage,
  server,
  serveReports,
  setupCostsPageTests,
  teamReport,
} from './__testUtils__/costsTestServer';

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () =>
  jest
    .requireActual('../../__testUtils__/fixedSizeRecharts')
    .fixedSizeRecharts(),
);

describe('CostsPage', () => {
  setupCostsPageTests();

  it('downloads the chargeback statement of the chosen month', async () => {
    serveReports({ team: teamReport });
    const months: string[] = [];
    const csv =
      'month,cost_center,team,app,app_title,requests,input_tokens,output_tokens,cost_usd\r\n' +
      '2026-09,CC-1,group:default/finance-ops,microapp:default/a,A,10,100,50,1.00\r\n' +
      '2026-09,CC-2,group:default/legal-ops,microapp:default/b,"B, the second",5,50,20,0.50\r\n';
    server.use(
      http.get(
        `${baseUrl}/api/microapps/costs/chargeback.csv`,
        ({ request }) => {
          months.push(new URL(request.url).searchParams.get('month')!);
          return HttpResponse.text(csv, {
            headers: { 'Content-Type': 'text/csv; charset=utf-8' },
          });
        },
      ),
    );
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:http://localhost/chargeback';
    });
    URL.revokeObjectURL = jest.fn();
    const saved: Array<{ download: string; href: string }> = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        saved.push({ download: this.download, href: this.href });
      });

    renderPage();
    await screen.findAllByRole('link', { name: 'finance-ops' });

    // The month that ended last is preselected; choose an older one.
    await userEvent.click(screen.getByRole('button', { name: /October 2026/ }));
    expect(
      screen.getByRole('option', { name: 'November 2026 (so far)' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('option', { name: 'September 2026' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText('Saved trellis-chargeback-2026-09.csv: 2 rows.'),
    ).toBeInTheDocument();
    expect(months).toEqual(['2026-09']);
    expect(saved).toEqual([
      {
        download: 'trellis-chargeback-2026-09.csv',
        href: 'blob:http://localhost/chargeback',
      },
    ]);
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0].text()).toBe(csv);
  });
});
