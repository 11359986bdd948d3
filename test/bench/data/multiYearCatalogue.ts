import type { App } from '../../../server/app';
import { generatePassword } from '../../../server/auth/passwords';
import type { Simulation } from '../../../server/cli/demo/simulation';
import type { YearPlan } from '../../../server/cli/demo/yearPlan';

/**
 * The demo generator fills an empty folder with one year: it creates the units, the crew accounts
 * (`operator`, `followup`, `unit001`…) and the year's leaders. A second year in the same folder would
 * be refused as DUPLICATE (same unit names, same usernames), so for every later year this replaces
 * the simulation's catalogue step with one that does what a programme office does in January: keep
 * the units and the crew, reuse a unit's liaison account, and add the new year's leaders. Everything
 * still goes through the same service commands; the rest of the year runs unchanged.
 *
 * It reaches into the Simulation's private fields by name (TypeScript allows `obj['field']`): the
 * generator has no multi-year mode, and the bench must not edit it.
 */
export function continueCatalogue(simulation: Simulation, app: App, plan: YearPlan): void {
  simulation['setUpCatalogue'] = async () => {
    const { catalogue } = app;
    const commands = simulation['commands'];
    const accounts = Object.values(catalogue.data.accounts);
    const byUsername = (username: string) => {
      const account = accounts.find((a) => a.username === username);
      if (!account) throw new Error(`the folder has no ${username} account: generate the first year into an empty folder`);
      return catalogue.actorOf(account);
    };
    const admin = catalogue.actorOf(accounts.find((a) => a.role === 'admin')!);
    simulation['admin'] = admin;
    simulation['operator'] = byUsername('operator');
    simulation['followup'] = byUsername('followup');

    const existing = new Map(Object.values(catalogue.data.units).map((u) => [u.name, u.id]));
    for (const unit of plan.units) {
      const id = existing.get(unit.name);
      if (id) unit.id = id;
      else commands.send('unit:save', { name: unit.name, kind: unit.kind, level: unit.level }, admin, (i, m) => catalogue.saveUnit(i, m)).then(({ unit: saved }) => (unit.id = saved.id), () => undefined);
    }
    await commands.flush();

    for (const unit of plan.units) {
      const person = (p: { name: string; title: string }, principal: boolean) =>
        commands.send('person:save', { name: p.name, title: p.title, unitId: unit.id, principal }, admin, (i, m) => catalogue.savePerson(i, m));
      person(unit.principal, true).then(({ person: saved }) => (unit.principalId = saved.id), () => undefined);
      unit.deputyIds = [];
      unit.deputies.forEach((deputy, k) => person(deputy, false).then(({ person: saved }) => (unit.deputyIds![k] = saved.id), () => undefined));
    }
    await commands.flush();

    // The busiest units answer through their own liaison: the one they already have, or a new one.
    for (const unit of plan.units.filter((u) => u.heat >= 2)) {
      const liaison = accounts.find((a) => a.role === 'unit' && a.unitId === unit.id && !a.disabled);
      if (liaison) {
        unit.liaison = { accountId: liaison.id, displayName: liaison.displayName };
        continue;
      }
      const username = `u${plan.year}x${unit.index + 1}`;
      const password = generatePassword(12);
      simulation.credentials.push({ username, password, role: 'unit', displayName: `${unit.name}联络员` });
      commands
        .send('account:create', { username, displayName: `${unit.name}联络员`.slice(0, 50), role: 'unit', unitId: unit.id!, password }, admin, (i, m) => catalogue.createAccount(i, m))
        .then(({ account: view }) => (unit.liaison = { accountId: view.id, displayName: view.displayName }), () => undefined);
    }
    await commands.flush();
  };
}
