const focusable =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]';

/** What Tab reaches inside `root`, in order: enabled, shown, not taken out with tabindex -1. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusable)].filter(
    (el) => el.tabIndex >= 0 && !el.closest('[hidden], [inert]') && el.getAttribute('aria-hidden') !== 'true',
  );
}

/**
 * Keeps Tab inside a modal dialog: from the last tabbable element Tab goes to the first, and
 * Shift+Tab from the first (or from where the dialog put focus on open, marked
 * `data-dialog-start`) to the last.
 */
export function trapTab(event: KeyboardEvent | React.KeyboardEvent, root: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const list = tabbables(root);
  const active = document.activeElement as HTMLElement | null;
  const inside = !!active && root.contains(active);
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) {
    event.preventDefault();
  } else if (event.shiftKey) {
    if (!inside || active === first || active?.hasAttribute('data-dialog-start')) {
      event.preventDefault();
      last.focus();
    }
  } else if (!inside || active === last) {
    event.preventDefault();
    first.focus();
  }
}
