export {
  formatChange,
  formatCompact,
  formatDay,
  formatRelativeDays,
  formatUsd,
  wholeNumberFormat,
} from './format';
