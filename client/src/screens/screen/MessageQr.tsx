import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { EpisodeState } from '../../../../shared/domain/episodeState';
import { acceptsOnlineMessages, countBySource } from '../../../../shared/domain/onlineMessages';
import './messageQr.css';

const text = { scan: '扫码留言', phone: '电话', internet: '互联网' } as const;

/**
 * The big screen's corner for the internet channel: a QR code of this episode's message page
 * (/liuyan/<episodeId> on the address the screen itself was opened from) and the appeals counted by
 * source as the annual reports count them (电话 = hotline + studio line, 互联网 = online messages).
 * The code is left out once the episode takes no more messages.
 */
export function MessageQr({ state }: { state: EpisodeState }) {
  const url = `${window.location.origin}/liuyan/${state.episode.id}`;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1d2330', light: '#ffffff' } })
      .then((made) => alive && setSvg(made))
      .catch(() => alive && setSvg(null));
    return () => {
      alive = false;
    };
  }, [url]);
  const counts = countBySource(Object.values(state.appeals));
  const open = acceptsOnlineMessages(state.episode.status);
  return (
    <section className="message-qr" data-testid="screen-message-qr">
      {open && svg && (
        <figure className="qr">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={text.scan} data-testid="screen-qr" data-url={url} />
          <figcaption>{text.scan}</figcaption>
        </figure>
      )}
      <div className="sources">
        <div className="source" data-testid="screen-count-phone">
          <span className="label">{text.phone}</span>
          <span className="value">{counts.phone}</span>
        </div>
        <div className="source internet" data-testid="screen-count-internet">
          <span className="label">{text.internet}</span>
          <span className="value">{counts.internet}</span>
        </div>
      </div>
    </section>
  );
}
