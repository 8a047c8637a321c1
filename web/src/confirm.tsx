import { Button, Group, Modal, Text } from '@mantine/core';
import { useRef, useSyncExternalStore } from 'react';

/** What a confirmation asks: a title, a sentence saying what happens, and the words on its two buttons. */
export interface ConfirmOptions {
  title: string;
  message: string;
  /** The button that goes ahead ("Leave", "Discard", "Revoke"). */
  confirmLabel: string;
  /** The button that keeps things as they are ("Stay", "Keep editing"). */
  cancelLabel?: string;
  /** Red for an action that loses or removes something. */
  danger?: boolean;
}

interface Pending extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

// One question at a time, held outside React so any handler (a blocker, a modal's close) can ask.
let pending: Pending | null = null;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/**
 * Asks with the app's own dialog (never the browser's `window.confirm`) and resolves true when the person
 * chooses `confirmLabel`. A question asked while another is open answers the earlier one "no".
 */
export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  pending?.resolve(false);
  return new Promise((resolve) => {
    pending = { ...options, resolve };
    emit();
  });
}

// Set while the event that answered a confirmation is still being dispatched: the confirmation listens to
// Escape before any dialog opened later does, and that dialog must not take the same key press as its own.
let justAnswered = false;

/** Whether a confirmation is on screen: a dialog beneath it leaves Escape and outside clicks to it. */
export const confirming = () => pending !== null || justAnswered;

function answer(ok: boolean) {
  const p = pending;
  pending = null;
  justAnswered = true;
  setTimeout(() => {
    justAnswered = false;
  }, 0);
  emit();
  p?.resolve(ok);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where confirmations appear; mounted once, above every page and dialog. */
export function ConfirmHost() {
  const current = useSyncExternalStore(subscribe, () => pending);
  // The words stay while the dialog fades out.
  const last = useRef<Pending | null>(null);
  if (current) last.current = current;
  const p = last.current;
  return (
    <Modal
      opened={current !== null}
      onClose={() => answer(false)}
      title={p?.title}
      zIndex={1000}
      centered
      withCloseButton={false}
      // The safe choice has the focus, so Enter never discards anything by accident.
      trapFocus
    >
      <Text mb="md">{p?.message}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => answer(false)} data-autofocus>
          {p?.cancelLabel ?? 'Cancel'}
        </Button>
        <Button color={p?.danger ? 'red' : undefined} onClick={() => answer(true)}>
          {p?.confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
