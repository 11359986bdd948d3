import { useEffect, useState } from 'react';
import { STATUS_NAMES } from '../../../../shared/domain/appealRules';
import type { CallerFlag } from '../../../../shared/domain/callerFlags';
import type { EarlierAppeal } from '../../../../shared/domain/history';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import type { Appeal } from '../../../../shared/domain/types';
import { sendCommand } from '../../api/socket';
import { useIntakeSocket } from './CategoryPicker';
import { operatorStrings as t } from './strings';

interface Known {
  earlier: EarlierAppeal[];
  flags: CallerFlag[];
}

/** Answers by appeal (and its version), so a card re-rendered every second does not ask again. */
const cache = new Map<string, Known>();

/**
 * On a waiting or queued card (operator console only): how often this caller has called before, with
 * each earlier appeal's outcome and the citizen's rating, and the flags kept on the number. Never on
 * the wall: the big screen and the leader panel neither render this nor may ask for flags.
 */
export function RepeatCallerBadge({ appeal }: { appeal: Appeal }) {
  const socket = useIntakeSocket();
  const key = `${appeal.id}:${appeal.version}`;
  const [known, setKnown] = useState<Known | null>(cache.get(key) ?? null);
  useEffect(() => {
    if (!socket || cache.has(key) || appeal.caller.anonymous || appeal.caller.phone.replace(/\D/g, '').length < 7) return;
    let cancelled = false;
    void (async () => {
      const [history, flags] = await Promise.all([
        sendCommand(socket, 'appeal:history', { episodeId: appeal.episodeId, appealId: appeal.id }),
        sendCommand(socket, 'callerFlag:list', { phone: appeal.caller.phone }),
      ]);
      const value = { earlier: history.ok ? history.data.sameCaller : [], flags: flags.ok ? flags.data.flags : [] };
      cache.set(key, value);
      if (!cancelled) setKnown(value);
    })();
    return () => {
      cancelled = true;
    };
  }, [socket, key, appeal]);
  if (!known || (known.earlier.length === 0 && known.flags.length === 0)) return null;
  const s = t.callers;
  return (
    <div className="repeat-caller" data-testid="repeat-caller">
      {known.flags.map((f) => (
        <span key={f.flag} className={`caller-flag ${f.flag}`} title={`${f.reason}（${s.flagBy(f.by.name, f.at.slice(0, 10))}）`} data-testid="card-flag">
          {s.flagNames[f.flag]}
        </span>
      ))}
      {known.earlier.length > 0 && (
        <>
          <span className="repeat-badge" data-testid="repeat-badge">{s.repeat(known.earlier.length)}</span>
          <span className="repeat-outcomes">
            {known.earlier.slice(0, 3).map((e) => (
              <span key={e.appealId} className={`outcome ${e.status}`} title={e.summary}>
                {s.outcome(t.history.episode(e.episodeYear, e.episodeNumber), STATUS_NAMES[e.status], e.status === 'supervised' ? (e.rating ? RATING_NAMES[e.rating] : s.notRated) : null)}
              </span>
            ))}
          </span>
        </>
      )}
    </div>
  );
}
