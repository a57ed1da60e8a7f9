import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  type ButtonProps,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Allowance } from '../session';
import { Failure } from './failure';
import { GuardedButton } from './guarded-button';

/**
 * A button for an action that cannot be undone: it asks first, in a dialog that says what will happen, and
 * runs `action` only on confirmation. The server's refusal (its code and message) shows in the dialog, which
 * then stays open; success closes it.
 */
export function ConfirmButton({
  allowance,
  title,
  consequence,
  confirmLabel,
  action,
  children,
  size,
  label,
}: {
  allowance: Allowance;
  title: string;
  consequence: string;
  confirmLabel: string;
  action: () => Promise<unknown>;
  children: ReactNode;
  size?: ButtonProps['size'];
  /** The button's accessible name, when its text alone would not say what it acts on. */
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const run = useMutation({ mutationFn: action, onSuccess: () => setOpen(false) });
  return (
    <>
      <GuardedButton
        allowance={allowance}
        size={size}
        aria-label={label}
        onClick={() => {
          run.reset();
          setOpen(true);
        }}
      >
        {children}
      </GuardedButton>
      <Dialog open={open} onOpenChange={(_event, data) => setOpen(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              <Text block>{consequence}</Text>
              <Failure error={run.error} />
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={run.isPending} onClick={() => run.mutate()}>
                {confirmLabel}
              </Button>
              <Button onClick={() => setOpen(false)}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
