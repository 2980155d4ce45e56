export { BadgeStateList, badgeTitle } from './BadgeStateList';
export type { BadgeStateListProps } from './BadgeStateList';
