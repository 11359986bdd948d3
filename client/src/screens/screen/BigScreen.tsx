import type { ScreenProps } from '../../routes';

export default function BigScreen(_props: ScreenProps) {
  return <p className="muted">BigScreen</p>;
}
