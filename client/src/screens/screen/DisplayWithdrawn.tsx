import { screenStrings as t } from './strings';
import './withdrawn.css';

/** The big screen's own path, and the display links that open it: a wall never shows a login form. */
export const isWallPath = (path: string) => path === '/screen' || path.startsWith('/display/');

/**
 * The studio wall after its display link was withdrawn (or its session ended): a plain notice that
 * reads across the room, with nothing to type into.
 */
export function DisplayWithdrawn() {
  return (
    <main className="display-withdrawn" data-testid="display-withdrawn" role="alert">
      <div className="display-withdrawn-card">
        <h1>{t.withdrawn.title}</h1>
        <p>{t.withdrawn.body}</p>
        <p className="help">{t.withdrawn.help}</p>
      </div>
    </main>
  );
}
