import { Modal, type ModalProps } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useBlocker } from 'react-router-dom';
import { type ConfirmOptions, confirmAction, confirming } from './confirm.js';

// Nothing typed into a form is lost by accident (decision 039): leaving the page, refreshing it or closing
// a dialog with changes not saved asks first.

/** Whether one form holds changes not saved; asked at the moment someone leaves. */
type Entry = () => boolean;

const everywhere = new Set<Entry>();
const anyDirty = (entries: Set<Entry>) => [...entries].some((dirty) => dirty());
/** Each mounted form's `release`, for leaving in a way no navigation announces (signing out, switching). */
const releases = new Map<Entry, () => void>();

/** The forms inside the dialog being shown, so closing it asks only about them. */
const DialogForms = createContext<Set<Entry> | null>(null);

export const LEAVE_QUESTION: ConfirmOptions = {
  title: 'Leave without saving?',
  message: 'Your changes on this page are not saved. If you leave, they are lost.',
  cancelLabel: 'Stay',
  confirmLabel: 'Leave',
  danger: true,
};

export const CLOSE_QUESTION: ConfirmOptions = {
  title: 'Close without saving?',
  message: 'Your changes in this dialog are not saved. If you close it, they are lost.',
  cancelLabel: 'Keep editing',
  confirmLabel: 'Close',
  danger: true,
};

/**
 * Marks a form as holding unsaved changes while `dirty`: leaving the page (a link, Back, the organisation
 * switcher), refreshing or closing the tab, and closing its dialog then ask first. Returns `release`, to
 * call once the changes are saved and just before the form navigates away or closes itself.
 */
export function useUnsavedChanges(dirty: boolean): () => void {
  const state = useRef({ dirty, released: false });
  state.current.dirty = dirty;
  // A form that was saved and then changed again holds new unsaved changes.
  if (!dirty) state.current.released = false;
  const dialog = useContext(DialogForms);
  useEffect(() => {
    const entry = () => state.current.dirty && !state.current.released;
    everywhere.add(entry);
    dialog?.add(entry);
    releases.set(entry, () => {
      state.current.released = true;
    });
    return () => {
      everywhere.delete(entry);
      dialog?.delete(entry);
      releases.delete(entry);
    };
  }, [dialog]);
  useEffect(() => {
    if (!dirty) return;
    // The browser asks in its own words here: a page being unloaded cannot show the app's dialog.
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!state.current.released) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  return useCallback(() => {
    state.current.released = true;
  }, []);
}

/**
 * Whether `value` (a form's fields) differs from what it held when the form opened, compared as JSON; the
 * returned `release` also marks it saved. The common case of `useUnsavedChanges`.
 */
export function useFormGuard(value: unknown) {
  const current = JSON.stringify(value);
  const [opened, setOpened] = useState(current);
  const release = useUnsavedChanges(current !== opened);
  return useCallback(() => {
    release();
    setOpened(current);
  }, [release, current]);
}

/**
 * Asks before an action that leaves every page without navigating first (signing out, acting for another
 * organisation): true when nothing is unsaved or the person chooses to leave, and then nothing asks again.
 */
export async function confirmLeaving(): Promise<boolean> {
  if (!anyDirty(everywhere)) return true;
  if (!(await confirmAction(LEAVE_QUESTION))) return false;
  for (const release of releases.values()) release();
  return true;
}

/** Asks before the app leaves a page with unsaved changes; mounted once inside the router. */
export function LeaveGuard() {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      currentLocation.pathname !== nextLocation.pathname && anyDirty(everywhere),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    void confirmAction(LEAVE_QUESTION).then((leave) => (leave ? blocker.proceed() : blocker.reset()));
  }, [blocker]);
  return null;
}

/**
 * A dialog holding a form: closing it with Escape, its close button or a click outside asks first while a
 * form inside holds unsaved changes (or `dirty`, for fields the dialog's owner keeps). A form closing it
 * after saving calls `onClose`'s own setter directly.
 */
export function FormModal({ onClose, children, dirty = false, ...props }: ModalProps & { dirty?: boolean }) {
  const [forms] = useState(() => new Set<Entry>());
  const unsaved = props.opened && dirty;
  useUnsavedChanges(unsaved);
  async function close() {
    // Escape while a confirmation is open answers that confirmation, not this dialog.
    if (confirming()) return;
    if ((unsaved || anyDirty(forms)) && !(await confirmAction(CLOSE_QUESTION))) return;
    onClose();
  }
  return (
    <Modal {...props} onClose={() => void close()}>
      <DialogForms.Provider value={forms}>{children}</DialogForms.Provider>
    </Modal>
  );
}
