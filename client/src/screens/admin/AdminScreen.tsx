import type { ScreenProps } from '../../routes';

export default function AdminScreen(_props: ScreenProps) {
  return <p className="muted">AdminScreen</p>;
}
