import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DisplayLinkCreate, LIMITS } from '../../../../shared/protocol/commands';
import { Field, FormMessage, type SectionProps } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

interface CreatedLink {
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

/**
 * 大屏链接: a sign-in-free address for the studio's big screen. The server keeps only a hash of
 * its key, so the full link is shown here once, in this component's memory, and gone when the admin
 * leaves the tab.
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
    const result = await command.run('displayLink:create', DisplayLinkCreate, { label });
    if (!result) return;
    setCreated({ label: result.label, url: result.path ? `${window.location.origin}${result.path}` : null });
    setCopyState('idle');
    setLabel('');
  };

  const copy = async () => {
    if (!created?.url) return;
    setCopyState((await copyText(created.url, linkField.current)) ? 'copied' : 'failed');
  };

  const screens = catalogue.accounts.filter((a) => a.role === 'screen');

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

        {created && (
          <div className="admin-link-result" role="region" aria-label={t.displayLinks.resultHeading(created.label)} data-testid="display-link-result">
            <h3>{t.displayLinks.resultHeading(created.label)}</h3>
            {created.url ? (
              <>
                <div className="admin-link-row">
                  <input
                    ref={linkField}
                    readOnly
                    className="admin-mono"
                    aria-label={t.displayLinks.linkLabel}
                    value={created.url}
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

      <section className="admin-card" aria-labelledby="screens-heading">
        <div className="admin-card-head">
          <h2 id="screens-heading">{t.displayLinks.existing}</h2>
          <span className="admin-count">{t.count(screens.length)}</span>
        </div>
        <p className="admin-hint">{t.displayLinks.existingHint}</p>
        {screens.length === 0 ? (
          <p className="admin-empty">{t.displayLinks.noneYet}</p>
        ) : (
          <ul className="admin-plain-list" data-testid="screen-accounts">
            {screens.map((a) => (
              <li key={a.id}>
                <strong>{a.displayName}</strong>
                <span className="admin-mono admin-dim">{a.username}</span>
                {a.disabled && <span className="admin-disabled">{t.accounts.disabled}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
