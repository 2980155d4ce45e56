import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { chargebackFileName } from './chargebackFile';
import { formatMonth } from './costPeriods';
import type { ChargebackStatus } from './useChargebackDownload';

/** What became of the last download: the saved file, or why it failed. */
export function ChargebackStatusMessage(props: { status: ChargebackStatus }) {
  const { status } = props;
  return (
    <>
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
    </>
  );
}
