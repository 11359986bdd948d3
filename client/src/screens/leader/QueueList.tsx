import { callerLabel } from '../../../../shared/domain/masking';
import type { Appeal } from '../../../../shared/domain/types';
import { ExpandableItem } from './Expandable';
import { leaderStrings as t } from './strings';

const SHOWN = 5;

/** The next few appeals in on-air order, two lines each; the whole summary opens in place. */
export function QueueList({ queue }: { queue: Appeal[] }) {
  const shown = queue.slice(0, SHOWN);
  return (
    <section className="lp-card lp-queue" aria-labelledby="lp-queue-title" data-testid="leader-queue">
      <h2 id="lp-queue-title" className="lp-card-title">
        {t.queueTitle}
        {queue.length > 0 && <span className="lp-card-aside">{t.queueCount(queue.length)}</span>}
      </h2>
      <div className="lp-card-body">
      {shown.length === 0 ? (
        <p className="lp-empty">{t.queueEmpty}</p>
      ) : (
        <ol className="lp-queue-list">
          {shown.map((appeal) => (
            <ExpandableItem key={appeal.id} className="lp-queue-item">
              <div className="lp-queue-who">
                <span className="lp-no">{t.callNo(appeal.no)}</span>
                <span className="lp-queue-name">{callerLabel(appeal.caller)}</span>
                {appeal.area && <span className="lp-queue-area">{appeal.area}</span>}
              </div>
              <p className="lp-queue-summary lp-clamp lp-clamp-2">{appeal.summary}</p>
            </ExpandableItem>
          ))}
        </ol>
      )}
      {queue.length > SHOWN && <p className="lp-more">{t.queueMore(queue.length - SHOWN)}</p>}
      </div>
    </section>
  );
}
