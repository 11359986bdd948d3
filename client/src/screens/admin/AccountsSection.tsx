import { Fragment, useRef, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/domain/types';
import { AccountCreate, AccountSetDisabled, LIMITS, Password, Username } from '../../../../shared/protocol/commands';
import type { AccountView } from '../../../../shared/protocol/events';
import { ConfirmPanel, Field, FormMessage, type SectionProps, unitNamer } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  password: string;
}

const EMPTY: Draft = { username: '', displayName: '', role: 'operator', unitId: '', password: '' };
const PASSWORD_MIN = Password.minLength ?? undefined;
const PASSWORD_MAX = Password.maxLength ?? undefined;
const USERNAME_MAX = Username.maxLength ?? undefined;
const COLUMNS = 6;

/** 账号: who can log in, with their role; a unit liaison (单位联络员) is bound to one unit. */
export function AccountsSection({ socket, catalogue, offline }: SectionProps) {
  const command = useAdminCommand(socket);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [showPassword, setShowPassword] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const unitName = unitNamer(catalogue.units);
  const needsUnit = draft.role === 'unit';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('account:create', AccountCreate, {
      username: draft.username,
      displayName: draft.displayName,
      role: draft.role,
      // Only a unit liaison is bound to a unit; the schema refuses a unit on any other role.
      unitId: needsUnit ? draft.unitId || null : null,
      password: draft.password,
    });
    if (!result) return;
    setCreated(t.accounts.created(result.account.username));
    setDraft({ ...EMPTY, role: draft.role });
    setShowPassword(false);
    firstField.current?.focus();
  };

  const accounts = [...catalogue.accounts].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.username.localeCompare(b.username));

  // 停用 / 启用 from the list: its own command, so its error shows under the row it is about, not in the form.
  const toggle = useAdminCommand(socket);
  /** The row being acted on: its confirm step, then the outcome of the last action. */
  const [target, setTarget] = useState<{ id: string; confirming: boolean } | null>(null);
  const [toggled, setToggled] = useState<string | null>(null);
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const focusRow = (id: string) => rowButtons.current.get(id)?.focus();

  const askToDisable = (account: AccountView) => {
    toggle.clearError();
    setToggled(null);
    setTarget({ id: account.id, confirming: true });
  };
  const cancelDisable = () => {
    if (!target) return;
    setTarget(null);
    focusRow(target.id);
  };
  const setDisabled = async (account: AccountView, disabled: boolean) => {
    toggle.clearError();
    setToggled(null);
    setTarget({ id: account.id, confirming: disabled });
    const result = await toggle.run('account:setDisabled', AccountSetDisabled, { accountId: account.id, disabled });
    setTarget({ id: account.id, confirming: false });
    if (result) setToggled(disabled ? t.accounts.disabledDone(result.account.username) : t.accounts.enabledDone(result.account.username));
    focusRow(account.id);
  };

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="accounts-heading">
        <div className="admin-card-head">
          <h2 id="accounts-heading">{t.accounts.heading}</h2>
          <span className="admin-count">{t.count(accounts.length)}</span>
        </div>
        <table className="admin-table" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">{t.accounts.username}</th>
              <th scope="col">{t.accounts.displayName}</th>
              <th scope="col">{t.accounts.role}</th>
              <th scope="col">{t.accounts.unit}</th>
              <th scope="col">{t.accounts.state}</th>
              <th scope="col" className="admin-col-action">
                {t.actions}
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => {
              const here = target?.id === account.id;
              const confirming = here && target.confirming;
              const outcome = here && !confirming && (toggle.error || toggled);
              return (
                <Fragment key={account.id}>
                  <tr className={account.disabled ? 'disabled' : undefined}>
                    <th scope="row" className="admin-mono">
                      {account.username}
                    </th>
                    <td>{account.displayName}</td>
                    <td>
                      <span className={`admin-role ${account.role}`}>{t.roles[account.role]}</span>
                    </td>
                    <td>{account.role === 'unit' ? unitName(account.unitId) : <span className="admin-dim">{t.none}</span>}</td>
                    <td className="admin-col-state">{account.disabled ? <span className="admin-disabled">{t.accounts.disabled}</span> : t.accounts.active}</td>
                    <td className="admin-col-action">
                      <button
                        ref={(el) => {
                          if (el) rowButtons.current.set(account.id, el);
                          else rowButtons.current.delete(account.id);
                        }}
                        type="button"
                        className={account.disabled ? 'admin-link-button admin-enable' : 'admin-link-button'}
                        aria-label={account.disabled ? t.accounts.enableLabel(account.username) : t.accounts.disableLabel(account.username)}
                        aria-expanded={account.disabled ? undefined : confirming}
                        disabled={toggle.busy || offline}
                        onClick={() => (account.disabled ? void setDisabled(account, false) : askToDisable(account))}
                      >
                        {here && toggle.busy && account.disabled ? t.accounts.enabling : account.disabled ? t.accounts.enable : t.accounts.disable}
                      </button>
                    </td>
                  </tr>
                  {(confirming || outcome) && (
                    <tr className="admin-row-panel">
                      <td colSpan={COLUMNS}>
                        {confirming ? (
                          <ConfirmPanel
                            id="account-disable-confirm"
                            heading={t.accounts.confirmHeading(account.username)}
                            text={t.accounts.confirmText(account.displayName)}
                            confirmLabel={t.accounts.confirm}
                            busyLabel={t.accounts.disabling}
                            busy={toggle.busy}
                            offline={offline}
                            onConfirm={() => void setDisabled(account, true)}
                            onCancel={cancelDisable}
                          />
                        ) : (
                          <FormMessage error={toggle.error} success={toggled} id="accounts-list-message" />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </section>

      <form className="admin-card admin-form" onSubmit={submit} aria-labelledby="account-form-heading" noValidate autoComplete="off">
        <h2 id="account-form-heading">{t.accounts.add}</h2>
        <Field id="account-username" label={t.accounts.username} required hint={t.accounts.usernameHint}>
          <input
            ref={firstField}
            id="account-username"
            value={draft.username}
            maxLength={USERNAME_MAX}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={command.invalid('username')}
            aria-describedby="account-username-hint"
            onChange={(e) => setDraft({ ...draft, username: e.target.value })}
          />
        </Field>
        <Field id="account-display-name" label={t.accounts.displayName} required>
          <input
            id="account-display-name"
            value={draft.displayName}
            placeholder={t.accounts.displayNamePlaceholder}
            maxLength={LIMITS.shortText}
            aria-invalid={command.invalid('displayName')}
            onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
          />
        </Field>
        <Field id="account-role" label={t.accounts.role}>
          <select id="account-role" value={draft.role} aria-invalid={command.invalid('role')} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t.roles[role]}
              </option>
            ))}
          </select>
        </Field>
        {needsUnit && (
          <Field id="account-unit" label={t.accounts.unit} required hint={t.accounts.unitHint}>
            <select
              id="account-unit"
              value={draft.unitId}
              aria-invalid={command.invalid('unitId')}
              aria-describedby="account-unit-hint"
              onChange={(e) => setDraft({ ...draft, unitId: e.target.value })}
            >
              <option value="">{t.accounts.chooseUnit}</option>
              {catalogue.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="account-password" label={t.accounts.password} required hint={t.accounts.passwordHint}>
          <input
            id="account-password"
            type={showPassword ? 'text' : 'password'}
            value={draft.password}
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            autoComplete="new-password"
            aria-invalid={command.invalid('password')}
            aria-describedby="account-password-hint"
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
          <span>{t.accounts.showPassword}</span>
        </label>
        <FormMessage error={command.error} success={created} id="account-form-message" />
        <div className="admin-buttons">
          <button type="submit" disabled={command.busy || offline}>
            {command.busy ? t.saving : t.accounts.create}
          </button>
        </div>
      </form>
    </div>
  );
}
