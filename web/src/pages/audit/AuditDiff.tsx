import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api';

function pretty(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      return v;
    }
  }
  return JSON.stringify(v, null, 2);
}

/** Expanded row: the before / after JSON of one audit entry side by side. */
export default function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Row gutter={12} data-testid="audit-diff">
      <Col span={12}>
        <div className="xnb-json-title">{t('audit.before')}</div>
        <pre className="xnb-json">{pretty(entry.before)}</pre>
      </Col>
      <Col span={12}>
        <div className="xnb-json-title">{t('audit.after')}</div>
        <pre className="xnb-json">{pretty(entry.after)}</pre>
      </Col>
    </Row>
  );
}
