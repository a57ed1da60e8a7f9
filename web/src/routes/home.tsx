import { Caption1, makeStyles, Text, Title3, tokens } from '@fluentui/react-components';
import { Link } from '@tanstack/react-router';
import { useSavedItems, type SavedItem } from '../components/saved-items';
import { ScopeList } from '../components/scope-list';

const useStyles = makeStyles({
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: '24px' },
  list: { listStyleType: 'none', padding: 0, margin: '8px 0 24px', display: 'grid', gap: '6px' },
  kind: { color: tokens.colorNeutralForeground3, marginLeft: '8px' },
});

function SavedList({ title, items, empty }: { title: string; items: SavedItem[]; empty: string }) {
  const styles = useStyles();
  const id = `${title.toLowerCase()}-title`;
  return (
    <section aria-labelledby={id}>
      <Title3 as="h2" id={id} block>
        {title}
      </Title3>
      {items.length === 0 ? (
        <Text block>{empty}</Text>
      ) : (
        <ul className={styles.list} aria-labelledby={id}>
          {items.map((item) => (
            <li key={item.path}>
              {/* A studio path this browser saved; the router resolves it like a typed link. */}
              <Link to={item.path as '/'}>{item.label}</Link>
              <Caption1 className={styles.kind}>{item.kind}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Home: the pages this user starred and visited last (kept in this browser), then the registries. */
export function HomePage() {
  const styles = useStyles();
  const starred = useSavedItems('starred');
  const recent = useSavedItems('recent');
  return (
    <>
      <div className={styles.columns}>
        <SavedList
          title="Starred"
          items={starred}
          empty="Nothing starred yet: use ☆ Star on a registry, workspace or asset."
        />
        <SavedList title="Recent" items={recent} empty="No registry, workspace or asset visited yet." />
      </div>
      <ScopeList family="registries" />
    </>
  );
}
