import { makeStyles } from '@material-ui/core/styles';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';

// Backstage's empty-state illustrations are drawn on light cards whatever
// the theme; this picture takes its colours from the theme.
const useStyles = makeStyles(theme => ({
  image: {
    display: 'flex',
    justifyContent: 'center',
    padding: theme.spacing(2),
  },
  disc: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 160,
    height: 160,
    borderRadius: '50%',
    backgroundColor: theme.palette.action.hover,
    color: theme.palette.text.secondary,
  },
  icon: {
    fontSize: 80,
  },
}));

/** The picture of an empty incident list: the incidents icon on a disc. */
export function NoIncidentsImage() {
  const classes = useStyles();
  return (
    <div className={classes.image} aria-hidden="true">
      <div className={classes.disc}>
        <ReportProblemOutlined className={classes.icon} />
      </div>
    </div>
  );
}
