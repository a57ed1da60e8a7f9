import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  Textarea,
  Title2,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, dataOf } from '../../api';
import { tagsOf } from '../../components/tag-text';

/** The server's rule (src/core/names.ts `scopeNameProblem`), with its words, so the form says what PUT would. */
export function registryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length < 2) return 'it must be at least 2 characters long';
  if (name.length > 32) return `it is ${name.length} characters long; the limit is 32`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'it must start with a letter or a digit';
  const bad = [...name].find((ch) => !/[A-Za-z0-9_-]/.test(ch));
  if (bad !== undefined)
    return `it contains ${JSON.stringify(bad)}; only ASCII letters, digits, '_' and '-' are allowed`;
  return undefined;
}
/** Region names (src/core/names.ts `regionNamePattern`); the server lists no regions, so they are typed. */
const regionPattern = /^[a-z][a-z0-9-]{1,31}$/;

const useStyles = makeStyles({
  form: { display: 'grid', gap: '12px', maxWidth: '640px', marginTop: '16px' },
  buttons: { display: 'flex', gap: '8px', marginTop: '8px' },
  yaml: {
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: '12px',
    whiteSpace: 'pre-wrap',
  },
});

interface Draft {
  name: string;
  description: string;
  tags: string;
  primary: string;
  replicas: string;
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function specOf(d: Draft) {
  const replicas = list(d.replicas).filter((r) => r !== d.primary);
  const tags = tagsOf(d.tags);
  return {
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    location: d.primary,
    replication_locations: [d.primary, ...replicas].map((location) => ({ location })),
  };
}

/** `arca registry create --file` YAML of the spec: every string JSON-quoted, which YAML reads as written. */
function yamlOf(spec: ReturnType<typeof specOf>): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`name: ${q(spec.name)}`];
  if (spec.description) lines.push(`description: ${q(spec.description)}`);
  if (spec.tags) lines.push('tags:', ...Object.entries(spec.tags).map(([k, v]) => `  ${q(k)}: ${q(v)}`));
  lines.push(`location: ${q(spec.location)}`, 'replication_locations:');
  lines.push(...spec.replication_locations.map((r) => `  - location: ${q(r.location)}`));
  return `${lines.join('\n')}\n`;
}

