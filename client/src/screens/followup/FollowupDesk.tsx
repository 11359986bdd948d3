import type { ScreenProps } from '../../routes';

export default function FollowupDesk(_props: ScreenProps) {
  return <p className="page-note">FollowupDesk</p>;
}
