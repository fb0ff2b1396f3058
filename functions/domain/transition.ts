// The answer of every state transition of the domain (meeting, invitation, experiment): ok with
// the next state, or a conflict with an English message the API returns with a 409.
export type Transition<T> = { ok: true; next: T } | { ok: false; conflict: string };
