import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../../shared/domain/types';
import type { ScreenProps } from './screenProps';
import { shellStrings } from './strings/shell';

const label = shellStrings.screens;

export interface RouteDef {
  path: string;
  label: string;
  roles: readonly Role[];
  /** Full-bleed screens (the big screen) draw their own frame and connection banner. */
  bare?: boolean;
  screen: LazyExoticComponent<ComponentType<ScreenProps>>;
}

// One chunk per role screen: the big screen's display never downloads the operator console.
export const ROUTES: RouteDef[] = [
  { path: '/operator', label: label.operator, roles: ['operator', 'admin'], screen: lazy(() => import('./screens/operator/OperatorConsole')) },
  { path: '/leader', label: label.leader, roles: ['leader', 'admin'], screen: lazy(() => import('./screens/leader/LeaderPanel')) },
  { path: '/screen', label: label.screen, roles: ['screen', 'admin', 'operator'], bare: true, screen: lazy(() => import('./screens/screen/BigScreen')) },
  { path: '/admin', label: label.admin, roles: ['admin'], screen: lazy(() => import('./screens/admin/AdminScreen')) },
  { path: '/reports', label: label.reports, roles: ['admin', 'followup'], screen: lazy(() => import('./screens/reports/ReportsScreen')) },
  { path: '/publishing', label: label.publishing, roles: ['admin', 'followup'], screen: lazy(() => import('./screens/publishing/PublishingScreen')) },
  { path: '/followup', label: label.followup, roles: ['followup', 'admin'], screen: lazy(() => import('./screens/followup/FollowupDesk')) },
  { path: '/unit', label: label.unit, roles: ['unit'], screen: lazy(() => import('./screens/unit/UnitView')) },
  { path: '/home', label: label.home, roles: ['admin', 'operator', 'leader', 'followup', 'unit'], screen: lazy(() => import('./screens/HomePage')) },
];

const HOME_BY_ROLE: Record<Role, string> = {
  admin: '/admin',
  operator: '/operator',
  leader: '/leader',
  screen: '/screen',
  followup: '/followup',
  unit: '/unit',
};

/** The route for a path and role; an unknown or forbidden path falls back to the role's home screen. */
export function resolveRoute(path: string, role: Role): RouteDef {
  const wanted = ROUTES.find((r) => r.path === path && r.roles.includes(role));
  return wanted ?? ROUTES.find((r) => r.path === HOME_BY_ROLE[role])!;
}

export function routesFor(role: Role): RouteDef[] {
  return ROUTES.filter((r) => r.roles.includes(role) && !(r.bare && role !== 'admin' && role !== 'operator'));
}

/** Public pages need no login: /public/episodes/<id> shows an episode's published items. */
export const PUBLIC_EPISODE_PATH = /^\/public\/episodes\/([A-Za-z0-9_-]+)\/?$/;
export const PublicEpisodePage = lazy(() => import('./screens/public/PublicEpisodePage'));

/** 网络留言: /liuyan (the current programme), /liuyan/<episodeId>, and /liuyan/chaxun (receipt lookup). No login. */
export const MESSAGE_PATH = /^\/liuyan(?:\/([A-Za-z0-9_-]+))?\/?$/;
export const MessagePage = lazy(() => import('./screens/public/MessagePage'));
export const ReceiptLookup = lazy(() => import('./screens/public/ReceiptLookup'));
