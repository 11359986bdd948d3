/**
 * The domain vocabulary of 政风热线. Chinese terms are kept in docs/glossary.md; the English names
 * here are what the code speaks.
 */

/** Who may do what is decided by role; a `unit` account is a unit's liaison, bound to one unit. */
export const ROLES = ['admin', 'operator', 'leader', 'screen', 'followup', 'unit'] as const;
export type Role = (typeof ROLES)[number];

/** 上线单位 kinds as the annual reports count them. */
export const UNIT_KINDS = ['department', 'public_service', 'county'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  /** 市级 / 县级 … free text, reports group by it. */
  level: string;
  version: number;
}

/** A person who can go on air (上线领导) or host the programme. */
export interface Person {
  id: string;
  name: string;
  /** 职务, e.g. 局长 */
  title: string;
  unitId: string;
  /** 主要负责人: the unit's principal leader. */
  principal: boolean;
  version: number;
}

export const EPISODE_STATUSES = ['planned', 'live', 'ended'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];

/** A leader as they went on air in one episode: copied at planning, so later edits of the person do not rewrite history. */
export interface LeaderOnAir {
  personId: string;
  name: string;
  title: string;
  unitId: string;
  principal: boolean;
}

export interface Episode {
  id: string;
  year: number;
  /** 第N期 within the year. */
  number: number;
  /** Local date of the broadcast, YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  /** Broadcast slot, HH:mm–HH:mm local time. */
  slot: { start: string; end: string };
  theme: string;
  host: string;
  unitIds: string[];
  leaders: LeaderOnAir[];
  status: EpisodeStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** Appeal ids in on-air order: only `queued` appeals, first is next. */
  queue: string[];
  /** The one appeal on air now, if any: the invariant lives here, not in a scan. */
  onAirAppealId: string | null;
  /** Next appeal number to hand out (第N号 shown to the crew). */
  nextAppealNo: number;
  /** A feedback episode (回访节目) reports back on items supervised after earlier episodes. */
  feedback: boolean;
  /** The follow-up report on air now in a feedback episode, if any (never at the same time as a call). */
  feedbackOnAir: FeedbackReport | null;
  version: number;
}

/**
 * What the big screen shows of a supervised item reported back on air: a snapshot taken when it
 * went on air, with the caller already reduced to how the screen addresses them.
 */
export interface FeedbackReport {
  sourceEpisode: { id: string; year: number; number: number; date: string };
  appealId: string;
  no: number;
  callerName: string;
  area: string;
  category: string;
  summary: string;
  unitId: string;
  reply: string | null;
  status: SupervisionStatus;
  rating: Rating | null;
  closedAt: string | null;
  onAirAt: string;
}

export const CHANNELS = ['hotline', 'studio', 'online'] as const;
/** hotline = 12345 phone, studio = the studio's own line, online = WeChat / app / web message. */
export type Channel = (typeof CHANNELS)[number];

export const CALLER_TITLES = ['先生', '女士'] as const;
export type CallerTitle = (typeof CALLER_TITLES)[number];

export interface Caller {
  anonymous: boolean;
  /** Full name as given; never shown on the big screen. */
  name: string;
  /** 称呼: how the big screen addresses the caller (王先生). */
  title: CallerTitle | null;
  /** Full phone number: only operators and follow-up staff ever receive it. */
  phone: string;
}

export const APPEAL_STATUSES = ['received', 'queued', 'on_air', 'answered_on_air', 'supervised', 'invalid'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface Appeal {
  id: string;
  episodeId: string;
  /** 第N号 within the episode, for the crew to say out loud. */
  no: number;
  channel: Channel;
  receivedAt: string;
  caller: Caller;
  area: string;
  category: string;
  targetUnitId: string | null;
  summary: string;
  operatorNotes: string;
  status: AppealStatus;
  onAirAt: string | null;
  /** When it reached answered_on_air, supervised or invalid. */
  settledAt: string | null;
  /** Leader's answer points and commitment, recorded with either outcome. */
  answer: { points: string; commitment: string } | null;
  handOver: { reason: string; automatic: boolean } | null;
  invalidReason: string | null;
  /** The after-broadcast life of a supervised appeal (直播后督办); null for every other outcome. */
  supervision: Supervision | null;
  /**
   * Callbacks (回访) of an appeal answered on air: the citizen asked whether the live answer settled it
   * (absent in files written before on-air appeals could be called back). Supervised items keep theirs in `supervision`.
   */
  onAirCallbacks?: Callback[];
  version: number;
}

/** How much work a supervised matter is: it sets the deadline in working days (see DEADLINE_WORKDAYS). */
export const COMPLEXITIES = ['simple', 'normal', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** 办理中 → 已答复（待回访）→ 已办结; a 不满意 callback sends it back to 办理中. */
export const SUPERVISION_STATUSES = ['with_unit', 'replied', 'closed'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

/** The citizen's rating on a callback (回访): 满意 / 基本满意 / 不满意. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export interface UnitReply {
  at: string;
  by: string;
  /** What the unit did and answers. */
  text: string;
  /** Recorded by follow-up staff on the unit's behalf (phone, paper). */
  onBehalf: boolean;
}

export interface ExtensionRequest {
  id: string;
  at: string;
  by: string;
  workdays: number;
  reason: string;
  /** withdrawn: closed by the unit's reply, nobody decided it. */
  decision: { granted: boolean; withdrawn?: boolean; at: string; by: string; note: string } | null;
}

export interface Callback {
  at: string;
  by: string;
  /** reached: the citizen rated the handling; unreachable: no answer this time. */
  outcome: 'reached' | 'unreachable';
  rating: Rating | null;
  note: string;
  /** How many unit replies there were when this call was made: callbacks belong to the reply they follow, by order, not by clock. */
  afterReplies?: number;
}

export interface Supervision {
  unitId: string;
  complexity: Complexity;
  assignedAt: string;
  /** When the current round with the unit began: the hand-over, or the latest reopening. Deadlines by complexity count from here. */
  roundStartedAt: string;
  /** Reassignments to another unit (改派), with who, when and why. */
  assignments: Array<{ at: string; by: string; from: string; to: string; reason: string }>;
  /** Due by the end of this working day (YYYY-MM-DD, China time). */
  deadline: string;
  status: SupervisionStatus;
  replies: UnitReply[];
  reminders: Array<{ at: string; by: string; note: string }>;
  extensionRequests: ExtensionRequest[];
  deadlineChanges: Array<{ at: string; by: string; from: string; to: string; reason: string }>;
  callbacks: Callback[];
  reopenings: number;
  closedAt: string | null;
  closeNote: string | null;
}

/** Operator → leader panel note, with its read receipt. */
export interface StudioMessage {
  id: string;
  text: string;
  appealId: string | null;
  sentAt: string;
  sentBy: string;
  readAt: string | null;
  readBy: string | null;
}

/** Whoever did something, as the audit trail records them. */
export interface Actor {
  accountId: string;
  name: string;
  role: Role;
}

/** 民生热点 (hotspot) or 政策问答 (a policy question-and-answer pair), published from an episode. */
export const PUBLICATION_KINDS = ['hotspot', 'qa'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const PUBLICATION_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export interface Publication {
  id: string;
  episodeId: string;
  kind: PublicationKind;
  /** Hotspot: its headline. Q&A: the question. */
  title: string;
  /** Hotspot: the description. Q&A: the answer. */
  body: string;
  /** The appeals it was drawn from: linked, never copied. */
  appealIds: string[];
  status: PublicationStatus;
  draftedBy: string;
  draftedAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
  version: number;
}
