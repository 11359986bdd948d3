import type { ScreenProps } from '../../routes';

export default function UnitView(_props: ScreenProps) {
  return <p className="page-note">UnitView</p>;
}
