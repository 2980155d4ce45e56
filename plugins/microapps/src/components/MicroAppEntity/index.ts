export { MicroAppOverviewCard } from './MicroAppOverviewCard';
export { MicroAppGovernanceContent } from './MicroAppGovernanceContent';
export { MicroAppPolicyContent } from './MicroAppPolicyContent';
