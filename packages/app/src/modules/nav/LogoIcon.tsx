import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 28, height: 28, flexShrink: 0 },
  lattice: {
    stroke: '#7df3e1',
    strokeWidth: 3,
    fill: 'none',
    strokeLinecap: 'round',
  },
  leaf: { fill: '#7df3e1' },
});

/** A small lattice with a leaf: the Trellis mark. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      viewBox="0 0 32 32"
      role="img"
      aria-label="Trellis"
    >
      <path
        className={classes.lattice}
        d="M4 28 L28 4 M4 16 L16 4 M16 28 L28 16 M4 4 L28 28 M4 16 L16 28 M16 4 L28 16"
      />
      <circle className={classes.leaf} cx="16" cy="16" r="3.5" />
    </svg>
  );
};
