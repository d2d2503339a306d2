/** The activity row the human selected last, in any activity view: what `Warden: Why?` explains. */
export class ActivitySelection {
  seq: number | null = null;
}
