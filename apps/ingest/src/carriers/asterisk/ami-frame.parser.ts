/** One AMI message: `Key: Value` lines. Keys keep their case; a repeated key keeps the last value. */
export type AmiFrame = Record<string, string>;

/**
 * Splits AMI text into frames: `Key: Value` lines ending in CRLF (LF is
 * tolerated), frames separated by a blank line. Returns the complete
 * frames and the unterminated rest, so a TCP reader can feed chunks. The
 * `Asterisk Call Manager/x.y` greeting line has no colon-space and is
 * skipped.
 */
export function parseAmiFrames(text: string): { frames: AmiFrame[]; rest: string } {
  const normalised = text.replace(/\r\n/g, '\n');
  const blocks = normalised.split(/\n\n/);
  const rest = blocks.pop() ?? '';
  const frames = blocks.map(parseAmiFrame).filter((frame) => Object.keys(frame).length > 0);

  return { frames, rest };
}

export function parseAmiFrame(block: string): AmiFrame {
  const frame: AmiFrame = {};
  for (const line of block.replace(/\r\n/g, '\n').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      continue;
    }
    frame[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }

  return frame;
}

/** An AMI action as wire text (CRLF lines, blank-line terminated). */
export function formatAmiAction(fields: Record<string, string>): string {
  return `${Object.entries(fields)
    .map(([key, value]) => `${key}: ${value.replace(/[\r\n]/g, '')}`)
    .join('\r\n')}\r\n\r\n`;
}
