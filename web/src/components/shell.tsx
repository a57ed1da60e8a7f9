import { Avatar, Button, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { api, useCsrfToken } from '../api';
import { sessionQueryKey, useSession } from '../session';
import { useTheme } from '../theme';
import { SearchBox } from './search-box';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: '220px 1fr', gridTemplateRows: '48px 1fr', minHeight: '100vh' },
  header: {
    gridColumn: '1 / span 2',
    display: 'flex',
    alignItems: 'center',
    gap: '12px',
    padding: '0 16px',
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, marginRight: 'auto' },
  nav: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '12px',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  navLink: {
    padding: '8px 12px',
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
  main: { padding: '24px', minWidth: 0 },
});

/** The frame of every signed-in page: navigation, who is signed in, theme, sign out. */
export function Shell() {
  const styles = useStyles();
  const { data: session } = useSession();
  const { theme, toggle } = useTheme();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    await api.DELETE('/api/v1/sessions/current');
    useCsrfToken(undefined);
    queryClient.clear();
    queryClient.setQueryData(sessionQueryKey, null);
    await navigate({ to: '/sign-in' });
  };
  const who = session?.principal.display_name ?? session?.principal.name ?? '';
  const roles = [...new Set(session?.assignments.map((a) => `${a.role} (${a.scope})`) ?? [])].join(', ');
  return (
    <div className={styles.layout}>
      <header className={styles.header}>
        <Text className={styles.brand}>Arca Studio</Text>
        <SearchBox />
        <Button
          appearance="subtle"
          onClick={toggle}
          aria-label={`Switch to ${theme === 'light' ? 'dark' : 'light'} theme`}
        >
          {theme === 'light' ? 'Dark theme' : 'Light theme'}
        </Button>
        <Tooltip
          content={`${session?.credential ?? ''}${roles ? ` · roles: ${roles}` : ''}`}
          relationship="description"
        >
          <span data-testid="whoami" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Avatar name={who} size={24} aria-hidden />
            <Text>{session?.principal.name}</Text>
          </span>
        </Tooltip>
        <Button appearance="secondary" onClick={() => void signOut()}>
          Sign out
        </Button>
      </header>
      <nav className={styles.nav} aria-label="Studio">
        <Link
          to="/registries"
          className={styles.navLink}
          activeProps={{ className: `${styles.navLink} ${styles.active}` }}
        >
          Registries
        </Link>
        <Link
          to="/workspaces"
          className={styles.navLink}
          activeProps={{ className: `${styles.navLink} ${styles.active}` }}
        >
          Workspaces
        </Link>
        <Link
          to="/approvals"
          className={styles.navLink}
          activeProps={{ className: `${styles.navLink} ${styles.active}` }}
        >
          Approvals
        </Link>
        <Link to="/access" className={styles.navLink} activeProps={{ className: `${styles.navLink} ${styles.active}` }}>
          Access
        </Link>
        <Link to="/tokens" className={styles.navLink} activeProps={{ className: `${styles.navLink} ${styles.active}` }}>
          Tokens
        </Link>
        <Link to="/audit" className={styles.navLink} activeProps={{ className: `${styles.navLink} ${styles.active}` }}>
          Audit log
        </Link>
        <Link to="/jobs" className={styles.navLink} activeProps={{ className: `${styles.navLink} ${styles.active}` }}>
          Jobs
        </Link>
        <Link to="/docs" className={styles.navLink} activeProps={{ className: `${styles.navLink} ${styles.active}` }}>
          API reference
        </Link>
      </nav>
      <main className={styles.main}>
        <Outlet />
      </main>
    </div>
  );
}
