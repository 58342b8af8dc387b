// The signing secret is in the API's answer once (create, rotate): the console holds it only while
// its modal is open, and the modal does not close until the administrator has copied it or says
// they stored it — closing by accident would lose it for good (only a rotation makes a new one).

export interface SecretReveal {
  webhookName: string;
  secret: string;
  copied: boolean;
  acknowledged: boolean;
}

export type SecretEvent = { type: 'copied' } | { type: 'acknowledged'; value: boolean } | { type: 'closed' };

export function revealSecret(webhookName: string, secret: string): SecretReveal {
  return { webhookName, secret, copied: false, acknowledged: false };
}

/** The next state; closing forgets the secret, and only when it may close. */
export function secretReducer(state: SecretReveal | null, event: SecretEvent): SecretReveal | null {
  if (!state) return null;
  switch (event.type) {
    case 'copied':
      return { ...state, copied: true };
    case 'acknowledged':
      return { ...state, acknowledged: event.value };
    case 'closed':
      return canClose(state) ? null : state;
  }
}

export function canClose(state: SecretReveal): boolean {
  return state.copied || state.acknowledged;
}

/** How a stored secret is shown from then on: only its last four characters. */
export function maskedSecret(hint: string): string {
  return `••••••••${hint}`;
}
