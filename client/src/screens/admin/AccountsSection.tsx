import { Fragment, useState } from 'react';
import { ROLES, type Role } from '../../../../shared/domain/types';
import { LIMITS, Password, Username } from '../../../../shared/protocol/commands';
import type { AccountView } from '../../../../shared/protocol/events';
import { CatalogueForm, CatalogueList, ChoiceField, unitChoices, useCatalogueEditor } from './CatalogueEditor';
import { Field, type SectionProps, unitNamer } from './parts';
import { RowPanel, useRowAction } from './RowAction';
import { adminStrings as t } from './strings';

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
const COLUMNS = [t.accounts.username, t.accounts.displayName, t.accounts.role, t.accounts.unit, t.accounts.state];
const ACCOUNT_WORDS = { add: t.accounts.add, saveNew: t.accounts.create };
const ROLE_CHOICES = ROLES.map((role) => ({ value: role, label: t.roles[role] }));

/** What the confirm step before 停用 says: the account is signed out at once. */
const disableConfirm = (account: AccountView) => ({
  id: 'account-disable-confirm',
  heading: t.accounts.confirmHeading(account.username),
  text: t.accounts.confirmText(account.displayName),
  confirmLabel: t.accounts.confirm,
  busyLabel: t.accounts.disabling,
});

/** 账号: who can log in, with their role; a unit liaison (单位联络员) is bound to one unit. */
export function AccountsSection({ socket, catalogue, offline }: SectionProps) {
  // Accounts are created here, never edited: the editor's record stays none.
  const editor = useCatalogueEditor<Draft>(socket, EMPTY);
  const { command, draft, bind } = editor;
  const [showPassword, setShowPassword] = useState(false);
  const unitName = unitNamer(catalogue.units);
  const needsUnit = draft.role === 'unit';

  const submit = () =>
    editor.save(
      () =>
        command.run('account:create', {
          username: draft.username,
          displayName: draft.displayName,
          role: draft.role,
          // Only a unit liaison is bound to a unit; the schema refuses a unit on any other role.
          unitId: needsUnit ? draft.unitId || null : null,
          password: draft.password,
        }),
      (result) => {
        setShowPassword(false);
        return { message: t.accounts.created(result.account.username), next: { ...EMPTY, role: draft.role } };
      },
    );

  const accounts = [...catalogue.accounts].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.username.localeCompare(b.username));

  // 停用 asks first; 启用 needs no confirm. Either way the focus goes back to the row's button.
  const toggle = useRowAction(socket);
  const setDisabled = async (account: AccountView, disabled: boolean) => {
    await toggle.run(
      account.id,
      disabled,
      () => toggle.command.run('account:setDisabled', { accountId: account.id, disabled }),
      (result) => (disabled ? t.accounts.disabledDone(result.account.username) : t.accounts.enabledDone(result.account.username)),
    );
    toggle.focus(account.id);
  };

  return (
    <div className="admin-split">
      <CatalogueList name="accounts" heading={t.accounts.heading} count={accounts.length} columns={COLUMNS}>
        {accounts.map((account) => {
          const here = toggle.here(account.id);
          const confirming = toggle.confirming(account.id);
          const outcome = here && !confirming && (toggle.command.error || toggle.done);
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
                    ref={toggle.buttonRef(account.id)}
                    type="button"
                    className={account.disabled ? 'admin-link-button admin-enable' : 'admin-link-button'}
                    aria-label={account.disabled ? t.accounts.enableLabel(account.username) : t.accounts.disableLabel(account.username)}
                    aria-expanded={account.disabled ? undefined : confirming}
                    disabled={toggle.command.busy || offline}
                    onClick={() => (account.disabled ? void setDisabled(account, false) : toggle.ask(account.id))}
                  >
                    {here && toggle.command.busy && account.disabled ? t.accounts.enabling : account.disabled ? t.accounts.enable : t.accounts.disable}
                  </button>
                </td>
              </tr>
              {(confirming || outcome) && (
                <tr className="admin-row-panel">
                  <td colSpan={COLUMNS.length + 1}>
                    <RowPanel action={toggle} confirming={confirming} confirm={disableConfirm(account)} messageId="accounts-list-message" offline={offline} onConfirm={() => void setDisabled(account, true)} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </CatalogueList>

      <CatalogueForm name="account" words={ACCOUNT_WORDS} editor={editor} offline={offline} onSubmit={submit} onCancel={() => editor.open(null)} autoComplete="off">
        <Field id="account-username" label={t.accounts.username} required hint={t.accounts.usernameHint}>
          <input
            ref={editor.firstField}
            id="account-username"
            maxLength={USERNAME_MAX}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="account-username-hint"
            {...bind('username')}
          />
        </Field>
        <Field id="account-display-name" label={t.accounts.displayName} required>
          <input id="account-display-name" placeholder={t.accounts.displayNamePlaceholder} maxLength={LIMITS.shortText} {...bind('displayName')} />
        </Field>
        <ChoiceField id="account-role" label={t.accounts.role} options={ROLE_CHOICES} control={bind('role')} />
        {needsUnit && (
          <ChoiceField id="account-unit" label={t.accounts.unit} required hint={t.accounts.unitHint} choose={t.accounts.chooseUnit} options={unitChoices(catalogue.units)} control={bind('unitId')} />
        )}
        <Field id="account-password" label={t.accounts.password} required hint={t.accounts.passwordHint}>
          <input
            id="account-password"
            type={showPassword ? 'text' : 'password'}
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            autoComplete="new-password"
            aria-describedby="account-password-hint"
            {...bind('password')}
          />
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
          <span>{t.accounts.showPassword}</span>
        </label>
      </CatalogueForm>
    </div>
  );
}
