import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CostGroupBy } from '@trellis/plugin-microapps-common';
import { daysBetween, formatPeriod, lastDays } from './costPeriods';
import type { CostsViewState } from './costsSearchParams';
import { PeriodPicker } from './PeriodPicker';
import { TeamScopeSelect } from './TeamScopeSelect';
import type { SetCostsViewState } from './useCostsViewState';

const GROUP_BY_TABS: { value: CostGroupBy; label: string }[] = [
  { value: 'team', label: 'Team' },
  { value: 'costCenter', label: 'Cost center' },
  { value: 'model', label: 'Model' },
  { value: 'app', label: 'App' },
];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(0, 2),
  },
  tabs: {
    minHeight: 48,
  },
  period: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
  },
  dateField: {
    width: 160,
  },
  periodText: {
    color: theme.palette.text.secondary,
  },
}));

export interface CostsToolbarProps {
  state: CostsViewState;
  setState: SetCostsViewState;
  /** Why the custom period cannot be asked for; marks its fields invalid. */
  problem?: string;
}

/** From and To of a custom period; typing replaces the history entry. */
function CustomPeriodFields(props: CostsToolbarProps) {
  const { state, setState, problem } = props;
  const classes = useStyles();
  return (
    <>
      <TextField
        className={classes.dateField}
        id="microapps-costs-from"
        label="From"
        type="date"
        size="small"
        value={state.from}
        onChange={event =>
          setState({ ...state, from: event.target.value }, { replace: true })
        }
        InputLabelProps={{ shrink: true }}
        error={Boolean(problem)}
      />
      <TextField
        className={classes.dateField}
        id="microapps-costs-to"
        label="To"
        type="date"
        size="small"
        value={state.to}
        onChange={event =>
          setState({ ...state, to: event.target.value }, { replace: true })
        }
        InputLabelProps={{ shrink: true }}
        error={Boolean(problem)}
      />
    </>
  );
}

/** The period picker, with the custom period's days or the preset's dates. */
function PeriodControls(props: CostsToolbarProps) {
  const { state, setState } = props;
  const classes = useStyles();
  return (
    <div className={classes.period}>
      <PeriodPicker
        allowCustom
        value={state.period}
        onChange={period =>
          setState(
            period === 'custom'
              ? { ...state, period }
              : { ...state, period, ...lastDays(period) },
          )
        }
      />
      {state.period === 'custom' ? (
        <CustomPeriodFields {...props} />
      ) : (
        <Typography variant="body2" className={classes.periodText}>
          {formatPeriod(state)} · {daysBetween(state.from, state.to)} UTC days
        </Typography>
      )}
    </div>
  );
}

/** What the cost page groups by, whose apps it counts, and over which period. */
export function CostsToolbar(props: CostsToolbarProps) {
  const { state, setState } = props;
  const classes = useStyles();
  return (
    <Paper className={classes.toolbar}>
      <Tabs
        className={classes.tabs}
        value={state.groupBy}
        onChange={(_event, groupBy: CostGroupBy) =>
          setState({ ...state, groupBy })
        }
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Group cost by"
      >
        {GROUP_BY_TABS.map(tab => (
          <Tab key={tab.value} value={tab.value} label={tab.label} />
        ))}
      </Tabs>
      <div className={classes.period}>
        <TeamScopeSelect
          owner={state.owner}
          onChange={owner => setState({ ...state, owner })}
        />
        <PeriodControls {...props} />
      </div>
    </Paper>
  );
}
