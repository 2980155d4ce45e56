import { makeStyles } from '@material-ui/core/styles';

/**
 * For labels of controls that sit straight on the app's background (Backstage
 * UI's --bui-bg-app, not the MUI theme's background): the theme's secondary
 * text falls below 4.5:1 there, so they take the primary text colour.
 */
export const useAppBackgroundLabelStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));
