export {
  NoReviewsEmptyState,
  StewardInboxContent,
  StewardInboxPage,
} from './StewardInboxPage';
export {
  GOVERNANCE_TAB_PATH,
  OLD_REVIEW_DAYS,
  StewardInboxTable,
  useGovernanceLink,
} from './StewardInboxTable';
export type { StewardInboxTableProps } from './StewardInboxTable';
