import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FileImport } from '../../components/FileImport';

/** Upload of a CSV/XLSX region list (POST /api/regions/import); row errors are listed in a table. */
export default function RegionImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="region-import">
      <FileImport
        hint={t('regions.importHint')}
        upload={(file) => api.importRegions(file)}
        onDone={onImported}
        buttonLabel={t('regions.importButton')}
        nothingApplied={t('regions.importFailed')}
        renderResult={(r) => (
          <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('regions.importDone', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged ?? 0 })} />
        )}
      />
    </div>
  );
}
