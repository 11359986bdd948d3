import { callerLabel } from '../../../../shared/domain/masking';
import type { Appeal } from '../../../../shared/domain/types';
import { leaderStrings as t } from './strings';

const SHOWN = 5;

/** The next few appeals in on-air order, one line each. */
export function QueueList({ queue }: { queue: Appeal[] }) {
  const shown = queue.slice(0, SHOWN);
  return (
    <section className="lp-card lp-queue" aria-labelledby="lp-queue-title" data-testid="leader-queue">
      <h2 id="lp-queue-title" className="lp-card-title">
        {t.queueTitle}
        {queue.length > 0 && <span className="lp-card-aside">{t.queueCount(queue.length)}</span>}
      </h2>
      {shown.length === 0 ? (
        <p className="lp-empty">{t.queueEmpty}</p>
      ) : (
        <ol className="lp-queue-list">
          {shown.map((appeal) => (
            <li key={appeal.id} className="lp-queue-item">
              <div className="lp-queue-who">
                <span className="lp-no">{t.callNo(appeal.no)}</span>
                <span className="lp-queue-name">{callerLabel(appeal.caller)}</span>
                {appeal.area && <span className="lp-queue-area">{appeal.area}</span>}
              </div>
              <div className="lp-queue-summary" title={appeal.summary}>
                {appeal.summary}
              </div>
            </li>
          ))}
        </ol>
      )}
      {queue.length > SHOWN && <p className="lp-more">{t.queueMore(queue.length - SHOWN)}</p>}
    </section>
  );
}
