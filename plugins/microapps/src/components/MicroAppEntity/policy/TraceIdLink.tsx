import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core/styles';

/** The config key of the trace viewer's URL template. */
export const TRACE_VIEWER_CONFIG_KEY = 'microapps.traceViewerUrlTemplate';

const useStyles = makeStyles({
  id: {
    fontFamily: 'monospace',
    fontSize: '0.85em',
    whiteSpace: 'nowrap',
  },
});

/**
 * The trace viewer's address of a trace: `{traceId}` (and `{spanId}`, when
 * the template has it) replaced. Undefined without a template that names
 * `{traceId}`.
 */
export function traceViewerUrl(
  template: string | undefined,
  traceId: string,
  spanId?: string,
): string | undefined {
  if (!template || !template.includes('{traceId}')) return undefined;
  return template
    .split('{traceId}')
    .join(encodeURIComponent(traceId))
    .split('{spanId}')
    .join(encodeURIComponent(spanId ?? ''));
}

/** Hex characters of a trace id shown in a table; the full id is its title. */
const SHOWN_CHARACTERS = 8;

/** The start of a trace id, as trace viewers abbreviate it: `4bf92f35…`. */
export function shortTraceId(traceId: string): string {
  return traceId.length > SHOWN_CHARACTERS
    ? `${traceId.slice(0, SHOWN_CHARACTERS)}…`
    : traceId;
}

/**
 * A trace id, abbreviated on one line with the full id as its title, linked to the trace viewer configured under
 * `microapps.traceViewerUrlTemplate` (e.g.
 * `https://jaeger.example.com/trace/{traceId}`); plain monospace text when
 * none is configured.
 */
export function TraceIdLink(props: { traceId: string; spanId?: string }) {
  const classes = useStyles();
  const config = useApi(configApiRef);
  const url = traceViewerUrl(
    config.getOptionalString(TRACE_VIEWER_CONFIG_KEY),
    props.traceId,
    props.spanId,
  );
  const id = (
    <span className={classes.id} title={props.traceId}>
      {shortTraceId(props.traceId)}
    </span>
  );
  if (!url) return id;
  return (
    // The name starts with the text shown, as speech input users say it.
    <Link
      to={url}
      externalLinkIcon
      aria-label={`${shortTraceId(props.traceId)} open trace ${props.traceId}`}
    >
      {id}
    </Link>
  );
}
