import type { ScreenProps } from '../../routes';

export default function OperatorConsole(_props: ScreenProps) {
  return <p className="muted">OperatorConsole</p>;
}