function Progress({ id, name }: { id: string; name: string }) {
  const operation = useQuery({
    queryKey: ['operation', id],
    queryFn: async () => dataOf(await api.GET('/api/v1/operations/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.status === 'Running' ? 1000 : false),
  });
  const status = operation.data?.status;
  if (operation.error) return <Text block>Could not read the operation: {operation.error.message}</Text>;
  if (status === undefined || status === 'Running') return <Spinner label={`Creating ${name}…`} />;
  if (status === 'Failed' || status === 'Canceled') {
    const error = (operation.data as { error?: { code?: string; message?: string } }).error;
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>{error?.code ?? status}</MessageBarTitle>
          {error?.message} The <Link to="/jobs">Jobs</Link> page can retry it.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="success">
      <MessageBarBody>
        <MessageBarTitle>Succeeded</MessageBarTitle>
        Registry{' '}
        <Link to="/registries/$name" params={{ name }}>
          {name}
        </Link>{' '}
        is ready.
      </MessageBarBody>
    </MessageBar>
  );
}

const steps = ['Basics', 'Regions', 'Review and create'] as const;

/** `/registries/new`: basics → regions → review (the equivalent registry.yml) → create → the operation's progress. */
export function NewRegistryPage() {
  const styles = useStyles();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>({ name: '', description: '', tags: '', primary: '', replicas: '' });
  const set = (field: keyof Draft) => (_e: unknown, d: { value: string }) => setDraft({ ...draft, [field]: d.value });
  const nameProblem = registryNameProblem(draft.name);
  const badRegion = [draft.primary, ...list(draft.replicas)].find((r) => !regionPattern.test(r));
  const spec = specOf(draft);
  const yaml = yamlOf(spec);
  const create = useMutation({
    mutationFn: async () =>
      dataOf(
        await api.PUT('/api/v1/registries/{name}', {
          params: { path: { name: draft.name }, header: { 'if-none-match': '*' } },
          body: spec,
        }),
      ),
  });
  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${draft.name}.yml`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="new-title">
      <Title2 as="h1" id="new-title" block>
        New registry
      </Title2>
      <Text block>
        Step {Math.min(step, 2) + 1} of 3: {steps[Math.min(step, 2)]}
      </Text>
      {step === 0 ? (
        <div className={styles.form}>
          <Field
            label="Name"
            required
            validationState={draft.name !== '' && nameProblem ? 'error' : 'none'}
            validationMessage={
              draft.name !== '' && nameProblem
                ? `registry name ${JSON.stringify(draft.name)} is invalid: ${nameProblem}`
                : '2–32 characters: letters, digits, _ and -, starting with a letter or digit'
            }
          >
            <Input value={draft.name} onChange={set('name')} />
          </Field>
          <Field label="Description">
            <Textarea value={draft.description} onChange={set('description')} />
          </Field>
          <Field label="Tags" hint="one key=value a line">
            <Textarea value={draft.tags} onChange={set('tags')} />
          </Field>
          <div className={styles.buttons}>
            <Button appearance="primary" disabled={nameProblem !== undefined} onClick={() => setStep(1)}>
              Next: regions
            </Button>
          </div>
        </div>
      ) : step === 1 ? (
        <div className={styles.form}>
          <Field
            label="Primary region"
            required
            validationState={draft.primary !== '' && !regionPattern.test(draft.primary) ? 'error' : 'none'}
            validationMessage="a region name: a lowercase letter, then 1–31 lowercase letters, digits or -"
          >
            <Input value={draft.primary} onChange={set('primary')} />
          </Field>
          <Field label="Replica regions" hint="separated by spaces or commas">
            <Input value={draft.replicas} onChange={set('replicas')} />
          </Field>
          {badRegion !== undefined && draft.primary !== '' ? (
            <Text block role="alert">
              region {JSON.stringify(badRegion)} is invalid: use [a-z][a-z0-9-]{'{1,31}'}
            </Text>
          ) : null}
          <div className={styles.buttons}>
            <Button onClick={() => setStep(0)}>Back</Button>
            <Button appearance="primary" disabled={badRegion !== undefined} onClick={() => setStep(2)}>
              Next: review
            </Button>
          </div>
        </div>
      ) : step === 2 ? (
        <div className={styles.form}>
          <Title3 as="h2" block>
            registry.yml
          </Title3>
          <pre className={styles.yaml} data-testid="registry-yaml">
            {yaml}
          </pre>
          <Text block>
            The same with the CLI: <code>arca registry create --file {draft.name}.yml</code>
          </Text>
          <div className={styles.buttons}>
            <Button onClick={() => void navigator.clipboard?.writeText(yaml)}>Copy</Button>
            <Button onClick={download}>Download</Button>
          </div>
          {create.error ? (
            <MessageBar intent="error">
              <MessageBarBody>{create.error.message}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className={styles.buttons}>
            <Button onClick={() => setStep(1)}>Back</Button>
            <Button
              appearance="primary"
              disabled={create.isPending}
              onClick={() => create.mutate(undefined, { onSuccess: () => setStep(3) })}
            >
              Create
            </Button>
          </div>
        </div>
      ) : create.data && 'status' in create.data && create.data.kind !== undefined && 'target' in create.data ? (
        <Progress id={create.data.id} name={draft.name} />
      ) : (
        <Text block>
          <Link to="/registries/$name" params={{ name: draft.name }}>
            {draft.name}
          </Link>{' '}
          already is as described.
        </Text>
      )}
    </section>
  );
}
