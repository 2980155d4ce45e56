export { MicroAppCostContent } from './MicroAppCostContent';
export { CostsContent, CostsPage } from './CostsPage';
