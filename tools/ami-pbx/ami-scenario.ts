/** AMI fields that hold a channel's Uniqueid or its call's Linkedid. */
const ID_FIELDS = ['Uniqueid', 'Linkedid', 'DestUniqueid', 'DestLinkedid', 'UniqueID', 'LinkedID'];

/**
 * One scenario's frames as a PBX with its own `systemname` would send them:
 * Asterisk prefixes every Uniqueid (and so every Linkedid) with
 * `<systemname>-` when asterisk.conf sets one. The corpus reuses one call
 * id across files; a fresh system name per scenario keeps each scenario's
 * call apart, as two real calls are. Returns the frames and the call ids
 * (Linkedids) they speak of, by which the replay finds the verdicts.
 */
export function amiScenarioFrames(
  frames: string[],
  systemName: string,
): { frames: string[]; callIds: string[] } {
  const callIds = new Set<string>();
  const rewritten = frames.map((frame) =>
    frame.replace(/^([A-Za-z]+):[ \t]*([^\r\n]+)$/gm, (line, name: string, value: string) => {
      if (!ID_FIELDS.includes(name) || value.trim() === '') {
        return line;
      }
      const id = `${systemName}-${value.trim()}`;
      if (/^(Linkedid|LinkedID)$/.test(name)) {
        callIds.add(id);
      }

      return `${name}: ${id}`;
    }),
  );
  if (callIds.size === 0) {
    // CDR rows without cdr_manager's LinkedID: the caller channel's UniqueID is the call's id.
    for (const frame of rewritten) {
      const unique = /^UniqueID:[ \t]*(\S+)/m.exec(frame)?.[1];
      if (unique) {
        callIds.add(unique);
      }
    }
  }

  return { frames: rewritten, callIds: [...callIds] };
}
