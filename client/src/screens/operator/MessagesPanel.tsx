import { useState, type FormEvent } from 'react';
import type { StudioMessage } from '../../../../shared/domain/types';
import type { useCommand } from '../../api/useCommand';
import { formatClock } from '../../ui/format';
import { operatorStrings as t } from './strings';

/** Notes to the leader panel, newest first, each with its read receipt. */
export function MessagesPanel({ messages, episodeId, command }: { messages: StudioMessage[]; episodeId: string; command: ReturnType<typeof useCommand> }) {
  const [text, setText] = useState('');
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() && (await command.run('message:send', { episodeId, text, appealId: null }))) setText('');
  };
  return (
    <section className="panel messages" aria-label={t.messages.heading}>
      <h3>
        {t.messages.heading} <span className="hint inline">{t.messages.hint}</span>
      </h3>
      <form onSubmit={send} className="row">
        <input className="grow" name="message" aria-label={t.messages.heading} placeholder={t.messages.placeholder} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={!text.trim() || command.busy}>{t.messages.send}</button>
      </form>
      <ul data-testid="operator-messages">
        {messages.map((m) => (
          <li key={m.id}>
            <span className="text">{m.text}</span>
            <span className={m.readAt ? 'receipt read' : 'receipt'}>{m.readAt ? t.messages.read(formatClock(new Date(m.readAt))) : t.messages.unread}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
