export { AppStatusChip, AppStatusWithBadges } from './AppStatusChip';
