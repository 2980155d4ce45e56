import type { BadgeId } from '@trellis/plugin-microapps-common';

/**
 * One thing a named example user does through the REST API: a steward's
 * decision, or an app's owner reporting personal data findings that make an
 * enforcing example policy fire.
 */
export type GovernanceStep =
  | {
      action: 'grant' | 'revoke' | 'request-changes';
      app: string;
      badge: BadgeId;
      /** An example user (examples/org.yaml) in the badge's steward group. */
      steward: string;
      comment: string;
    }
  | {
      action: 'kill-switch';
      app: string;
      steward: string;
      reason: string;
    }
  | {
      /**
       * The app's team changes its manifest after a review: the catalog
       * delivers examples/manifest-changes/<app>.yaml in place of the
       * reviewed manifest, and the owner asks the catalog to read the app
       * again. The app's grants go stale.
       */
      action: 'change-manifest';
      app: string;
      /** An example user in the app's owning group. */
      owner: string;
    }
  | {
      /**
       * The owner creates an ingest key and sends one OTLP request whose
       * spans each carry a `pii_detected` finding: the example pack's
       * `pii-burst-on-sensitive-data` policy fires on ingest.
       */
      action: 'pii-findings';
      app: string;
      /** An example user in the app's owning group. */
      owner: string;
      /** Spans sent, one finding each; the policy fires from 3. */
      findings: number;
    };

const grant = (
  app: string,
  badge: BadgeId,
  steward: string,
  comment: string,
): GovernanceStep => ({ action: 'grant', app, badge, steward, comment });

/**
 * What the example stewards have decided by the time the example portal
 * first starts; examples/README.md lists it. Each team has an approved app
 * and apps still overdue. No app here is one the browser, system or security
 * tests expect untouched (invoice-field-extractor, help-center-digest,
 * month-end-close-summarizer, vendor-risk-screener, resume-screener,
 * customer-reply-assistant, customer-sentiment-dashboard,
 * interview-notes-cleanup, account-brief-generator, event-lead-enricher).
 * No steward grants two badges of one app, and bob (finance-ops) none:
 * separation of duties holds by construction. The kill switch and the PII
 * findings come after the example traffic; the expiring grant comes first.
 */
