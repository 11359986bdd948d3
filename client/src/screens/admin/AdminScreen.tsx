import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useCatalogue } from '../../api/useCatalogue';
import type { ScreenProps } from '../../screenProps';
import { AccountsSection } from './AccountsSection';
import { CalendarSection } from './CalendarSection';
import { CalendarCoverageBanner } from '../../ui/CalendarCoverageBanner';
import { CategoriesSection } from './CategoriesSection';
import { SupervisionSummary } from './SupervisionSummary';
import { SystemCondition } from './SystemCondition';
import { DisplayLinksSection } from './DisplayLinksSection';
import { ApiKeysSection } from './ApiKeysSection';
import { AuditSection } from './AuditSection';
import { EpisodesSection } from './EpisodesSection';
import { PeopleSection } from './PeopleSection';
import { adminStrings as t } from './strings';
import { UnitsSection } from './UnitsSection';
import './admin.css';

/** The sections in tab order: planning episodes is the daily job, the catalogue behind it follows. */
const TABS = ['episodes', 'units', 'people', 'accounts', 'displayLinks', 'apiKeys', 'calendar', 'categories', 'audit'] as const;
type Tab = (typeof TABS)[number];

function tabFromHash(): Tab {
  const wanted = window.location.hash.slice(1);
  return (TABS as readonly string[]).includes(wanted) ? (wanted as Tab) : 'episodes';
}

/**
 * 节目管理: episodes, units, people, accounts and big-screen links, one tab each (WAI-ARIA tabs:
 * arrow keys, Home and End move between tabs). The open tab is kept in the address (#units) so a
 * reload comes back to it.
 */
export default function AdminScreen({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const offline = !socket || connection !== 'connected';
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (window.location.hash.slice(1) !== tab) window.history.replaceState(null, '', `${window.location.pathname}#${tab}`);
  }, [tab]);

  const choose = (next: Tab, focus = false) => {
    setTab(next);
    if (focus) tabRefs.current[next]?.focus();
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    choose(TABS[(moves[event.key] + TABS.length) % TABS.length], true);
  };

  return (
    <section className="admin" aria-labelledby="admin-title">
      <div className="admin-head">
        <h1 id="admin-title">{t.title}</h1>
        <div role="tablist" aria-label={t.sectionsLabel} className="admin-tabs">
          {TABS.map((key) => (
            <button
              key={key}
              ref={(el) => {
                tabRefs.current[key] = el;
              }}
              type="button"
              role="tab"
              id={`admin-tab-${key}`}
              aria-selected={tab === key}
              aria-controls={`admin-panel-${key}`}
              tabIndex={tab === key ? 0 : -1}
              onClick={() => choose(key)}
              onKeyDown={onTabKey}
            >
              {t.tabs[key]}
            </button>
          ))}
        </div>
      </div>
      <SystemCondition />
      <CalendarCoverageBanner years={catalogue?.calendarYears} forAdmin />
      <SupervisionSummary socket={socket} />
      <div role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} className="admin-panel">
        {!catalogue ? (
          <p className="muted">{t.loading}</p>
        ) : tab === 'categories' ? (
          <CategoriesSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'calendar' ? (
          <CalendarSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'units' ? (
          <UnitsSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'people' ? (
          <PeopleSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'accounts' ? (
          <AccountsSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'displayLinks' ? (
          <DisplayLinksSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : tab === 'audit' ? (
          <AuditSection catalogue={catalogue} />
        ) : tab === 'apiKeys' ? (
          <ApiKeysSection socket={socket} catalogue={catalogue} offline={offline} />
        ) : (
          <EpisodesSection socket={socket} catalogue={catalogue} offline={offline} />
        )}
      </div>
    </section>
  );
}
