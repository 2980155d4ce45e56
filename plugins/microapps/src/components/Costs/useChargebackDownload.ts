import { useApi } from '@backstage/core-plugin-api';
import { useMemo, useState } from 'react';
import { microAppsApiRef } from '../../api';
import {
  chargebackFileName,
  countCsvRows,
  saveTextFile,
} from './chargebackFile';
import { recentMonths, todayUtc } from './costPeriods';

/** Months offered: this one and the twelve before it. */
const MONTHS = 13;

export type ChargebackStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; month: string; rows: number }
  | { state: 'failed'; message: string };

/**
 * The month to download and the download itself: fetches the month's
 * statement, saves it as a CSV file and reports how it went.
 */
export function useChargebackDownload() {
  const api = useApi(microAppsApiRef);
  const months = useMemo(() => recentMonths(MONTHS, todayUtc()), []);
  // Finance closes the month that ended; the running month comes second.
  const [month, setMonth] = useState(months[1]);
  const [status, setStatus] = useState<ChargebackStatus>({ state: 'idle' });

  const selectMonth = (next: string) => {
    setMonth(next);
    setStatus({ state: 'idle' });
  };

  const download = async () => {
    setStatus({ state: 'loading' });
    try {
      const csv = await api.getChargebackCsv(month);
      saveTextFile(csv, chargebackFileName(month), 'text/csv;charset=utf-8');
      setStatus({ state: 'done', month, rows: countCsvRows(csv) });
    } catch (error) {
      setStatus({
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return { months, month, selectMonth, status, download };
}
