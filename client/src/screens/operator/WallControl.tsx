import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { createPortal } from 'react-dom';
import type { EpisodeState } from '../../../../shared/domain/episodeState';
import type { Unit } from '../../../../shared/domain/types';
import { isWallHidden, wallPreviewState } from '../../../../shared/domain/wallRules';
import type { StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { formatClock } from '../../ui/format';
import { Wall } from '../screen/Wall';
import { operatorStrings as t } from './strings';

/** The wall's own size: the preview lays it out at this size and scales the picture down. */
const WALL_WIDTH = 1920;
const WALL_HEIGHT = 1080;
const PREVIEW_OPEN_KEY = 'zfrx.operator.wallPreview';

/**
 * The producer's emergency control of the studio wall (issue 15): 紧急隐藏大屏 blanks the call on air,
 * a follow-up report and the next calls at once (the wall shows a standby panel), 恢复大屏 brings
 * them back; Alt+B does either from anywhere on the console, an open edit form included. It runs its
 * own commands, so a hide never waits behind another action of the console.
 */
export function WallToggle({ socket, state }: { socket: StudioSocket | null; state: EpisodeState }) {
  const command = useCommand(socket);
  const hidden = isWallHidden(state);
  const episodeId = state.episode.id;
  const toggle = useRef<() => void>(() => undefined);
  toggle.current = () => {
    if (command.busy || state.episode.status === 'ended') return;
    void command.run('wall:setHidden', { episodeId, hidden: !hidden });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.key.toLowerCase() !== 'b') return;
      event.preventDefault();
      if (!event.repeat) toggle.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (state.episode.status === 'ended') return null;
  const wall = state.wall;
  return (
    <div className={`wall-toggle ${hidden ? 'hidden' : ''}`} data-testid="wall-toggle">
      {hidden && wall && (
        <span className="wall-state" role="status" title={t.wall.hiddenTitle} data-testid="wall-hidden-state">
          <b>{t.wall.hiddenState}</b> {t.wall.hiddenSince(formatClock(new Date(wall.at)), wall.by)}
          {wall.reason && `（${t.wall.reasons[wall.reason]}）`}
        </span>
      )}
      <button
        type="button"
        className={hidden ? 'restore' : 'emergency'}
        disabled={command.busy}
        aria-pressed={hidden}
        title={hidden ? undefined : t.wall.hideHint}
        onClick={() => toggle.current()}
        data-testid="wall-toggle-button"
      >
        {hidden ? t.wall.show : t.wall.hide} <kbd>{t.wall.key}</kbd>
      </button>
      {command.error && (
        <span role="alert" className="error" data-testid="wall-error">
          {command.error.message}
        </span>
      )}
    </div>
  );
}

/**
 * 大屏预览: exactly what the wall will show once the selected queued call goes on air. The wall's own
 * component draws the masked state the wall will receive (wallPreviewState), in a frame of the
 * wall's size with the wall's own styles and nothing of the console's, scaled down to fit.
 */
export function WallPreview({ state, appealId, units, now }: { state: EpisodeState; appealId: string | null; units: Unit[]; now: Date }) {
  const [open, setOpen] = useState(() => localStorage.getItem(PREVIEW_OPEN_KEY) !== 'closed');
  const appeal = appealId ? state.appeals[appealId] : undefined;
  const preview = useMemo(() => (appealId ? wallPreviewState(state, appealId, now.toISOString()) : null), [state, appealId, now]);
  const unitMap = useMemo(() => Object.fromEntries(units.map((u) => [u.id, u])), [units]);

  const flip = () => {
    localStorage.setItem(PREVIEW_OPEN_KEY, open ? 'closed' : 'open');
    setOpen(!open);
  };

  return (
    <section className="panel wall-preview" aria-label={t.wall.previewHeading} data-testid="wall-preview">
      <h3>
        {t.wall.previewHeading}
        {appeal && <span className="muted">{t.wall.previewOf(appeal.no)}</span>}
        <button type="button" className="icon" aria-expanded={open} onClick={flip}>
          {open ? t.wall.collapse : t.wall.expand}
        </button>
      </h3>
      {open &&
        (preview ? (
          <>
            {isWallHidden(state) ? <p className="hint warn-line">{t.wall.previewHidden}</p> : <p className="hint">{t.wall.previewHint}</p>}
            <WallFrame>
              <Wall state={preview} units={unitMap} now={now} connection="connected" noEpisode={false} />
            </WallFrame>
          </>
        ) : (
          <p className="empty">{t.wall.previewNone}</p>
        ))}
    </section>
  );
}

/**
 * A 1920×1080 document of its own, holding the page's style sheets: the wall is laid out exactly
 * as on the studio display (its text fitted by whole lines at that size), then the picture is scaled.
 */
function WallFrame({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState({ scale: 0.2, left: 0 });
  const [body, setBody] = useState<HTMLElement | null>(null);

  // The box is 16:9 at its width when the column has room, lower when it has not: the picture is
  // scaled to fit both ways and centred.
  useLayoutEffect(() => {
    const outer = box.current;
    if (!outer) return;
    const measure = () => {
      const scale = Math.min(outer.clientWidth / WALL_WIDTH, outer.clientHeight / WALL_HEIGHT) || 0.2;
      setFit({ scale, left: Math.max(0, (outer.clientWidth - WALL_WIDTH * scale) / 2) });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(outer);
    return () => observer.disconnect();
  }, []);

  const onLoad = (event: SyntheticEvent<HTMLIFrameElement>) => {
    const doc = event.currentTarget.contentDocument;
    if (!doc) return;
    for (const sheet of document.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel="stylesheet"], style')) {
      const copy = sheet.cloneNode(true) as HTMLLinkElement | HTMLStyleElement;
      if (copy instanceof HTMLLinkElement) copy.href = (sheet as HTMLLinkElement).href;
      doc.head.appendChild(copy);
    }
    setBody(doc.body);
  };

  return (
    <div className="wall-frame" ref={box}>
      <iframe
        title={t.wall.frameTitle}
        srcDoc='<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>'
        onLoad={onLoad}
        tabIndex={-1}
        style={{ width: WALL_WIDTH, height: WALL_HEIGHT, left: fit.left, transform: `scale(${fit.scale})` }}
        data-testid="wall-preview-frame"
      />
      {body && createPortal(children, body)}
    </div>
  );
}
