import type { ScreenProps } from '../../routes';

export default function LeaderPanel(_props: ScreenProps) {
  return <p className="muted">LeaderPanel</p>;
}
