export { AppIncidentsCard } from './AppIncidentsCard';
export { IncidentsPage } from './IncidentsPage';
