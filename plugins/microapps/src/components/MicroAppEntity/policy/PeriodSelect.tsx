import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { PERIODS, type Period } from './violationFilters';

/** The period of violations shown, in days ending today. */
export function PeriodSelect(props: {
  id: string;
  className: string;
  value: Period;
  onChange(days: Period): void;
}) {
  const { id, className, value, onChange } = props;
  return (
    <TextField
      id={id}
      select
      className={className}
      label="Period"
      value={value}
      onChange={event => onChange(Number(event.target.value) as Period)}
    >
      {PERIODS.map(days => (
        <MenuItem key={days} value={days}>
          Last {days} days
        </MenuItem>
      ))}
    </TextField>
  );
}
