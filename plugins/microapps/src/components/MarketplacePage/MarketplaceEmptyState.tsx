import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

const EXAMPLE_MANIFEST = `apiVersion: trellis.dev/v1alpha1
kind: MicroApp
metadata:
  name: ticket-summarizer
  title: Ticket Summarizer
  description: Summarises long support tickets for agents.
spec:
  type: summarizer
  lifecycle: sandbox
  owner: group:default/customer-support
  version: 0.1.0
  costCenter: CC-5500-SUP
  reach: team
  data:
    classifications: [internal]
    pii: none
  models: [azure-gpt-4.1-mini]
  dependencies:
    risk: minimal
`;

/** Nothing matches the search text and filters. */
export function NoMatchesEmptyState(props: { onClearFilters(): void }) {
  return (
    <EmptyState
      missing="data"
      title="No micro-apps match these filters"
      description="Try fewer filters or other search words, or clear them to see every micro-app."
      action={
        <Button
          variant="contained"
          color="primary"
          onClick={props.onClearFilters}
        >
          Clear filters
        </Button>
      }
    />
  );
}

/** The page number in the URL is past the last page. */
export function PastLastPageEmptyState(props: { onFirstPage(): void }) {
  return (
    <EmptyState
      missing="data"
      title="This page is past the end of the results"
      description="The list has fewer pages than the link asked for."
      action={
        <Button variant="contained" color="primary" onClick={props.onFirstPage}>
          Go to the first page
        </Button>
      }
    />
  );
}

/** The catalog holds no MicroApp at all yet. */
export function NoMicroAppsEmptyState() {
  return (
    <EmptyState
      missing="content"
      title="No micro-apps registered yet"
      description={
        <>
          A micro-app shows up here once its manifest, a catalog entity of kind
          MicroApp, is in the software catalog. Put a file like the one below
          next to the app's code (for example as catalog-info.yaml) and register
          it: add its URL as a catalog location in app-config, or use the
          catalog's import page if your portal has one. Building a new one?
          Start from a MicroApp template on the portal's Create page: it writes
          the manifest for you and previews the risk score as you fill it in.
          Trellis scores each app as soon as the catalog has processed it.
        </>
      }
      action={
        <>
          <Typography variant="subtitle2" component="p" gutterBottom>
            Example MicroApp manifest
          </Typography>
          <CodeSnippet
            language="yaml"
            text={EXAMPLE_MANIFEST}
            showCopyCodeButton
          />
        </>
      }
    />
  );
}
