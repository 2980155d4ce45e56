import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ScaffolderField } from '@backstage/plugin-scaffolder-react/alpha';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RiskTierChip } from '../RiskTierChip';
import { RiskPreviewBody } from './RiskPreviewBody';
import {
  riskInputFromForm,
  schemaDefaults,
  type RiskPreviewUiOptions,
} from './riskInputFromForm';
import { useRiskPreview } from './useRiskPreview';

export { RISK_PREVIEW_DEBOUNCE_MS } from './useRiskPreview';

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    padding: theme.spacing(2),
    marginBottom: theme.spacing(1),
    overflow: 'hidden',
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1, 2),
  },
  progress: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: 2,
  },
}));

/** Props of {@link RiskPreviewField}. @public */
export type RiskPreviewFieldProps = FieldExtensionComponentProps<
  string,
  RiskPreviewUiOptions
>;

/**
 * Scaffolder field `MicroAppRiskPreview`: shows the risk score and tier that
 * the answers given so far earn a MicroApp, the factor breakdown and the
 * changes that would lower it. It reads the other answers from
 * `formContext.formData` (every step's answers), asks the backend to score
 * them once typing pauses, and keeps the computed tier as its own value.
 *
 * @public
 */
export function RiskPreviewField(props: RiskPreviewFieldProps) {
  const {
    formContext,
    uiSchema,
    schema,
    formData: currentTier,
    onChange,
    rawErrors,
    required,
    disabled,
    idSchema,
  } = props;
  const classes = useStyles();
  const options: RiskPreviewUiOptions = uiSchema?.['ui:options'] ?? {};

  // The scaffolder hands every step's answers over in formContext.formData;
  // the current step's defaults only join them once the step is edited, so
  // they come from the step's schema until then.
  const answers = {
    ...schemaDefaults(props.registry?.rootSchema),
    ...formContext?.formData,
  };
  const input = riskInputFromForm(answers, options);
  const { result, error, pending } = useRiskPreview(input, {
    value: currentTier,
    onChange,
  });

  const titleId = `${idSchema?.$id ?? 'risk-preview'}-title`;
  const title = uiSchema?.['ui:title'] ?? schema?.title ?? 'Risk preview';
  const description = uiSchema?.['ui:description'] ?? schema?.description;

  return (
    <ScaffolderField
      rawErrors={rawErrors}
      rawDescription={description}
      required={required}
      disabled={disabled}
    >
      <Paper
        variant="outlined"
        component="section"
        className={classes.root}
        aria-labelledby={titleId}
        aria-busy={pending}
      >
        {pending && input.spec && (
          <LinearProgress className={classes.progress} aria-hidden />
        )}
        <div className={classes.header}>
          <Typography variant="h6" component="h3" id={titleId}>
            {title}
          </Typography>
          <div aria-live="polite" aria-atomic>
            {result && input.spec && !error && (
              <RiskTierChip
                tier={result.tier}
                score={result.score}
                size="medium"
              />
            )}
          </div>
        </div>
        <RiskPreviewBody input={input} result={result} error={error} />
      </Paper>
    </ScaffolderField>
  );
}
