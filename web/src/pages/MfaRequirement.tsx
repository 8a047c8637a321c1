import { Switch, Text } from '@mantine/core';
import { notifyError, notifySaved } from '../forms.js';
import { type OrganisationView, useUpdateOrganisation } from '../queries/organisations.js';

/**
 * The organisation's "require two-step sign-in" setting (decision 067): its administrator switches it; the
 * change is audited like any other change to the organisation.
 */
export function MfaRequirement(props: { org: OrganisationView; mayEdit: boolean }) {
  const update = useUpdateOrganisation();
  const { org } = props;
  if (!props.mayEdit)
    return org.requireMfa ? (
      <Text size="sm">Everyone holding a role here signs in with two-step sign-in.</Text>
    ) : null;
  async function change(requireMfa: boolean) {
    try {
      await update.mutateAsync({ id: org.id, version: org.version, patch: { requireMfa } });
      notifySaved(
        requireMfa ? 'Two-step sign-in is now required here' : 'Two-step sign-in is no longer required here',
      );
    } catch (err) {
      notifyError(err);
    }
  }
  return (
    <Switch
      label="Require two-step sign-in of everyone holding a role here"
      description="Anyone without an authenticator app set up is asked to set one up at their next sign-in."
      checked={org.requireMfa}
      disabled={update.isPending}
      onChange={(e) => void change(e.currentTarget.checked)}
    />
  );
}
