import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import { isWebAddress } from './webAddress';

const useStyles = makeStyles({
  list: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
});

/** The MicroApp's `metadata.links` that say how to use it: type `how-to` or `docs`. */
export function howToLinks(entity: MicroAppEntity) {
  return (entity.metadata.links ?? []).filter(
    link =>
      (link.type === 'how-to' || link.type === 'docs') &&
      isWebAddress(link.url),
  );
}

/** The how-to links, one a line, each opening in a new window. */
export function HowToLinks(props: { entity: MicroAppEntity }) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="How to use it">
      {howToLinks(props.entity).map(link => (
        <li key={link.url}>
          <Link to={link.url} rel="noopener noreferrer">
            {link.title || link.url}
          </Link>
        </li>
      ))}
    </ul>
  );
}
