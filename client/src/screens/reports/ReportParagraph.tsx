import type { ReportParagraph as Paragraph } from '../../../../shared/domain/reportParagraph';
import { reportsStrings as t } from './strings';

/** 报告表述: the period's paragraph in the annual report's words, its source split, and the definition of its 满意率. */
export function ReportParagraph({ paragraph }: { paragraph: Paragraph }) {
  return (
    <section className="rp-section rp-paragraph" aria-labelledby="rp-paragraph" data-testid="report-paragraph" data-basis={paragraph.basis}>
      <h2 id="rp-paragraph">{t.paragraphHeading}</h2>
      <small className="rp-screen-only">{t.paragraphHint}</small>
      <p className="rp-paragraph-text" data-testid="paragraph-text">
        {paragraph.text}
        {paragraph.sources}
      </p>
      <p className="rp-definition" data-testid="paragraph-definition">
        {paragraph.definition}
      </p>
    </section>
  );
}
