import type { ReactNode } from 'react';

export default function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="xnb-page-header">
      <h1 className="xnb-page-title">{title}</h1>
      {extra ? <div className="xnb-page-extra">{extra}</div> : null}
    </div>
  );
}
