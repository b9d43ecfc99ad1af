import type { DecodedLatentMessage } from '../../protocol/decode-latent-messages';
import type { HostLink } from '../host';

/** What the strip shows for a request: the fresh outputs, or none yet with why. */
export interface FreshAnswer {
  readonly decoded: readonly number[] | null;
  /** Why there are no fresh outputs (asked and waiting, refused with the host's reason, no host). */
  readonly note: string | null;
}

/**
 * The Latent manifold strip's fresh decoding: asks the host once per (run, epoch, points) and
 * keeps the answer to the latest request (an answer to an older one is dropped). Without a host
 * (a saved report) nothing is asked and the strip keeps the nearest grid images.
 */
export interface FreshDecode {
  /** The answer for these points, asking the host for it the first time they are seen. */
  ask(runId: string, epoch: number, points: readonly number[]): FreshAnswer;
  /** Takes the host's answer; true when it answers the latest request. */
  receive(message: DecodedLatentMessage): boolean;
}

export function freshDecode(host: HostLink): FreshDecode {
  let asked: string | undefined;
  let answer: DecodedLatentMessage | undefined;
  const keyOf = (runId: string, epoch: number, points: readonly number[]): string => JSON.stringify([runId, epoch, points]);
  return {
    ask(runId, epoch, points) {
      if (!host.live) return { decoded: null, note: 'a saved report cannot decode new points' };
      const key = keyOf(runId, epoch, points);
      if (answer && keyOf(answer.runId, answer.epoch, answer.points) === key) return { decoded: answer.decoded, note: answer.decoded ? null : answer.message ?? 'not decoded' };
      if (asked !== key) {
        asked = key;
        host.post({ type: 'decode-latent', runId, epoch, points: [...points] });
      }
      return { decoded: null, note: 'decoding these points…' };
    },
    receive(message) {
      if (keyOf(message.runId, message.epoch, message.points) !== asked) return false;
      answer = message;
      return true;
    },
  };
}
