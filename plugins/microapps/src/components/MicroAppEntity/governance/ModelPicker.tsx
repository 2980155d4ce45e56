import { useApi } from '@backstage/core-plugin-api';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../../api';

function describe(model: ModelCatalogEntry | undefined): string {
  if (!model) return 'Not in the model catalog: counts as unvetted';
  return `${model.hosting}-hosted · ${model.status} · ${model.provider}`;
}

/** Picks the models of a what-if spec from the organisation's model catalog. */
export function ModelPicker(props: {
  value: string[];
  onChange(models: string[]): void;
  className?: string;
}) {
  const { value, onChange } = props;
  const api = useApi(microAppsApiRef);
  const fieldId = useId();
  const catalog = useAsync(() => api.listModels(), [api]);
  const models = catalog.value ?? [];
  const unlisted = value.filter(id => !models.some(model => model.id === id));
  const options = [...models.map(model => model.id), ...unlisted];

  return (
    <TextField
      id={fieldId}
      select
      className={props.className}
      label="Models"
      value={value}
      onChange={event => onChange(event.target.value as unknown as string[])}
      SelectProps={{
        multiple: true,
        renderValue: selected =>
          (selected as string[]).length
            ? (selected as string[]).join(', ')
            : 'None',
        displayEmpty: true,
      }}
      InputLabelProps={{ shrink: true }}
      helperText={
        catalog.error
          ? `The model catalog could not be loaded: ${catalog.error.message}`
          : undefined
      }
      error={Boolean(catalog.error)}
    >
      {options.map(id => (
        <MenuItem key={id} value={id} dense>
          <ListItemText
            primary={id}
            secondary={describe(models.find(model => model.id === id))}
          />
        </MenuItem>
      ))}
    </TextField>
  );
}
