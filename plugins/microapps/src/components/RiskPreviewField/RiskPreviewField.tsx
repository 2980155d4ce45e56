import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ScaffolderField } from '@backstage/plugin-scaffolder-react/alpha';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { RiskInput } from '@trellis/plugin-microapps-common';
import { useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { microAppsApiRef } from '../../api';
import { RiskTierChip } from '../RiskTierChip';
import { RiskPreviewBreakdown, tierConsequence } from './RiskPreviewBreakdown';
import {
  MISSING_ANSWER_LABELS,
  riskInputFromForm,
  schemaDefaults,
  type RiskPreviewUiOptions,
} from './riskInputFromForm';

/** How long typing must pause before the answers are scored again. */
export const RISK_PREVIEW_DEBOUNCE_MS = 400;

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
  const api = useApi(microAppsApiRef);
  const options: RiskPreviewUiOptions = uiSchema?.['ui:options'] ?? {};

  // The scaffolder hands every step's answers over in formContext.formData;
  // the current step's defaults only join them once the step is edited, so
  // they come from the step's schema until then.
  const answers = {
    ...schemaDefaults(props.registry?.rootSchema),
    ...formContext?.formData,
  };
  const input = riskInputFromForm(answers, options);
  const inputKey = JSON.stringify(input.spec ?? null);

  // Score the first answers at once, later changes once typing pauses.
  const [scoredKey, setScoredKey] = useState(inputKey);
  useDebounce(() => setScoredKey(inputKey), RISK_PREVIEW_DEBOUNCE_MS, [
    inputKey,
  ]);
  const {
    value: result,
    loading,
    error,
  } = useAsync(async () => {
    const spec = JSON.parse(scoredKey) as RiskInput | null;
    return spec ? api.evaluateRisk(spec) : undefined;
  }, [api, scoredKey]);
  const pending = loading || scoredKey !== inputKey;

  // The field's own value is the computed tier, so that it shows on the
  // review step and reaches the template as `parameters.<field>`.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const computedTier = input.spec && !error ? result?.tier : undefined;
  useEffect(() => {
    if (pending || computedTier === currentTier) return;
    onChangeRef.current(computedTier);
  }, [pending, computedTier, currentTier]);

  const titleId = `${idSchema?.$id ?? 'risk-preview'}-title`;
  const title = uiSchema?.['ui:title'] ?? schema?.title ?? 'Risk preview';
  const description = uiSchema?.['ui:description'] ?? schema?.description;

  let body: JSX.Element;
  if (!input.spec) {
    body = (
      <Typography variant="body2" className={classes.hint}>
        Answer {sentenceList(input.missing.map(m => MISSING_ANSWER_LABELS[m]))}{' '}
        to see the risk score.
      </Typography>
    );
  } else if (error) {
    body = (
      <Alert severity="warning" className={classes.hint}>
        The risk score could not be computed: {error.message}
      </Alert>
    );
  } else if (!result) {
    body = (
      <Typography variant="body2" className={classes.hint}>
        Scoring your answers…
      </Typography>
    );
  } else {
    body = (
      <>
        <Typography variant="body2" className={classes.consequence}>
          {tierConsequence(result)}
        </Typography>
        <RiskPreviewBreakdown result={result} />
      </>
    );
  }

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
        {body}
      </Paper>
    </ScaffolderField>
  );
}
