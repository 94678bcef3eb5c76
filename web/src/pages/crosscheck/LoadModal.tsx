import { Alert, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileImport } from '../../components/FileImport';
import { REGISTRIES, crossCheckApi, type LoadResult, type Registry } from './crossCheckApi';

/**
 * 导入比对数据: choose the registry, upload its file; the server checks every row (nothing kept when one is bad),
 * matches it with the county and answers with the hits found by kind.
 */
export default function LoadModal({ open, onClose, onLoaded }: { open: boolean; onClose: () => void; onLoaded: (r: LoadResult) => void }) {
  const { t } = useTranslation();
  const [registry, setRegistry] = useState<Registry>('employee_pension');
  return (
    <Modal open={open} title={t('crossCheck.loadTitle')} width={760} onCancel={onClose} footer={null} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('crossCheck.registry')}</span>
        <Select<Registry> value={registry} onChange={setRegistry} style={{ width: 220 }} options={REGISTRIES.map((r) => ({ value: r, label: t(`crossCheck.registries.${r}`) }))} data-testid="cc-registry" />
      </Space>
      <FileImport<LoadResult>
        hint={t('crossCheck.loadHint')}
        upload={(file) => crossCheckApi.load(registry, file)}
        onDone={onLoaded}
        buttonLabel={t('crossCheck.chooseFile')}
        buttonTestId="cc-file"
        outcomeTestId="cc-load-outcome"
        errorsTestId="cc-load-errors"
        nothingApplied={t('crossCheck.loadNothing')}
        fieldLabel={(f) => t(`crossCheck.field.${f}`, { defaultValue: f })}
        renderResult={(r) => (
          <Alert
            type={r.matched > 0 ? 'warning' : 'success'}
            showIcon
            style={{ marginTop: 12 }}
            title={t('crossCheck.loadDone', { rows: r.rows.toLocaleString(), people: r.peopleCompared.toLocaleString(), matched: r.matched.toLocaleString() })}
            description={Object.entries(r.byKind)
              .map(([k, n]) => `${t(`crossCheck.kinds.${k}`)} ${n}`)
              .join('，')}
          />
        )}
      />
    </Modal>
  );
}
