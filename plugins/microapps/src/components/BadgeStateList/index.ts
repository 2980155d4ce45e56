export { BadgeStateList } from './BadgeStateList';
export type { BadgeStateListProps } from './BadgeStateList';
