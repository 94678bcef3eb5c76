import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportErrorTable, ImportModal } from '../../components/FileImport';
import { enrolmentApi } from './enrolmentApi';

/** A batch of applications from the Excel template (or CSV): all rows or none, each file once. */
export default function ApplicationImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (batchId: number) => void }) {
  const { t } = useTranslation();
  const fieldLabel = (f: string) => t(`enrolment.${f}`, { defaultValue: f });
  return (
    <ImportModal
      open={open}
      title={t('enrolment.importTitle')}
      onClose={onClose}
      hint={t('enrolment.importHint')}
      template={{ href: enrolmentApi.templateUrl, label: t('enrolment.template') }}
      upload={(file) => enrolmentApi.import(file)}
      onDone={(r) => onImported(r.batchId)}
      buttonLabel={t('enrolment.chooseFile')}
      buttonTestId="enrolment-import-button"
      nothingApplied={t('enrolment.importNothing')}
      fieldLabel={fieldLabel}
      renderResult={(r) => (
        <>
          <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('enrolment.importDone', { submitted: r.submitted, batchId: r.batchId })} />
          {r.warnings.length > 0 && (
            <>
              <Alert type="warning" showIcon style={{ marginTop: 8, marginBottom: 8 }} title={t('enrolment.importWarnings')} />
              <ImportErrorTable errors={r.warnings} fieldLabel={fieldLabel} />
            </>
          )}
        </>
      )}
    />
  );
}
