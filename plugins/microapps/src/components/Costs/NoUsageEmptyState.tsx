import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';

/** The OTLP receiver's path under the backend. */
export const TRACES_PATH = '/api/microapps/v1/traces';

function exporterSettings(backendUrl: string) {
  return `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${backendUrl}${TRACES_PATH}
OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <external access token>"
OTEL_EXPORTER_OTLP_COMPRESSION=gzip`;
}

export interface NoUsageEmptyStateProps {
  /** "this micro-app" or "any micro-app". */
  subject?: string;
}

/**
 * Nothing has reported usage yet: says where micro-apps send their traces
 * and shows the OpenTelemetry exporter settings that do it.
 */
export function NoUsageEmptyState(props: NoUsageEmptyStateProps) {
  const configApi = useApi(configApiRef);
  const backendUrl =
    configApi.getOptionalString('backend.baseUrl') ??
    'https://backstage.example.com';
  return (
    <EmptyState
      missing="data"
      title="No usage reported yet"
      description={
        <>
          No usage reported yet{props.subject ? ` for ${props.subject}` : ''}.
          Micro-apps send OpenTelemetry traces to {TRACES_PATH}; see the README.
          Cost appears here once the first spans with gen_ai.* attributes
          arrive.
        </>
      }
      action={
        <>
          <Typography variant="subtitle2" component="p" gutterBottom>
            OpenTelemetry exporter settings of the micro-app
          </Typography>
          <CodeSnippet language="bash" text={exporterSettings(backendUrl)} />
        </>
      }
    />
  );
}
