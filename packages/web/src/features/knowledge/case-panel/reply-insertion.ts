/**
 * How the panel reaches the case's reply box without knowing the comment area: the case view
 * passes this in (case-page.tsx, over CaseComments' ReplyComposer handle).
 */
export interface ReplyInsertion {
  /** Whether the reader may write on the case at all: without it "attach to reply" is not offered. */
  available: boolean;
  /** Puts the text into the public reply box, shows it and focuses it; nothing is sent. */
  insert(text: string): void;
}
