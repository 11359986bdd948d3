import { useEffect, useState } from 'react';
import type { SystemConditionView } from '../../../../shared/protocol/condition';
import { systemCondition } from '../../api/http';
import { adminStrings } from './strings';

const t = adminStrings.condition;
/** Free space moves slowly; once a minute is early enough to warn well before the show stops. */
const REFRESH_MS = 60_000;

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2).toLocaleString('zh-CN')} MB`;
}

/**
 * The installation's own state on the admin screen: a warning while free space runs low (long
 * before commands are refused), the reason when commands cannot be taken, and the files found
 * damaged and set aside at start. Shows nothing when all is well.
 */
export function SystemCondition() {
  const [condition, setCondition] = useState<SystemConditionView | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const response = await systemCondition();
      if (live && response.ok) setCondition(response.data);
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!condition) return null;
  const { storage, damaged, ready, reasons } = condition;
  if (ready && !storage?.low && damaged.length === 0) return null;
  return (
    <section className="admin-condition" role="alert" data-testid="admin-condition">
      {!ready && (
        <p className="alarm">
          {t.notReady}
          {reasons.join('；')}
        </p>
      )}
      {storage?.low && <p data-testid="admin-disk-low">{t.diskLow(size(storage.freeBytes), size(storage.totalBytes), size(storage.minFreeBytes))}</p>}
      {damaged.length > 0 && (
        <div data-testid="admin-damaged">
          <p>{t.damagedHeading(damaged.length)}</p>
          <ul>
            {damaged.map((d) => (
              <li key={`${d.file}:${d.foundAt}`}>{t.damagedItem(d.file, d.offset, d.problem, d.action)}</li>
            ))}
          </ul>
          <p className="admin-hint">{t.doctorHint}</p>
        </div>
      )}
    </section>
  );
}
