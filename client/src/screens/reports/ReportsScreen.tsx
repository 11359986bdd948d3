import type { ScreenProps } from '../../routes';

export default function ReportsScreen(_props: ScreenProps) {
  return <p className="page-note">ReportsScreen</p>;
}
