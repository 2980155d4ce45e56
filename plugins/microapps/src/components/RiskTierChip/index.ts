export { RiskTierChip } from './RiskTierChip';
export type { RiskTierChipProps } from './RiskTierChip';
