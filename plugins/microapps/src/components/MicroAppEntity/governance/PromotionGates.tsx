import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import {
  GATED_STAGES,
  type Gate,
  type GatedStage,
  type LifecycleStage,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { STAGE_TITLES } from '../shared/displayNames';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(260px, 100%), 1fr))',
    gap: theme.spacing(2),
  },
  gate: {
    padding: theme.spacing(2),
    borderLeft: `4px solid ${theme.palette.divider}`,
  },
  allowed: {
    borderLeftColor: theme.palette.success.main,
  },
  blocked: {
    borderLeftColor: theme.palette.error.main,
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  okIcon: { color: theme.palette.success.main },
  blockedIcon: { color: theme.palette.error.main },
  list: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
  muted: { color: theme.palette.text.secondary },
}));

function GateCard(props: { gate: Gate; current: boolean }) {
  const { gate, current } = props;
  const classes = useStyles();
  const title = STAGE_TITLES[gate.stage];
  return (
    <Paper
      variant="outlined"
      className={`${classes.gate} ${
        gate.allowed ? classes.allowed : classes.blocked
      }`}
      component="section"
      aria-label={`${title} gate`}
    >
      <div className={classes.head}>
        {gate.allowed ? (
          <CheckCircleIcon className={classes.okIcon} aria-hidden />
        ) : (
          <BlockIcon className={classes.blockedIcon} aria-hidden />
        )}
        <Typography variant="h6" component="h3">
          {title}: {gate.allowed ? 'allowed' : 'blocked'}
        </Typography>
      </div>
      {current && (
        <Typography variant="caption" component="p" className={classes.muted}>
          The app runs in {gate.stage} now.
        </Typography>
      )}
      {gate.allowed ? (
        <Typography variant="body2">
          Every badge {gate.stage} needs is granted; pipelines asking the gate
          may promote the app.
        </Typography>
      ) : (
        <>
          {gate.missing.length > 0 && (
            <Typography variant="body2">
              Missing: {gate.missing.map(badgeTitle).join(', ')}
            </Typography>
          )}
          <ul
            className={classes.list}
            aria-label={`Why ${gate.stage} is blocked`}
          >
            {gate.reasons.map(reason => (
              <li key={reason}>
                <Typography variant="body2">{reason}</Typography>
              </li>
            ))}
          </ul>
        </>
      )}
    </Paper>
  );
}

/** Whether pipelines may promote the app to canary and to production, and what is missing. */
export function PromotionGates(props: {
  gates: Record<GatedStage, Gate>;
  lifecycle: LifecycleStage;
}) {
  const classes = useStyles();
  return (
    <div className={classes.grid}>
      {GATED_STAGES.map(stage => (
        <GateCard
          key={stage}
          gate={props.gates[stage]}
          current={props.lifecycle === stage}
        />
      ))}
    </div>
  );
}
