import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAuth } from '../auth';

/** `path` with a list's filters as its query (paging left out): the export of what the list shows. */
export function exportHref(path: string, filters: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '' && k !== 'page' && k !== 'pageSize') params.set(k, String(v));
  const qs = params.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

/** The file name a response offers (RFC 5987 `filename*` first), else `fallback`. */
function offeredName(disposition: string | null, fallback: string): string {
  const star = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = disposition && /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** The permission that lets an export carry whole ID numbers (the server checks it and audits each file). */
const FULL_ID_PERMISSION = 'residents:export_full_id';

/** `href` asking for whole ID numbers (`idNumbers=full`). */
function fullIdHref(href: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}idNumbers=full`;
}

/**
 * Downloads an export (Excel, PDF…) with feedback: the button spins and says 正在生成… while the server makes
 * the file, a message says when it is saved, and a refusal shows the server's words instead of a broken file.
 * `href` stays on the button (the link still works opened in a new tab). `fullIdNumbers` marks an export that
 * lists people: a user whose role may export whole ID numbers then gets a second choice beside the button,
 * 导出（完整身份证号码）, which asks for them (`idNumbers=full`; the server audits the file); others see the
 * button alone, and its file has the numbers masked.
 */
export default function ExportButton({ href, children, testId, fileName, fullIdNumbers }: { href: string; children: ReactNode; testId?: string; fileName?: string; fullIdNumbers?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);

  const download = async (url: string) => {
    setBusy(true);
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText);
      }
      const blob = await res.blob();
      const objectUrl = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = objectUrl;
      a.download = offeredName(res.headers.get('content-disposition'), fileName ?? 'export.xlsx');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
      message.success(t('export.done', { name: a.download }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      icon={<DownloadOutlined />}
      href={href}
      loading={busy}
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault();
        if (!busy) void download(href);
      }}
    >
      {busy ? t('export.making') : children}
    </Button>
  );
  if (!fullIdNumbers || !can(FULL_ID_PERMISSION)) return button;
  return (
    <Space.Compact>
      {button}
      <Dropdown
        disabled={busy}
        trigger={['click']}
        menu={{
          items: [{ key: 'full', label: <span data-testid={testId && `${testId}-full`}>{t('export.fullIdNumbers')}</span>, title: t('export.fullIdNumbersHint') }],
          onClick: () => void download(fullIdHref(href)),
        }}
      >
        <Button icon={<DownOutlined />} aria-label={t('export.more')} data-testid={testId && `${testId}-more`} />
      </Dropdown>
    </Space.Compact>
  );
}
