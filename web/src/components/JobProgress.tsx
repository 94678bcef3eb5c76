import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';

export interface JobProgressState {
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly total: number;
  readonly done: number;
  readonly startedAt?: string | null;
}

/**
 * Seconds a running job still needs at the rate it has kept since it started (null when it cannot be told
 * yet: not started, nothing done, or over).
 */
export function secondsLeft(job: JobProgressState, now = Date.now()): number | null {
  if (job.status !== 'running' || !job.startedAt || job.done <= 0 || job.total <= job.done) return null;
  const elapsed = (now - new Date(job.startedAt).getTime()) / 1000;
  if (!(elapsed > 0)) return null;
  return Math.ceil(((job.total - job.done) * elapsed) / job.done);
}

/** A background job's bar: counts done of all, the percentage, and the time left while it runs. */
export default function JobProgress({ job, unit, size }: { job: JobProgressState; unit?: string; size?: 'small' | 'default' }) {
  const { t } = useTranslation();
  const percent = job.total > 0 ? Math.floor((job.done / job.total) * 100) : job.status === 'done' ? 100 : 0;
  const left = secondsLeft(job);
  const counts = `${job.done.toLocaleString()}/${job.total.toLocaleString()}${unit ? ` ${unit}` : ''}`;
  return (
    <div data-testid="job-progress">
      <Progress
        percent={percent}
        size={size === 'small' ? 'small' : 'default'}
        status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
        format={() => counts}
      />
      {job.status === 'queued' && <span className="xnb-muted">{t('job.queued')}</span>}
      {left !== null && (
        <span className="xnb-muted" data-testid="job-time-left">
          {left < 60 ? t('job.secondsLeft', { n: left }) : t('job.minutesLeft', { n: Math.ceil(left / 60) })}
        </span>
      )}
    </div>
  );
}
