import {
  Bell,
  Check,
  CheckCheck,
  CircleAlert,
  CircleCheck,
  CircleHelp,
  CirclePause,
  CloudOff,
  LoaderCircle,
  Megaphone,
  Play,
  RotateCcw,
  Sparkles,
  Trash2,
  TriangleAlert,
  X,
} from 'lucide-react';
import { NotificationTypes } from '../notifications/types';

// Lucide's icons (named imports, so the build keeps only these); each is aria-hidden unless labelled.
export {
  Bell as BellIcon,
  Check as CheckIcon,
  CheckCheck as CheckAllIcon,
  CircleAlert as AlertIcon,
  CircleCheck as CheckCircleIcon,
  CircleHelp as HelpIcon,
  CirclePause as StalledIcon,
  CloudOff as OfflineIcon,
  LoaderCircle as LoaderIcon,
  Megaphone as MegaphoneIcon,
  Play as PlayIcon,
  RotateCcw as RetryIcon,
  Sparkles as SparklesIcon,
  Trash2 as TrashIcon,
  TriangleAlert as WarningIcon,
  X as CloseIcon,
};

export function iconForType(type: string, status: 'running' | 'completed' | 'failed' | null) {
  if (status === 'completed' || type === NotificationTypes.GenerationCompleted) return CircleCheck;
  if (status === 'failed' || type === NotificationTypes.GenerationFailed) return CircleAlert;
  if (status === 'running') return LoaderCircle;
  switch (type) {
    case NotificationTypes.GenerationStarted:
      return Sparkles;
    case NotificationTypes.GenerationProgress:
      return LoaderCircle;
    case NotificationTypes.ClarificationNeeded:
      return CircleHelp;
    case NotificationTypes.SystemAnnouncement:
      return Megaphone;
    default:
      return Bell;
  }
}

/** A CSS modifier naming the icon's colour. */
export function toneForType(type: string, status: 'running' | 'completed' | 'failed' | null): string {
  if (status === 'completed' || type === NotificationTypes.GenerationCompleted) return 'success';
  if (status === 'failed' || type === NotificationTypes.GenerationFailed) return 'danger';
  if (status === 'running') return 'progress';
  if (type === NotificationTypes.ClarificationNeeded) return 'warning';
  return 'info';
}
