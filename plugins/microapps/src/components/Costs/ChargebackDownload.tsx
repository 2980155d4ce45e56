import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { ChargebackStatusMessage } from './ChargebackStatusMessage';
import { formatMonth } from './costPeriods';
import { useChargebackDownload } from './useChargebackDownload';

export {
  chargebackFileName,
  countCsvRows,
  saveTextFile,
} from './chargebackFile';

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

/**
 * The monthly chargeback statement as a CSV download: one row per cost
 * center, team and app with requests, tokens and cost in USD.
 */
export function ChargebackDownload() {
  const classes = useStyles();
  const { months, month, selectMonth, status, download } =
    useChargebackDownload();

  return (
    <InfoCard
      title="Chargeback statement"
      subheader="CSV per cost center, team and app, for finance"
    >
      <Typography variant="body2" color="textSecondary">
        Columns: month, cost center, team, app, requests, input and output
        tokens, cost in USD. Months are UTC calendar months. The statement
        covers every team, whichever team the report above shows.
      </Typography>
      <div className={classes.form}>
        <FormControl className={classes.month}>
          <InputLabel id="microapps-chargeback-month-label">Month</InputLabel>
          <Select
            labelId="microapps-chargeback-month-label"
            SelectDisplayProps={{ id: 'microapps-chargeback-month' } as {}}
            value={month}
            onChange={event => selectMonth(event.target.value as string)}
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
        <ChargebackStatusMessage status={status} />
      </div>
    </InfoCard>
  );
}
