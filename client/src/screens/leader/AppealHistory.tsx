import { useEffect, useState } from 'react';
import { STATUS_NAMES } from '../../../../shared/domain/appealRules';
import { matterKey, type EarlierAppeal } from '../../../../shared/domain/history';
import type { Appeal } from '../../../../shared/domain/types';
import type { AppealHistoryResult } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';
import { ExpandableItem } from './Expandable';
import { LabelledText } from './LabelledText';
import { leaderStrings as t } from './strings';

type Loaded = { key: string; result: AppealHistoryResult; error: null } | { key: string; result: null; error: string };

/**
 * The on-air caller's earlier appeals and other citizens' appeals on the same matter, asked of the
 * server by the on-air appeal's id (the panel never holds a phone number to ask with). Asked again
 * when another appeal goes on air, when its area or category is corrected, and after a reconnect.
 */
export function useAppealHistory(socket: StudioSocket | null, episodeId: string, appeal: Appeal | null, online: boolean): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const appealId = appeal?.id ?? null;
  const key = appeal ? `${appeal.id}|${appeal.area}|${appeal.category}` : null;

  useEffect(() => {
    if (!socket || !appealId || !key || !online) return;
    let cancelled = false;
    void sendCommand(socket, 'appeal:history', { episodeId, appealId }).then((response) => {
      if (cancelled) return;
      setLoaded(response.ok ? { key, result: response.data, error: null } : { key, result: null, error: response.error.message });
    });
    return () => {
      cancelled = true;
    };
  }, [socket, episodeId, appealId, key, online]);

  // A history fetched for an earlier call is never shown next to the current one.
  return loaded && loaded.key === key ? loaded : null;
}

export function AppealHistory({ appeal, history }: { appeal: Appeal | null; history: Loaded | null }) {
  return (
    <section className="lp-card lp-history" aria-labelledby="lp-history-title" data-testid="leader-history">
      <h2 id="lp-history-title" className="lp-card-title">
        {t.historyTitle}
      </h2>
      <div className="lp-card-body">
      {!appeal ? (
        <p className="lp-empty">{t.historyNoCall}</p>
      ) : !history ? (
        <p className="lp-empty">{t.historyLoading}</p>
      ) : history.error !== null ? (
        <p className="lp-error" role="alert">{history.error}</p>
      ) : (
        <>
          <div data-testid="leader-history-caller">
            {history.result.sameCaller.length === 0 ? (
              <p className="lp-empty">{t.historyNone}</p>
            ) : (
              <ul className="lp-history-list">
                {history.result.sameCaller.map((item) => (
                  <HistoryItem key={item.appealId} item={item} matter={matterKey(item) === matterKey(appeal) ? 'same' : 'other'} />
                ))}
              </ul>
            )}
          </div>
          <h3 className="lp-subtitle">
            {t.sameMatterTitle}
            {appeal.category && <span className="lp-card-aside">{t.sameMatterHint(appeal.area, appeal.category)}</span>}
          </h3>
          <div data-testid="leader-history-matter">
            {history.result.sameMatter.length === 0 ? (
              <p className="lp-empty">{t.sameMatterNone}</p>
            ) : (
              <ul className="lp-history-list lp-history-others">
                {history.result.sameMatter.map((item) => (
                  <HistoryItem key={item.appealId} item={item} matter="listed" />
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      </div>
    </section>
  );
}

/**
 * One earlier appeal. Its area and category are spelled out only when they differ from the call on
 * air ('other'); the caller's appeals on the same matter are marked ('same'); the same-matter list
 * has them in its heading already ('listed').
 */
function HistoryItem({ item, matter }: { item: EarlierAppeal; matter: 'same' | 'other' | 'listed' }) {
  return (
    <ExpandableItem className="lp-history-item">
      <div className="lp-history-head">
        <span className="lp-history-episode">{t.episode(item.episodeYear, item.episodeNumber)}</span>
        <span>{t.receivedOn(item.receivedAt)}</span>
        {matter === 'same' && <span className="lp-same-matter">{t.sameMatterTag}</span>}
        {matter === 'other' && <span>{[item.area, item.category].filter(Boolean).join(' · ')}</span>}
        <span className={`lp-outcome lp-outcome-${item.status}`}>{STATUS_NAMES[item.status]}</span>
      </div>
      <p className="lp-history-summary lp-clamp">{item.summary}</p>
      <Detail label={t.answerPoints} text={item.answer?.points} />
      <Detail label={t.commitment} text={item.answer?.commitment} />
      <Detail label={t.handOverReason} text={item.handOverReason} />
    </ExpandableItem>
  );
}

const Detail = ({ label, text }: { label: string; text: string | null | undefined }) => <LabelledText className="lp-history-detail lp-clamp lp-clamp-2" labelClassName="lp-detail-label" label={label} text={text} />;
