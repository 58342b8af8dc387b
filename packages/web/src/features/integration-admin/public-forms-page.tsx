import { useT } from '../../app/locale.tsx';
import { PublicFormsAdmin } from '../public-form/public-forms-admin.tsx';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';

/** The customers' web forms (part E's list and editor) inside the integration settings. */
export function PublicFormsPage() {
  const t = useT();
  return (
    <IntegrationAdminFrame title={t('integrationAdmin.tab.forms')} testId="integration-forms-page">
      <PublicFormsAdmin />
    </IntegrationAdminFrame>
  );
}
