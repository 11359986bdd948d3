import { useNow } from '../../api/useNow';
import { formatElapsed } from '../../ui/format';

/** A running mm:ss since a moment; it ticks on its own so the rest of the panel does not re-render every second. */
export function Elapsed({ since }: { since: string }) {
  const now = useNow();
  return <span className="lp-elapsed">{formatElapsed(now.getTime() - Date.parse(since))}</span>;
}
