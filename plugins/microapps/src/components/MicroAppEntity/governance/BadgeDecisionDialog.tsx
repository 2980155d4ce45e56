import { badgeTitle } from '@trellis/plugin-microapps-common';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  BadgeDetail,
  MicroAppDetail,
} from '@trellis/plugin-microapps-common';
import { microAppsApiRef } from '../../../api';
import { ReasonDialog } from '../shared/ReasonDialog';
import { SpecChangeList } from './SpecChangeList';
import { shortDigest } from '../shared/formatTimes';
import { useMicroAppEntity } from '../shared/useMicroAppEntity';
import { ManifestSummary } from './ManifestSummary';

export type BadgeDecision = 'grant' | 'revoke' | 'request-changes';

const TITLES: Record<BadgeDecision, (badge: string, app: string) => string> = {
  grant: (badge, app) => `Grant ${badge} to ${app}`,
  revoke: (badge, app) => `Revoke ${badge} of ${app}`,
  'request-changes': (badge, app) =>
    `Request changes to ${app} before ${badge}`,
};
const CONFIRM: Record<BadgeDecision, string> = {
  grant: 'Grant',
  revoke: 'Revoke',
  'request-changes': 'Request changes',
};

/**
 * Grants, revokes or requests changes to one badge after asking for the comment the audit log
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
  /** The app's risk now, shown with the manifest a grant signs off. */
  risk: MicroAppDetail['risk'];
  onClose(): void;
  /** Called after the backend accepted the decision. */
  onDone(): void;
}) {
  const { open, decision, badge, entityRef, appTitle, digest, risk } = props;
  const { onClose, onDone } = props;
  const api = useApi(microAppsApiRef);
  const title = badgeTitle(badge.badge);

  const submit = async (comment: string) => {
    if (decision === 'grant') {
      await api.grantBadge(entityRef, badge.badge, comment);
    } else if (decision === 'request-changes') {
      await api.requestBadgeChanges(entityRef, badge.badge, comment);
    } else {
      await api.revokeBadge(entityRef, badge.badge, comment);
    }
    onDone();
  };

  return (
    <ReasonDialog
      open={open}
      title={TITLES[decision](title, appTitle)}
      fieldLabel="Comment"
      fieldHelp="Goes to the audit log and to the app's owners."
      requiredMessage={
        decision === 'request-changes'
          ? 'A comment is required: tell the owners what to change.'
          : `A comment is required: say why you ${decision} this badge.`
      }
      confirmLabel={CONFIRM[decision]}
      destructive={decision === 'revoke'}
      onSubmit={submit}
      onClose={onClose}
    >
      <DecisionExplanation
        decision={decision}
        badge={badge}
        title={title}
        digest={digest}
        risk={risk}
      />
    </ReasonDialog>
  );
}

/** What the decision does, and for a grant what the steward signs off. */
function DecisionExplanation(props: {
  decision: BadgeDecision;
  badge: BadgeDetail;
  title: string;
  digest: string;
  risk: MicroAppDetail['risk'];
}) {
  const { decision, badge, title, digest, risk } = props;
  const spec = useMicroAppEntity()?.entity.spec;
  return (
    <>
      {decision === 'request-changes' && (
        <Typography variant="body2">
          The badge stays ungranted. The owners are told what you ask for, and
          the badge shows your request until the manifest changes or a steward
          grants it.
        </Typography>
      )}
      {decision === 'grant' && (
        <>
          <Typography variant="body2" gutterBottom>
            You sign off the manifest as it is now (digest{' '}
            <code>{shortDigest(digest)}</code>). The approval lapses when the
            manifest changes materially or when it expires.
          </Typography>
          {spec && <ManifestSummary spec={spec} risk={risk} />}
          {badge.state === 'stale' && badge.changes?.length ? (
            <>
              <Typography variant="subtitle2">
                Changed since the last review
              </Typography>
              <SpecChangeList changes={badge.changes} />
            </>
          ) : null}
        </>
      )}
      {decision === 'revoke' && (
        <Typography variant="body2">
          The approval is withdrawn at once. Promotion gates that need {title}{' '}
          refuse the app until someone grants it again.
        </Typography>
      )}
    </>
  );
}
