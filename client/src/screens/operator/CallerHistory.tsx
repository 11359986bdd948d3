import { STATUS_NAMES } from '../../../../shared/domain/appealRules';
import type { EarlierAppeal } from '../../../../shared/domain/history';
import type { AppealHistoryResult } from '../../../../shared/protocol/events';
import { operatorStrings as t } from './strings';

function Entry({ entry }: { entry: EarlierAppeal }) {
  return (
    <li>
      <span className="meta">
        {t.history.episode(entry.episodeYear, entry.episodeNumber)} · {entry.receivedAt.slice(0, 10)} · <b className={`status ${entry.status}`}>{STATUS_NAMES[entry.status]}</b>
      </span>
      <span className="text">{entry.summary}</span>
      {entry.answer?.commitment && <span className="meta">{t.history.commitment(entry.answer.commitment)}</span>}
    </li>
  );
}

/** What the centre already knows about this caller and this matter, shown while the call is taken. */
export function CallerHistory({ history }: { history: AppealHistoryResult | null }) {
  if (!history || (history.sameCaller.length === 0 && history.sameMatter.length === 0)) return null;
  return (
    <section className="caller-history" data-testid="caller-history" aria-label={t.history.heading}>
      {history.sameCaller.length > 0 && (
        <>
          <h4>{t.history.withCount(t.history.sameCaller, history.sameCaller.length)}</h4>
          <ul>{history.sameCaller.map((e) => <Entry key={e.appealId} entry={e} />)}</ul>
        </>
      )}
      {history.sameMatter.length > 0 && (
        <>
          <h4>{t.history.withCount(t.history.sameMatter, history.sameMatter.length)}</h4>
          <ul>{history.sameMatter.map((e) => <Entry key={e.appealId} entry={e} />)}</ul>
        </>
      )}
    </section>
  );
}
