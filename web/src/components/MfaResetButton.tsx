import { Button } from '@mantine/core';
import { confirmAction } from '../confirm.js';
import { notifyError, notifySaved } from '../forms.js';
import { useResetMfa } from '../queries/mfa.js';

/** An administrator resets a person's two-step sign-in when they have lost their authenticator (decision 067). */
export function MfaResetButton(props: { personId: string; name: string }) {
  const reset = useResetMfa();
  async function go() {
    const ok = await confirmAction({
      title: 'Reset two-step sign-in?',
      message: `${props.name}'s authenticator and recovery codes stop working and their sessions end. If two-step sign-in is required of them, they set up a new authenticator at their next sign-in.`,
      confirmLabel: 'Reset',
      cancelLabel: 'Keep it',
      danger: true,
    });
    if (!ok) return;
    try {
      await reset.mutateAsync(props.personId);
      notifySaved(`Two-step sign-in reset for ${props.name}`);
    } catch (err) {
      notifyError(err);
    }
  }
  return (
    <Button variant="outline" size="xs" loading={reset.isPending} onClick={() => void go()}>
      Reset two-step sign-in
    </Button>
  );
}
