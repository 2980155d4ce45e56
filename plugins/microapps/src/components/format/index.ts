export {
  formatChange,
  formatCompact,
  formatDay,
  formatRelativeDays,
  formatUsd,
  violationsText,
  wholeNumberFormat,
} from './format';
