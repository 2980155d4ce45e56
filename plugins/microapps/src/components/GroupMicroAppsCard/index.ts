export { GroupMicroAppsCard } from './GroupMicroAppsCard';
