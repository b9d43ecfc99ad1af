import type { ViewState } from './state';

/**
 * Which run the panel shows. A new run is followed as it starts, unless the person pinned another
 * by picking a run that is not the newest; picking the newest unpins. Pure, for the tests.
 */
export function followStartedRun(state: Pick<ViewState, 'pinnedRun'>, runId: string): Partial<ViewState> {
  return state.pinnedRun ? {} : { selectedRunId: runId };
}

/** The person picked `runId` among `runIds` (oldest first): pinned unless it is the newest. */
export function pickRun(runIds: readonly string[], runId: string): Partial<ViewState> {
  return { selectedRunId: runId, pinnedRun: runId !== runIds.at(-1) };
}
