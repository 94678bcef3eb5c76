import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

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

/**
 * Downloads an export (Excel, PDF…) with feedback: the button spins and says 正在生成… while the server makes
 * the file, a message says when it is saved, and a refusal shows the server's words instead of a broken file.
 * `href` stays on the button (the link still works opened in a new tab).
 */
export default function ExportButton({ href, children, testId, fileName }: { href: string; children: ReactNode; testId?: string; fileName?: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const res = await fetch(href, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText);
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = offeredName(res.headers.get('content-disposition'), fileName ?? 'export.xlsx');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      message.success(t('export.done', { name: a.download }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      icon={<DownloadOutlined />}
      href={href}
      loading={busy}
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault();
        if (!busy) void download();
      }}
    >
      {busy ? t('export.making') : children}
    </Button>
  );
}
