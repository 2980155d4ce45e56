import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useMyTeams } from './useMyTeams';

const ALL_TEAMS = 'all';

const useStyles = makeStyles({
  select: { minWidth: 200 },
});

/** A group ref as people say it: `finance-ops`, or `other/finance-ops` outside the default namespace. */
export function teamName(ref: string): string {
  return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
}

/**
 * Whose apps the cost page counts: every app, or the apps of one of the
 * signed-in user's teams. A team from a shared link stays listed even when
 * the user is not in it. Hidden for a user without teams and no team chosen.
 */
export function TeamScopeSelect(props: {
  owner?: string;
  onChange: (owner: string | undefined) => void;
}) {
  const { owner, onChange } = props;
  const classes = useStyles();
  const myTeams = useMyTeams();
  const teams =
    owner && !myTeams.includes(owner) ? [owner, ...myTeams] : myTeams;
  if (teams.length === 0) return null;
  return (
    <TextField
      select
      className={classes.select}
      id="microapps-costs-owner"
      label="Apps of"
      size="small"
      variant="outlined"
      value={owner ?? ALL_TEAMS}
      onChange={event =>
        onChange(
          event.target.value === ALL_TEAMS ? undefined : event.target.value,
        )
      }
    >
      <MenuItem value={ALL_TEAMS}>Every team</MenuItem>
      {teams.map(team => (
        <MenuItem key={team} value={team}>
          {myTeams.includes(team)
            ? `My team: ${teamName(team)}`
            : teamName(team)}
        </MenuItem>
      ))}
    </TextField>
  );
}
