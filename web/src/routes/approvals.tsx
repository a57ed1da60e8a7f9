import { Button, Field, Input, MessageBar, MessageBarBody, Text, Title2 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, ApiError, dataOf, type AssetSegment, type Schemas } from '../api';
import { assetPath } from '../components/asset-params';
import { DataTable } from '../components/data-table';
import { QueryState } from '../components/states';

type InboxApproval = Schemas['InboxApproval'];

/**
 * The approvals inbox: pending requests to move a protected alias that the signed-in user may decide —
 * never their own (the server refuses self-approval; the inbox does not offer it). Approve or reject, with
 * a comment that lands in the audit log and the version's evidence.
 */
export function ApprovalsPage() {
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: ['approvals-inbox'],
    queryFn: async () => dataOf(await api.GET('/api/v1/approvals')).value,
    refetchInterval: 10_000,
  });
  const [comments, setComments] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: async ({ approval, approve }: { approval: InboxApproval; approve: boolean }) => {
      const family = approval.scope_kind === 'registry' ? 'registries' : 'workspaces';
      const segment = approval.asset_type as AssetSegment;
      const reason = comments[approval.id];
      const init = {
        params: { path: { scope: approval.scope, name: approval.asset, id: approval.id } },
        body: reason ? { reason } : {},
      };
      return approve
        ? dataOf(await api.POST(assetPath(family, segment, '/approvals/{id}/approve'), init))
        : dataOf(await api.POST(assetPath(family, segment, '/approvals/{id}/reject'), init));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['approvals-inbox'] }),
  });
  return (
    <section aria-labelledby="approvals-title">
      <Title2 as="h1" id="approvals-title" block>
        Approvals
      </Title2>
      <Text block>
        Requests to move a protected alias that you may decide. Your own requests wait for someone else.
      </Text>
      {decide.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            {decide.error instanceof ApiError ? `${decide.error.code}: ` : ''}
            {decide.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <QueryState query={inbox}>
        {(items) => (
          <DataTable
            label="Pending approvals"
            rows={items}
            rowKey={(approval) => approval.id}
            empty="Nothing waits for your decision."
            columns={[
              {
                id: 'asset',
                header: 'Asset',
                cell: (approval) => (
                  <Link
                    to={
                      approval.scope_kind === 'registry'
                        ? '/registries/$name/$segment/$asset'
                        : '/workspaces/$name/$segment/$asset'
                    }
                    params={{ name: approval.scope, segment: approval.asset_type, asset: approval.asset }}
                  >
                    {approval.scope}/{approval.asset}
                  </Link>
                ),
              },
              { id: 'alias', header: 'Alias', cell: (approval) => `${approval.alias} → ${approval.version}` },
              { id: 'by', header: 'Requested by', cell: (approval) => approval.requested_by },
              { id: 'at', header: 'Requested', cell: (approval) => approval.requested_at },
              { id: 'reason', header: 'Reason', cell: (approval) => approval.reason ?? '' },
              {
                id: 'decide',
                header: 'Decision',
                cell: (approval) => (
                  <div style={{ display: 'flex', gap: 4, alignItems: 'end' }}>
                    <Field label={`Comment on ${approval.alias} → ${approval.version}`} size="small">
                      <Input
                        size="small"
                        value={comments[approval.id] ?? ''}
                        maxLength={2048}
                        onChange={(_, data) => setComments({ ...comments, [approval.id]: data.value })}
                      />
                    </Field>
                    <Button
                      size="small"
                      appearance="primary"
                      aria-label={`Approve ${approval.alias} → ${approval.version}`}
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ approval, approve: true })}
                    >
                      Approve
                    </Button>
                    <Button
                      size="small"
                      aria-label={`Reject ${approval.alias} → ${approval.version}`}
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ approval, approve: false })}
                    >
                      Reject
                    </Button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
