import type { Region } from './api';

// Display helpers. Money in the API is integer fen; the UI shows yuan with two decimals.

/** 12345 (fen) → "123.45"; negative and large values keep exact digits (no floats). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) return '—';
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = ((abs - (abs % 100)) / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${yuan}.${cents}`;
}

export function formatNumber(n: number | null | undefined, lang: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
}

/** ISO timestamp → "YYYY-MM-DD HH:mm:ss" in the browser's time zone. */
export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "寿光市 / 圣城街道 / 田家店村": the path (county first), ending with the region itself. */
export function pathText(region: Region, path: Region[] | undefined): string {
  const list = path && path.length ? [...path] : [region];
  if (list[list.length - 1]?.code !== region.code) list.push(region);
  return list.map((r) => r.name).join(' / ');
}
