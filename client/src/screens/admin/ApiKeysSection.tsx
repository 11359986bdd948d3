import { useCallback, useEffect, useRef, useState, type CSSProperties, type FormEvent } from 'react';
import type { Role } from '../../../../shared/domain/types';
import { API_KEY_ROLES, LIMITS } from '../../../../shared/protocol/commands';
import type { ApiKeyView } from '../../../../shared/protocol/views';
import { apiCommandsFor, COMMANDS, type CommandName } from '../../../../shared/protocol/registry';
import { sendCommand } from '../../api/socket';
import { Field, FormMessage, unitNamer, type SectionProps } from './parts';
import { RowPanel, useRowAction } from './RowAction';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

type KeyRole = (typeof API_KEY_ROLES)[number];

interface CreatedKey {
  id: string;
  label: string;
  /** The secret, or null when the server answered a retried command (it never repeats it). */
  key: string | null;
}

/** A read changes nothing: it carries no commandId. */
function isRead(name: CommandName): boolean {
  const shape = (COMMANDS[name].schema as unknown as { shape?: Record<string, unknown> }).shape;
  return !(shape && 'commandId' in shape);
}

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

// The tick list lays itself out in columns; kept here so the section brings its own layout.
const SCOPE_LIST: CSSProperties = { listStyle: 'none', margin: '0.4rem 0 0', padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(16rem, 1fr))', gap: '0.25rem 1rem' };
const SCOPE_ITEM: CSSProperties = { display: 'flex', alignItems: 'center', gap: '0.4rem', fontWeight: 'normal', margin: 0 };
const CHECKBOX: CSSProperties = { width: 'auto', margin: 0, flex: 'none' };
const SCOPE_BOX: CSSProperties = { border: '1px solid var(--line, #d0d5dd)', borderRadius: 6, padding: '0.5rem 0.75rem 0.75rem', margin: 0 };

const revokeConfirm = (key: ApiKeyView) => ({
  id: 'api-key-revoke-confirm',
  heading: t.apiKeys.revokeHeading(key.label),
  text: t.apiKeys.revokeText,
  confirmLabel: t.apiKeys.revokeConfirm,
  busyLabel: t.apiKeys.revoking,
});

/**
 * 接口密钥: keys for other systems (the 12345 platform…) to call /api/v1 (docs/integration.md). A
 * key acts as one role for the commands ticked here; the server keeps only its hash, so the key is
 * shown once, in this component's memory. The list names every key, what it may do, when it was
 * last used; 停用 (after a confirm) refuses its next call.
 */
