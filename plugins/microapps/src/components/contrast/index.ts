export {
  AA_TEXT_CONTRAST,
  readableFill,
  readableTextColor,
} from './readableColors';
export { useAppBackgroundLabelStyles } from './appBackgroundLabel';
