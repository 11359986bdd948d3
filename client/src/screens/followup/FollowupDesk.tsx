import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useCatalogue } from '../../api/useCatalogue';
import { CalendarCoverageBanner } from '../../ui/CalendarCoverageBanner';
import type { ScreenProps } from '../../screenProps';
import { DeskActions, ExtensionDecision } from './DeskActions';
import { OnAirCallbacks } from './OnAirCallbacks';
import { followupStrings as t } from './strings';
import { Workspace } from './Workspace';

const TABS = ['supervision', 'onAir'] as const;
type Tab = (typeof TABS)[number];
/** The open tab is kept in the address (#onair), so a reload or a shared link opens the same one. */
const HASH: Record<Tab, string> = { supervision: '', onAir: 'onair' };

function tabFromHash(): Tab {
  return window.location.hash.slice(1) === HASH.onAir ? 'onAir' : 'supervision';
}

/**
 * 督办台: every supervised item of every episode, for follow-up staff (and admins). Filter by unit,
 * episode, status and deadline; see the counts, the satisfaction rate with its definition and live
 * due alerts; open an item for its whole history, the unit's replies and extension requests, and
 * act on it: 改派, 调整期限, 催办, 代单位答复, 回访, 办结, and 同意 / 不同意 an extension.
 * Its second tab, 现场回应回访, calls back the citizens whose appeals were answered on air.
 */
export default function FollowupDesk({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const offline = !socket || connection !== 'connected';
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  useEffect(() => {
    const hash = HASH[tab];
    if (window.location.hash.slice(1) !== hash) window.history.replaceState(null, '', `${window.location.pathname}${hash ? `#${hash}` : ''}`);
  }, [tab]);

  // WAI-ARIA tabs: the arrow keys, Home and End move between them.
  const onKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = TABS[(moves[event.key] + TABS.length) % TABS.length];
    setTab(next);
    refs.current[next]?.focus();
  };

  return (
    <>
      <CalendarCoverageBanner years={catalogue?.calendarYears} forAdmin={false} />
      <div role="tablist" aria-label={t.tabsLabel} className="fu-tabs">
        {TABS.map((key) => (
          <button
            key={key}
            ref={(el) => {
              refs.current[key] = el;
            }}
            type="button"
            role="tab"
            id={`fu-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`fu-panel-${key}`}
            tabIndex={tab === key ? 0 : -1}
            data-testid={`fu-tab-${key}`}
            onClick={() => setTab(key)}
            onKeyDown={onKey}
          >
            {t.tabs[key]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`fu-panel-${tab}`} aria-labelledby={`fu-tab-${tab}`} className="fu-panel">
        {tab === 'onAir' ? (
          <OnAirCallbacks socket={socket} offline={offline} catalogue={catalogue} />
        ) : (
          <Workspace
            socket={socket}
            offline={offline}
            catalogue={catalogue}
            className="followup"
            heading={t.title}
            unitScope={null}
            actions={(ctx) => <DeskActions socket={socket} units={catalogue?.units ?? []} {...ctx} />}
            extensionControls={(request, ctx) => <ExtensionDecision socket={socket} request={request} {...ctx} />}
          />
        )}
      </div>
    </>
  );
}