export function ApiKeysSection({ socket, catalogue, offline }: SectionProps) {
  const command = useAdminCommand(socket);
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<KeyRole>('followup');
  const [unitId, setUnitId] = useState('');
  const [scope, setScope] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const keyField = useRef<HTMLInputElement>(null);
  const unitName = unitNamer(catalogue.units);
  const offered = apiCommandsFor(role);

  const load = useCallback(async () => {
    if (!socket) return;
    const response = await sendCommand(socket, 'apiKey:list', {});
    if (response.ok) setKeys(response.data.apiKeys);
  }, [socket]);

  useEffect(() => {
    void load();
    socket?.on('connect', load);
    return () => {
      socket?.off('connect', load);
    };
  }, [socket, load]);

  useEffect(() => {
    if (created?.key) keyField.current?.select();
  }, [created]);

  const chooseRole = (next: KeyRole) => {
    setRole(next);
    // What the new role may not run leaves the scope.
    const allowed = new Set<string>(apiCommandsFor(next));
    setScope((current) => current.filter((name) => allowed.has(name)));
    if (next !== 'unit') setUnitId('');
  };

  const toggle = (name: string) => setScope((current) => (current.includes(name) ? current.filter((n) => n !== name) : [...current, name]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('apiKey:create', { label, role, unitId: role === 'unit' ? unitId || null : null, scope });
    if (!result) return;
    setCreated({ id: result.apiKey.id, label: result.apiKey.label, key: result.key });
    setCopyState('idle');
    setLabel('');
    setScope([]);
    void load();
  };

  const copy = async () => {
    if (!created?.key) return;
    setCopyState((await copyText(created.key, keyField.current)) ? 'copied' : 'failed');
  };

  const revoke = useRowAction(socket);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const confirmRevoke = async (key: ApiKeyView) => {
    const result = await revoke.run(key.id, true, () => revoke.command.run('apiKey:revoke', { apiKeyId: key.id }), (r) => t.apiKeys.revokedDone(r.apiKey.label));
    await load();
    if (result) listHeading.current?.focus();
    else revoke.focus(key.id);
  };

  const list = keys ?? [];
  const shown = created && !list.some((k) => k.id === created.id && k.revokedAt) ? created : null;

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="api-keys-heading">
        <h2 id="api-keys-heading">{t.apiKeys.heading}</h2>
        <p className="admin-intro">{t.apiKeys.intro}</p>
        <form className="admin-form" onSubmit={submit} noValidate aria-label={t.apiKeys.heading}>
          <Field id="api-key-label" label={t.apiKeys.label} required>
            <input
              id="api-key-label"
              value={label}
              placeholder={t.apiKeys.labelPlaceholder}
              maxLength={LIMITS.shortText}
              aria-invalid={command.invalid('label')}
              onChange={(e) => setLabel(e.target.value)}
            />
          </Field>
          <Field id="api-key-role" label={t.apiKeys.role} required>
            <select id="api-key-role" value={role} aria-invalid={command.invalid('role')} onChange={(e) => chooseRole(e.target.value as KeyRole)}>
              {API_KEY_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t.roles[r as Role]}
                </option>
              ))}
            </select>
          </Field>
          {role === 'unit' && (
            <Field id="api-key-unit" label={t.apiKeys.unit} required>
              <select id="api-key-unit" value={unitId} aria-invalid={command.invalid('unitId')} onChange={(e) => setUnitId(e.target.value)}>
                <option value="">{t.apiKeys.chooseUnit}</option>
                {catalogue.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <fieldset className="admin-api-scope" style={SCOPE_BOX} aria-invalid={command.invalid('scope')} data-testid="api-key-scope">
            <legend>{t.apiKeys.scope}</legend>
            <p className="admin-hint">{t.apiKeys.scopeHint}</p>
            <div className="admin-api-scope-actions" style={{ display: 'flex', gap: '1rem' }}>
              <button type="button" className="admin-link-button" onClick={() => setScope([...offered])}>
                {t.apiKeys.selectAll}
              </button>
              <button type="button" className="admin-link-button" onClick={() => setScope([])}>
                {t.apiKeys.selectNone}
              </button>
            </div>
            <ul className="admin-api-scope-list" style={SCOPE_LIST}>
              {offered.map((name) => (
                <li key={name}>
                  <label style={SCOPE_ITEM}>
                    <input type="checkbox" style={CHECKBOX} checked={scope.includes(name)} onChange={() => toggle(name)} />
                    <code>{name}</code>
                    {isRead(name) && <small className="muted">{t.apiKeys.readOnly}</small>}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" disabled={command.busy || offline}>
            {command.busy ? t.apiKeys.creating : t.apiKeys.create}
          </button>
        </form>
        <FormMessage error={command.error} id="api-key-form-message" />

        {shown && (
          <div className="admin-link-result" role="region" aria-label={t.apiKeys.resultHeading(shown.label)} data-testid="api-key-result">
            <h3>{t.apiKeys.resultHeading(shown.label)}</h3>
            {shown.key ? (
              <>
                <div className="admin-link-row">
                  <input ref={keyField} readOnly className="admin-mono" aria-label={t.apiKeys.keyLabel} value={shown.key} data-testid="api-key-secret" onFocus={(e) => e.target.select()} />
                  <button type="button" onClick={() => void copy()}>
                    {t.apiKeys.copy}
                  </button>
                </div>
                <p role="status" className={copyState === 'failed' ? 'admin-form-error' : 'admin-form-ok'}>
                  {copyState === 'copied' ? t.apiKeys.copied : copyState === 'failed' ? t.apiKeys.copyFailed : ''}
                </p>
                <p className="admin-hint admin-mono">{t.apiKeys.usage(`${shown.key.slice(0, 12)}…`)}</p>
                <p className="admin-warning">{t.apiKeys.onceNote}</p>
              </>
            ) : (
              <p className="admin-warning">{t.apiKeys.retryNoKey}</p>
            )}
          </div>
        )}
      </section>

      <section className="admin-card" aria-labelledby="api-keys-list-heading">
        <div className="admin-card-head">
          <h2 id="api-keys-list-heading" ref={listHeading} tabIndex={-1}>
            {t.apiKeys.existing}
          </h2>
          <span className="admin-count">{t.count(list.length)}</span>
        </div>
        <p className="admin-hint">{t.apiKeys.existingHint}</p>
        {keys === null ? (
          <p className="muted">{t.loading}</p>
        ) : list.length === 0 ? (
          <p className="admin-empty">{t.apiKeys.noneYet}</p>
        ) : (
          <ul className="admin-plain-list admin-display-links" data-testid="api-keys">
            {list.map((key) => {
              const confirming = revoke.confirming(key.id) && !key.revokedAt;
              const outcome = revoke.here(key.id) && !confirming && (revoke.command.error || revoke.done);
              return (
                <li key={key.id} className={key.revokedAt ? 'revoked' : undefined}>
                  <div className="admin-display-link">
                    <strong>{key.label}</strong>
                    <small>
                      {t.apiKeys.actsAs(t.roles[key.role], key.prefix)}
                      {key.unitId ? ` · ${unitName(key.unitId)}` : ''}
                    </small>
                    <small className="admin-mono">{t.apiKeys.scopeLine(key.scope.join('、'))}</small>
                    <small>{t.apiKeys.createdAt(t.moment(key.createdAt), key.createdBy)}</small>
                    <small>
                      {t.apiKeys.lastUsed(key.lastUsedAt ? t.moment(key.lastUsedAt) : null)} · {t.apiKeys.calls(key.calls, key.refused)}
                    </small>
                    {key.revokedAt && <small>{t.apiKeys.revokedAt(t.moment(key.revokedAt))}</small>}
                  </div>
                  {key.revokedAt ? (
                    <span className="admin-disabled">{t.apiKeys.revoked}</span>
                  ) : (
                    <button
                      ref={revoke.buttonRef(key.id)}
                      type="button"
                      className="admin-link-button"
                      aria-label={t.apiKeys.revokeLabel(key.label)}
                      aria-expanded={confirming}
                      disabled={revoke.command.busy || offline}
                      onClick={() => revoke.ask(key.id)}
                    >
                      {t.apiKeys.revoke}
                    </button>
                  )}
                  {(confirming || outcome) && (
                    <div className="admin-row-panel">
                      <RowPanel action={revoke} confirming={confirming} confirm={revokeConfirm(key)} messageId="api-keys-message" offline={offline} onConfirm={() => void confirmRevoke(key)} />
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
