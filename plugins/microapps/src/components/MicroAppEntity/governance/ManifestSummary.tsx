import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import type {
  MicroAppDetail,
  MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { PII_TITLES, REACH_TITLES, capitalize } from '../shared/displayNames';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0, 2),
  },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

/**
 * What a steward signs off, in one glance: the tier and the manifest fields
 * that drive it (data, personal data, reach, models, connectors).
 */
export function ManifestSummary(props: {
  spec: MicroAppEntity['spec'];
  risk: MicroAppDetail['risk'];
}) {
  const { spec, risk } = props;
  const classes = useStyles();
  const connectors = spec.connectors ?? [];
  const rows: Array<[string, string]> = [
    ['Risk', `${capitalize(risk.tier)} (score ${risk.score})`],
    ['Data', spec.data.classifications.map(capitalize).join(', ')],
    ['Personal data', PII_TITLES[spec.data.pii]],
    ['Reach', REACH_TITLES[spec.reach]],
    ['Models', spec.models.join(', ') || 'none'],
    [
      'Connectors',
      connectors.length
        ? connectors.map(c => `${c.name} (${c.access})`).join(', ')
        : 'none',
    ],
  ];
  return (
    <>
      <Typography variant="subtitle2">The manifest you sign off</Typography>
      <dl className={classes.list} aria-label="Manifest summary">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <Typography component="dt" variant="body2" className={classes.term}>
              {term}
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              className={classes.value}
            >
              {value}
            </Typography>
          </Fragment>
        ))}
      </dl>
    </>
  );
}
