export { MicroAppOverviewCard } from './overview/MicroAppOverviewCard';
export { MicroAppGovernanceContent } from './governance/MicroAppGovernanceContent';
export { MicroAppPolicyContent } from './policy/MicroAppPolicyContent';
