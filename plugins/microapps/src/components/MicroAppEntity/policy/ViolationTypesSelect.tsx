import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  VIOLATION_TYPES,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { VIOLATION_TYPE_TITLES } from '../shared/displayNames';

/** Several violation types picked from a menu; none picked means all. */
export function ViolationTypesSelect(props: {
  id: string;
  className: string;
  value: ViolationType[];
  onChange(types: ViolationType[]): void;
}) {
  const { id, className, value, onChange } = props;
  return (
    <TextField
      id={id}
      select
      className={className}
      label="Types"
      value={value}
      onChange={event =>
        onChange(
          // Kept in the order of VIOLATION_TYPES, whatever order they were picked in.
          VIOLATION_TYPES.filter(type =>
            (event.target.value as unknown as string[]).includes(type),
          ),
        )
      }
      InputLabelProps={{ shrink: true }}
      SelectProps={{
        multiple: true,
        displayEmpty: true,
        renderValue: selected =>
          (selected as ViolationType[]).length
            ? (selected as ViolationType[])
                .map(type => VIOLATION_TYPE_TITLES[type])
                .join(', ')
            : 'All types',
      }}
    >
      {VIOLATION_TYPES.map(type => (
        <MenuItem key={type} value={type} dense>
          <Checkbox
            size="small"
            checked={value.includes(type)}
            color="primary"
          />
          <ListItemText primary={VIOLATION_TYPE_TITLES[type]} />
        </MenuItem>
      ))}
    </TextField>
  );
}
