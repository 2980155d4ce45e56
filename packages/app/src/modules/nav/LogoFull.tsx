import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  logo: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    color: '#ffffff',
    fontSize: 24,
    fontWeight: 700,
    letterSpacing: 0.5,
  },
});

/** The Trellis mark and word mark, shown in the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.logo}>
      <LogoIcon />
      Trellis
    </span>
  );
};
