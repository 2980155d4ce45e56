import { useEffect, useState, type FormEvent } from 'react';

/**
 * The state of a dialog asking for a written comment or reason: the text,
 * whether it was left empty on submit, what else is wrong with it (from
 * `problemOf`, given the trimmed text), whether the submission is under way
 * and how the backend refused it. Cleared each time the dialog opens.
 */
export function useReasonForm(
  open: boolean,
  onSubmit: (text: string) => Promise<void>,
  problemOf?: (trimmed: string) => string | undefined,
) {
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();

  useEffect(() => {
    if (open) {
      setText('');
      setMissing(false);
      setBusy(false);
      setRefusal(undefined);
    }
  }, [open]);

  const change = (value: string) => {
    setText(value);
    if (value.trim()) setMissing(false);
  };

  const problem = problemOf?.(text.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) {
      setMissing(true);
      return;
    }
    if (problem) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await onSubmit(trimmed);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  };

  return { text, missing, problem, busy, refusal, change, submit };
}
