import type { ReactNode } from 'react';
import { Breadcrumb } from 'antd';
import { Link } from 'react-router-dom';

/** A screen's title as the way back to its list: "Processes / Credit approval". Each step is its own item, so its link needs no underline to stand out. */
export function PageTrail({ items }: { items: { to?: string; label: ReactNode }[] }) {
  return <Breadcrumb items={items.map((item) => ({ title: item.to ? <Link to={item.to}>{item.label}</Link> : item.label }))} />;
}
