import { InputError } from '@backstage/errors';
import { storableText } from '@trellis/plugin-microapps-common';

/** Longest comment or reason a steward or owner may write. */
export const MAX_GOVERNANCE_TEXT_LENGTH = 4000;

/** C0 control characters other than tab and line breaks, and DEL. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * A comment or reason as it is stored and hashed into the audit log: NFC,
 * trimmed, unpaired surrogates as U+FFFD. Refuses (400) a missing or empty
 * text, a control character other than tab and line breaks (NUL included),
 * and text over {@link MAX_GOVERNANCE_TEXT_LENGTH} characters, naming the
 * field.
 */
export function governanceText(
  value: unknown,
  options: { field: string; action: string },
): string {
  const { field, action } = options;
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InputError(
      `${field} is required: say why you ${action} (as text, not ${typeof value})`,
    );
  }
  const raw = value ?? '';
  const control = FORBIDDEN_CONTROL.exec(raw);
  if (control) {
    const codePoint = control[0]
      .charCodeAt(0)
      .toString(16)
      .toUpperCase()
      .padStart(4, '0');
    throw new InputError(
      `${field} must not contain control characters other than tab and line breaks (found U+${codePoint})`,
    );
  }
  const text = storableText(raw.normalize('NFC')).trim();
  if (!text) {
    throw new InputError(`${field} is required: say why you ${action}`);
  }
  if (text.length > MAX_GOVERNANCE_TEXT_LENGTH) {
    throw new InputError(
      `${field} must be at most ${MAX_GOVERNANCE_TEXT_LENGTH} characters`,
    );
  }
  return text;
}
