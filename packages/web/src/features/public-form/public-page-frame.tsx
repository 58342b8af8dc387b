import type { ReactNode } from 'react';
import { Button, Layout, Space, Typography } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';

/**
 * The frame of the pages a customer opens without signing in: the bank's name, a language switch,
 * and one narrow column that fits a 390 px phone.
 */
export function PublicPageFrame({ title, children }: { title?: string; children: ReactNode }) {
  const { t, locale, setLocale } = useLocale();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '8px 16px', background: '#fff', borderBottom: '1px solid #e5e7eb' }}>
        <Typography.Text strong>{t('app.name')}</Typography.Text>
        <Space>
          <Button icon={<GlobalOutlined />} aria-label={t('publicForm.languageLabel')} data-testid="public-language" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('publicForm.language')}
          </Button>
        </Space>
      </header>
      <main style={{ width: '100%', maxWidth: 680, margin: '0 auto', padding: 16, boxSizing: 'border-box' }}>
        {title && (
          <Typography.Title level={3} style={{ marginTop: 8 }}>
            {title}
          </Typography.Title>
        )}
        {children}
      </main>
    </Layout>
  );
}
