import { Alert, Button } from 'antd';
import { useT } from '../app/locale.tsx';
import { toProblemDocument } from './problem-display.ts';

/** A query that failed: the problem's title and detail, and a retry. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  const problem = toProblemDocument(error, t);
  return <Alert type="error" showIcon title={problem.title} description={problem.detail} action={<Button onClick={retry}>{t('app.retry')}</Button>} />;
}
