import { useT } from '../../app/locale.tsx';
import { AnalyticsFrame } from './analytics-frame.tsx';

/** Stub of the contract (issue 20): the part that owns this screen replaces it. */
export function ReportPacksPage() {
  const t = useT();
  return <AnalyticsFrame title={t('analytics.nav.packs')}>{null}</AnalyticsFrame>;
}
