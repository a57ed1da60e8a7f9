import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';

/** A signing secret shown once (after create or rotation), with a copy button; closing it forgets it. */
export function SecretDialog({ title, secret, onClose }: { title: string; secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Text block weight="semibold">
              Copy the secret now: it will not be shown again.
            </Text>
            <Text block>The receiver checks each delivery&apos;s webhook-signature with it (Standard Webhooks).</Text>
            <code data-testid="automation-secret" style={{ wordBreak: 'break-all' }}>
              {secret}
            </code>
          </DialogContent>
          <DialogActions>
            <Button
              onClick={() =>
                void navigator.clipboard?.writeText(secret).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <Button appearance="primary" onClick={onClose}>
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
