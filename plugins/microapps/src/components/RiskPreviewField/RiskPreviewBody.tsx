import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { RiskResult } from '@trellis/plugin-microapps-common';
import { RiskPreviewBreakdown, tierConsequence } from './RiskPreviewBreakdown';
import {
  MISSING_ANSWER_LABELS,
  type RiskInputFromForm,
} from './riskInputFromForm';

const useStyles = makeStyles(theme => ({
  consequence: {
    marginTop: theme.spacing(1),
  },
  hint: {
    marginTop: theme.spacing(1),
  },
}));

/** "a, b and c" */
function sentenceList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Props of {@link RiskPreviewBody}. */
export interface RiskPreviewBodyProps {
  input: RiskInputFromForm;
  result?: RiskResult;
  error?: Error;
}

/**
 * Under the preview's title: which answers are missing, why there is no
 * score, or what the tier means and the factor breakdown.
 */
export function RiskPreviewBody(props: RiskPreviewBodyProps) {
  const { input, result, error } = props;
  const classes = useStyles();
  if (!input.spec) {
    return (
      <Typography variant="body2" className={classes.hint}>
        Answer {sentenceList(input.missing.map(m => MISSING_ANSWER_LABELS[m]))}{' '}
        to see the risk score.
      </Typography>
    );
  }
  if (error) {
    return (
      <Alert severity="warning" className={classes.hint}>
        The risk score could not be computed: {error.message}
      </Alert>
    );
  }
  if (!result) {
    return (
      <Typography variant="body2" className={classes.hint}>
        Scoring your answers…
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" className={classes.consequence}>
        {tierConsequence(result)}
      </Typography>
      <RiskPreviewBreakdown result={result} />
    </>
  );
}
