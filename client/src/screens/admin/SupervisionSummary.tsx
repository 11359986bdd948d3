import { useEffect, useState } from 'react';
import { formatRate, SATISFACTION_DEFINITION } from '../../../../shared/domain/satisfaction';
import type { SupervisionListResult } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';
import { adminStrings as t } from './strings';

/** The admin's dashboard line for after the broadcast: items by state, due soon, overdue, and satisfaction. */
export function SupervisionSummary({ socket }: { socket: StudioSocket | null }) {
  const [summary, setSummary] = useState<Omit<SupervisionListResult, 'items'> | null>(null);
  useEffect(() => {
    if (!socket) return;
    const load = async () => {
      const response = await sendCommand(socket, 'supervision:list', { summaryOnly: true });
      if (response.ok) setSummary(response.data);
    };
    void load();
    socket.on('connect', load);
    socket.on('supervision:changed', load);
    socket.on('supervision:alert', load);
    return () => {
      socket.off('connect', load);
      socket.off('supervision:changed', load);
      socket.off('supervision:alert', load);
    };
  }, [socket]);
  if (!summary) return null;
  const { counts, satisfaction } = summary;
  const s = t.supervision;
  return (
    <section className="admin-dashboard" aria-label={s.heading} data-testid="admin-supervision">
      <h2>{s.heading}</h2>
      <dl>
        <div><dt>{s.withUnit}</dt><dd>{counts.withUnit}</dd></div>
        <div><dt>{s.replied}</dt><dd>{counts.replied}</dd></div>
        <div><dt>{s.closed}</dt><dd>{counts.closed}</dd></div>
        <div className={counts.dueSoon ? 'warn' : ''}><dt>{s.dueSoon}</dt><dd data-testid="admin-due-soon">{counts.dueSoon}</dd></div>
        <div className={counts.overdue ? 'alarm' : ''}><dt>{s.overdue}</dt><dd data-testid="admin-overdue">{counts.overdue}</dd></div>
        <div><dt>{s.satisfaction}</dt><dd>{formatRate(satisfaction.rate)}</dd></div>
      </dl>
      <p className="admin-hint">{s.ratedLine(s.ratedCount(satisfaction.rated), SATISFACTION_DEFINITION)}</p>
    </section>
  );
}
