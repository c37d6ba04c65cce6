import type { ConnectionNotice } from './connectionNotice';
import { OfflineIcon, WarningIcon } from './icons';

/**
 * The connection's trouble in words, at the top of the panel. It is not a live region: the
 * announcer says each change once.
 */
export function ConnectionBanner({ notice }: { notice: ConnectionNotice | null }) {
  if (!notice) return null;
  const Icon = notice.kind === 'limited' ? WarningIcon : OfflineIcon;
  return (
    <div className="nc-banner" data-kind={notice.kind} data-testid="connection-banner">
      <Icon size={18} className="nc-banner-icon" />
      <div>
        <p className="nc-banner-title">{notice.title}</p>
        <p className="nc-banner-text">{notice.text}</p>
      </div>
    </div>
  );
}
