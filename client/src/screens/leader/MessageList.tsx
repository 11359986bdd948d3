import type { Appeal, StudioMessage } from '../../../../shared/domain/types';
import { ExpandableItem } from './Expandable';
import { leaderStrings as t } from './strings';

interface Props {
  messages: StudioMessage[];
  appeals: Record<string, Appeal>;
  onMarkRead: (messageId: string) => void;
  disabled: boolean;
  error: string | null;
}

/** Notes from the operator, newest first: unread ones stand out with a 已读 button, read ones step back. */
export function MessageList({ messages, appeals, onMarkRead, disabled, error }: Props) {
  const unread = messages.filter((m) => !m.readAt).length;
  return (
    <section className="lp-card lp-messages" aria-labelledby="lp-messages-title" data-testid="leader-messages">
      <h2 id="lp-messages-title" className="lp-card-title">
        {t.messagesTitle}
        {unread > 0 && <span className="lp-unread-count">{t.unreadCount(unread)}</span>}
      </h2>
      {error && (
        <p className="lp-error" role="alert">
          {error}
        </p>
      )}
      <div className="lp-card-body">
      {messages.length === 0 ? (
        <p className="lp-empty">{t.messagesNone}</p>
      ) : (
        <ul className="lp-message-list">
          {messages.map((message) => {
            const about = message.appealId ? appeals[message.appealId] : undefined;
            return (
              <ExpandableItem key={message.id} className={`lp-message ${message.readAt ? 'lp-read' : 'lp-unread'}`} testId="leader-message">
                <div className="lp-message-head">
                  <span>{t.sentAt(message.sentAt)}</span>
                  <span>{message.sentBy}</span>
                  {about && <span className="lp-message-about">{t.aboutAppeal(about.no)}</span>}
                  {message.readAt && <span className="lp-message-read-at">{t.readAt(message.readAt)}</span>}
                </div>
                <div className="lp-message-body">
                  <p className="lp-message-text lp-clamp">{message.text}</p>
                  {!message.readAt && (
                    <button type="button" className="lp-button lp-read-button" disabled={disabled} onClick={() => onMarkRead(message.id)}>
                      {t.markRead}
                    </button>
                  )}
                </div>
              </ExpandableItem>
            );
          })}
        </ul>
      )}
      </div>
    </section>
  );
}
