import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { microAppsApiRef } from '../../api';
import { formatMonth, recentMonths, todayUtc } from './costPeriods';

/** Months offered: this one and the twelve before it. */
const MONTHS = 13;

/** The statement's file name: `trellis-chargeback-2026-10.csv`. */
export const chargebackFileName = (month: string) =>
  `trellis-chargeback-${month}.csv`;

/** Data rows of a CSV text (records after the header; quoted line breaks kept inside). */
export function countCsvRows(csv: string): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let index = 0; index < csv.length; index++) {
    const char = csv[index];
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      if (content) records++;
      content = false;
    } else if (char !== '\r') {
      content = true;
    }
  }
  if (content) records++;
  return Math.max(0, records - 1);
}

/** Hands text to the browser as a file download through a Blob link. */
export function saveTextFile(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Give the browser a moment to start the download before letting go.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0, 1),
  },
  month: {
    minWidth: 200,
  },
  status: {
    marginTop: theme.spacing(1),
  },
}));

type Status =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; month: string; rows: number }
  | { state: 'failed'; message: string };

/**
 * The monthly chargeback statement as a CSV download: one row per cost
 * center, team and app with requests, tokens and cost in USD.
 */
export function ChargebackDownload() {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const months = useMemo(() => recentMonths(MONTHS, todayUtc()), []);
  // Finance closes the month that ended; the running month comes second.
  const [month, setMonth] = useState(months[1]);
  const [status, setStatus] = useState<Status>({ state: 'idle' });

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

  return (
    <InfoCard
      title="Chargeback statement"
      subheader="CSV per cost center, team and app, for finance"
    >
      <Typography variant="body2" color="textSecondary">
        Columns: month, cost center, team, app, requests, input and output
        tokens, cost in USD. Months are UTC calendar months.
      </Typography>
      <div className={classes.form}>
        <FormControl className={classes.month}>
          <InputLabel id="microapps-chargeback-month-label">Month</InputLabel>
          <Select
            labelId="microapps-chargeback-month-label"
            SelectDisplayProps={{ id: 'microapps-chargeback-month' } as {}}
            value={month}
            onChange={event => {
              setMonth(event.target.value as string);
              setStatus({ state: 'idle' });
            }}
          >
            {months.map((value, index) => (
              <MenuItem key={value} value={value}>
                {formatMonth(value)}
                {index === 0 ? ' (so far)' : ''}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Button
          variant="contained"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={download}
          disabled={status.state === 'loading'}
        >
          {status.state === 'loading' ? 'Preparing…' : 'Download CSV'}
        </Button>
      </div>
      <div role="status" className={classes.status}>
        {status.state === 'done' && (
          <Typography variant="body2" color="textSecondary">
            {status.rows === 0
              ? `Saved ${chargebackFileName(
                  status.month,
                )}: no usage was reported in ${formatMonth(
                  status.month,
                )}, so it holds only the header.`
              : `Saved ${chargebackFileName(status.month)}: ${status.rows} ${
                  status.rows === 1 ? 'row' : 'rows'
                }.`}
          </Typography>
        )}
        {status.state === 'failed' && (
          <Alert severity="error">
            The statement could not be downloaded: {status.message}
          </Alert>
        )}
      </div>
    </InfoCard>
  );
}
