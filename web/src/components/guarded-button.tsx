import { Button, Tooltip, type ButtonProps } from '@fluentui/react-components';
import type { Allowance } from '../session';

/** An action button that is disabled, saying why on hover and focus, when the caller may not take it. */
export function GuardedButton({ allowance, ...props }: ButtonProps & { allowance: Allowance }) {
  if (allowance.allowed) return <Button {...props} />;
  return (
    <Tooltip content={allowance.reason} relationship="description">
      <Button {...props} disabledFocusable data-disabled-reason={allowance.reason} />
    </Tooltip>
  );
}
