export {
  formatChange,
  formatCompact,
  formatDay,
  formatRelativeDays,
  formatUsd,
} from './format';
