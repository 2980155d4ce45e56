import { badgeTitle } from '@trellis/plugin-microapps-common';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { BadgeDetail } from '@trellis/plugin-microapps-common';
import { microAppsApiRef } from '../../../api';
import { ReasonDialog } from '../shared/ReasonDialog';
import { SpecChangeList } from './SpecChangeList';
import { shortDigest } from '../shared/formatTimes';

export type BadgeDecision = 'grant' | 'revoke';

/**
 * Grants or revokes one badge after asking for the comment the audit log
 * keeps. The backend decides; its refusal shows in the dialog.
 */
export function BadgeDecisionDialog(props: {
  open: boolean;
  decision: BadgeDecision;
  badge: BadgeDetail;
  entityRef: string;
  appTitle: string;
  /** The manifest digest a grant is bound to. */
  digest: string;
  onClose(): void;
  /** Called after the backend accepted the decision. */
  onDone(): void;
}) {
  const { open, decision, badge, entityRef, appTitle, digest } = props;
  const { onClose, onDone } = props;
  const api = useApi(microAppsApiRef);
  const title = badgeTitle(badge.badge);

  const submit = async (comment: string) => {
    if (decision === 'grant') {
      await api.grantBadge(entityRef, badge.badge, comment);
    } else {
      await api.revokeBadge(entityRef, badge.badge, comment);
    }
    onDone();
  };

  return (
    <ReasonDialog
      open={open}
      title={
        decision === 'grant'
          ? `Grant ${title} to ${appTitle}`
          : `Revoke ${title} of ${appTitle}`
      }
      fieldLabel="Comment"
      fieldHelp="Goes to the audit log and to the app's owners."
      requiredMessage={`A comment is required: say why you ${decision} this badge.`}
      confirmLabel={decision === 'grant' ? 'Grant' : 'Revoke'}
      destructive={decision === 'revoke'}
      onSubmit={submit}
      onClose={onClose}
    >
      {decision === 'grant' ? (
        <>
          <Typography variant="body2" gutterBottom>
            You sign off the manifest as it is now (digest{' '}
            <code>{shortDigest(digest)}</code>). The approval lapses when the
            manifest changes materially or when it expires.
          </Typography>
          {badge.state === 'stale' && badge.changes?.length ? (
            <>
              <Typography variant="subtitle2">
                Changed since the last review
              </Typography>
              <SpecChangeList changes={badge.changes} />
            </>
          ) : null}
        </>
      ) : (
        <Typography variant="body2">
          The approval is withdrawn at once. Promotion gates that need {title}{' '}
          refuse the app until someone grants it again.
        </Typography>
      )}
    </ReasonDialog>
  );
}
