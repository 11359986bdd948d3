import { shellStrings as t } from '../strings/shell';

/**
 * Covers every screen (the studio wall included) when the server refused this tab's old protocol:
 * nothing on it can be trusted any more, and a reload brings the new version with the same session.
 */
export function OutdatedNotice() {
  return (
    <div className="outdated-notice" role="alertdialog" aria-labelledby="outdated-title" aria-describedby="outdated-body" data-testid="outdated-notice">
      <div className="outdated-box">
        <h1 id="outdated-title">{t.outdatedTitle}</h1>
        <p id="outdated-body">{t.outdatedBody}</p>
        <button type="button" autoFocus onClick={() => window.location.reload()}>
          {t.reload}
        </button>
      </div>
    </div>
  );
}
