/** The most ordinary runs kept unless the setting `dlmodel.runs.keep` says otherwise. */
export const defaultRunsKept = 50;

/**
 * The sweeps kept: their tables (the Sweep tab shows the latest; older ones are there for their
 * runs' tags) and their runs, which the run history keeps with their sweep, outside `runs.keep`.
 */
export const defaultSweepsKept = 10;
