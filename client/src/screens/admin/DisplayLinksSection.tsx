import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/protocol/commands';
import type { DisplayLinkView } from '../../../../shared/protocol/events';
import { Field, FormMessage, type SectionProps } from './parts';
import { RowPanel, useRowAction } from './RowAction';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

interface CreatedLink {
  id: string;
  label: string;
  /** Full address, or null when the server answered a retried command (it never repeats the key). */
  url: string | null;
}

/** Copy text; the async clipboard needs a secure context, so fall back to selecting the field. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection copy
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** What the confirm step before 停用 says: the screen disconnects and the link is dead for good. */
const revokeConfirm = (link: DisplayLinkView) => ({
  id: 'display-link-revoke-confirm',
  heading: t.displayLinks.revokeHeading(link.label),
  text: t.displayLinks.revokeText,
  confirmLabel: t.displayLinks.revokeConfirm,
  busyLabel: t.displayLinks.revoking,
});

/**
 * 大屏链接: a sign-in-free address for the studio's big screen. The server keeps only a hash of
 * its key, so the full link is shown here once, in this component's memory, and gone when the admin
 * leaves the tab. The list beside it names every link made so far; 停用 (after a confirm) disconnects
 * the screen that opened it, and the link stops working for good.
 */
export function DisplayLinksSection({ socket, catalogue, offline }: SectionProps) {
  const command = useAdminCommand(socket);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<CreatedLink | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const linkField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (created?.url) linkField.current?.select();
  }, [created]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('displayLink:create', { label });
    if (!result) return;
    setCreated({ id: result.id, label: result.label, url: result.path ? `${window.location.origin}${result.path}` : null });
    setCopyState('idle');
    setLabel('');
  };

  const copy = async () => {
    if (!created?.url) return;
    setCopyState((await copyText(created.url, linkField.current)) ? 'copied' : 'failed');
  };

  // 停用 a link, after a confirm; its outcome shows under the link it is about.
  const revoke = useRowAction(socket);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const confirmRevoke = async (link: DisplayLinkView) => {
    const result = await revoke.run(link.id, true, () => revoke.command.run('displayLink:revoke', { displayLinkId: link.id }), (r) => t.displayLinks.revokedDone(r.displayLink.label));
    if (result) listHeading.current?.focus(); // the link's 停用 button is gone
    else revoke.focus(link.id);
  };

  const links = catalogue.displayLinks;
  // A link revoked while its address is still on show must not be copied any more.
  const shown = created && !links.some((l) => l.id === created.id && l.revokedAt) ? created : null;

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="links-heading">
        <h2 id="links-heading">{t.displayLinks.heading}</h2>
        <p className="admin-intro">{t.displayLinks.intro}</p>
        <form className="admin-form admin-form-row" onSubmit={submit} noValidate aria-label={t.displayLinks.heading}>
          <Field id="link-label" label={t.displayLinks.label} required>
            <input
              id="link-label"
              value={label}
              placeholder={t.displayLinks.labelPlaceholder}
              maxLength={LIMITS.shortText}
              aria-invalid={command.invalid('label')}
              onChange={(e) => setLabel(e.target.value)}
            />
          </Field>
          <button type="submit" disabled={command.busy || offline}>
            {command.busy ? t.displayLinks.creating : t.displayLinks.create}
          </button>
        </form>
        <FormMessage error={command.error} id="link-form-message" />

        {shown && (
          <div className="admin-link-result" role="region" aria-label={t.displayLinks.resultHeading(shown.label)} data-testid="display-link-result">
            <h3>{t.displayLinks.resultHeading(shown.label)}</h3>
            {shown.url ? (
              <>
                <div className="admin-link-row">
                  <input
                    ref={linkField}
                    readOnly
                    className="admin-mono"
                    aria-label={t.displayLinks.linkLabel}
                    value={shown.url}
                    data-testid="display-link"
                    onFocus={(e) => e.target.select()}
                  />
                  <button type="button" onClick={() => void copy()}>
                    {t.displayLinks.copy}
                  </button>
                </div>
                <p role="status" className={copyState === 'failed' ? 'admin-form-error' : 'admin-form-ok'} data-testid="copy-status">
                  {copyState === 'copied' ? t.displayLinks.copied : copyState === 'failed' ? t.displayLinks.copyFailed : ''}
                </p>
                <p className="admin-warning">{t.displayLinks.onceNote}</p>
              </>
            ) : (
              <p className="admin-warning">{t.displayLinks.retryNoPath}</p>
            )}
          </div>
        )}
      </section>

      <section className="admin-card" aria-labelledby="display-links-heading">
        <div className="admin-card-head">
          <h2 id="display-links-heading" ref={listHeading} tabIndex={-1}>
            {t.displayLinks.existing}
          </h2>
          <span className="admin-count">{t.count(links.length)}</span>
        </div>
        <p className="admin-hint">{t.displayLinks.existingHint}</p>
        {links.length === 0 ? (
          <p className="admin-empty">{t.displayLinks.noneYet}</p>
        ) : (
          <ul className="admin-plain-list admin-display-links" data-testid="display-links">
            {links.map((link) => {
              const confirming = revoke.confirming(link.id) && !link.revokedAt;
              const outcome = revoke.here(link.id) && !confirming && (revoke.command.error || revoke.done);
              return (
                <li key={link.id} className={link.revokedAt ? 'revoked' : undefined}>
                  <div className="admin-display-link">
                    <strong>{link.label}</strong>
                    <small>{t.displayLinks.createdAt(t.moment(link.createdAt))}</small>
                    {link.revokedAt && <small>{t.displayLinks.revokedAt(t.moment(link.revokedAt))}</small>}
                  </div>
                  {link.revokedAt ? (
                    <span className="admin-disabled">{t.displayLinks.revoked}</span>
                  ) : (
                    <button
                      ref={revoke.buttonRef(link.id)}
                      type="button"
                      className="admin-link-button"
                      aria-label={t.displayLinks.revokeLabel(link.label)}
                      aria-expanded={confirming}
                      disabled={revoke.command.busy || offline}
                      onClick={() => revoke.ask(link.id)}
                    >
                      {t.displayLinks.revoke}
                    </button>
                  )}
                  {(confirming || outcome) && (
                    <div className="admin-row-panel">
                      <RowPanel action={revoke} confirming={confirming} confirm={revokeConfirm(link)} messageId="display-links-message" offline={offline} onConfirm={() => void confirmRevoke(link)} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