export const EXAMPLE_GOVERNANCE_PLAN: readonly GovernanceStep[] = [
  // Granted for a trial whose approval lifetime the example portal sets to
  // about a minute (microapps.approvals.perApp): expired by the time anyone looks.
  grant(
    'social-post-classifier',
    'security-review',
    'nora',
    'Public mentions only and no customer data, so the restricted Gemini model is acceptable here. Granted for the canary trial; review again with its results.',
  ),
  // Approved for production: every badge the tier needs there.
  grant(
    'contract-clause-extractor',
    'security-review',
    'nora',
    'Threat model reviewed: SharePoint read-only through the legal site collection, extraction-db writes scoped to the clauses schema, Bedrock in eu-central-1 only.',
  ),
  grant(
    'contract-clause-extractor',
    'compliance-review',
    'oscar',
    'Confidential contracts stay on enterprise-hosted models; client names are masked before the prompt. Retention of extracted clauses follows the legal hold policy.',
  ),
  grant(
    'contract-clause-extractor',
    'executive-signoff',
    'rachel',
    'Signed off for the legal-ops rollout: the business case (4 hours saved per contract review) and the residual risk were presented at the Q3 risk committee.',
  ),
  grant(
    'contract-clause-extractor',
    'production-readiness',
    'tara',
    'Runbook, dashboards and on-call rota in place; load-tested at 3x the expected contract volume.',
  ),
  grant(
    'expense-report-auditor',
    'security-review',
    'nora',
    'SAP Concur access is a read-only API user; no receipts images leave Azure. Pen-test findings from June are closed.',
  ),
  grant(
    'expense-report-auditor',
    'production-readiness',
    'tara',
    'Alerting on the Concur sync and a rollback plan documented; budget alarms set at 80 %.',
  ),
  grant(
    'benefits-faq-assistant',
    'security-review',
    'maya',
    'Answers only from the Confluence benefits space; the Slack bot token is scoped to the #ask-benefits channel. Prompt-injection tests passed.',
  ),
  grant(
    'benefits-faq-assistant',
    'production-readiness',
    'sam',
    'Behind the model gateway with rate limits; support rota and runbook linked from the app page.',
  ),
  grant(
    'ticket-triage-classifier',
    'security-review',
    'maya',
    'Zendesk write access limited to tags and priority; customer e-mail addresses are masked before classification.',
  ),
  grant(
    'ticket-triage-classifier',
    'production-readiness',
    'sam',
    'SLOs defined (p95 under 2 s), on-call in the support-tools rota, fallback to manual triage tested.',
  ),
  grant(
    'campaign-copy-assistant',
    'security-review',
    'nora',
    'Reads approved brand assets from one Google Drive folder; no customer data in prompts. Output goes through human review before publishing.',
  ),
  grant(
    'campaign-copy-assistant',
    'production-readiness',
    'tara',
    'Monitoring and cost alerts configured; marketing ops owns the runbook.',
  ),
  grant(
    'competitor-news-digest',
    'production-readiness',
    'sam',
    'Public sources only; scheduled job monitored, failures page the sales-tools channel.',
  ),
  // Approved for canary: the one badge a medium-tier canary app needs.
  grant(
    'webinar-transcript-summarizer',
    'security-review',
    'maya',
    'Speaker names masked in transcripts; SharePoint writes limited to the webinar recordings library. Fine for canary.',
  ),
  // Partly approved: compliance signed, security still to review (in review).
  grant(
    'dsar-response-automation',
    'compliance-review',
    'priya',
    'The workflow follows our GDPR Art. 15 procedure: identity check first, 30-day deadline tracked, responses reviewed by privacy counsel before sending.',
  ),
  // Partly approved in production: executive and platform sign-off outstanding (still overdue).
  grant(
    'payroll-anomaly-detector',
    'security-review',
    'nora',
    'Workday access through a read-only integration user; salary figures masked in prompts, enterprise Bedrock only.',
  ),
  grant(
    'payroll-anomaly-detector',
    'compliance-review',
    'oscar',
    'Regulated payroll data: DPIA on file, works council informed, findings reviewed by a person before any action.',
  ),
  // Granted, then revoked with a reason.
  grant(
    'nda-triage',
    'security-review',
    'maya',
    'Reads the legal Jira project only; NDAs are classified on enterprise-hosted models.',
  ),
  grant(
    'nda-triage',
    'production-readiness',
    'sam',
    'Runbook and alerts in place at launch.',
  ),
  {
    action: 'revoke',
    app: 'nda-triage',
    badge: 'production-readiness',
    steward: 'tara',
    comment:
      'Revoked: two P1 incidents this month with nobody on call since the team reorganised. Re-grant once the on-call rota and the post-mortem actions are done.',
  },
  // Granted, then legal-ops changed the manifest (a second model): stale.
  grant(
    'regulatory-change-digest',
    'production-readiness',
    'sam',
    'Public sources only; the weekly job is monitored and a failed run pages the legal-tools channel.',
  ),
  {
    action: 'change-manifest',
    app: 'regulatory-change-digest',
    owner: 'kiran',
  },
  // Changes requested before compliance will sign.
  {
    action: 'request-changes',
    app: 'voice-of-customer-extractor',
    badge: 'compliance-review',
    steward: 'oscar',
    comment:
      'Raw customer PII goes to a Hugging Face endpoint that is not in the model catalog. Mask names and e-mail addresses before the prompt, or move to an enterprise-hosted model, and state a retention period for the Snowflake table.',
  },
  // Engaged by a steward once the example traffic is in.
  {
    action: 'kill-switch',
    app: 'lead-scoring-classifier',
    steward: 'nora',
    reason:
      'Salesforce write-back is overwriting lead owners assigned by the sales reps. Paused until the sync only writes the score field.',
  },
  // Reported by the app's owner once the example traffic is in: the policy
  // engages the kill switch and opens an incident, which two stewards release.
  {
    action: 'pii-findings',
    app: 'rfp-response-drafter',
    owner: 'erin',
    findings: 3,
  },
];
