import * as lsp from 'vscode-languageserver';
import { applyConfigurationEdits, expandSweep, sweepTrain } from '../core/train/sweep';
import { sweepApplyRequest, sweepPlanRequest, type SweepApplyParams, type SweepApplyResult, type SweepPlanParams, type SweepPlanResult } from '../protocol/lsp-requests';
import type { ServerState } from './server-state';

const planRequest = new lsp.RequestType<SweepPlanParams, SweepPlanResult | null, void>(sweepPlanRequest);
const applyRequest = new lsp.RequestType<SweepApplyParams, SweepApplyResult | null, void>(sweepApplyRequest);

/** A train name the client sent, if it is one. */
const trainNameOf = (params: { readonly trainName?: unknown }): string | undefined => (typeof params.trainName === 'string' ? params.trainName : undefined);

/**
 * Answers Run Sweep and Apply to file from the analysis the server keeps for the document (with
 * the workspace's file access, as its diagnostics), for exactly the version the client names.
 */
export function answerSweepRequests(state: ServerState): void {
  state.connection.onRequest(
    planRequest,
    state.handle('sweep plan', (document, params: SweepPlanParams, analysis): SweepPlanResult => {
      if (document.version !== params.version) return { kind: 'stale' };
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) return { kind: 'errors', count: errors.length, first: `${errors[0]!.code} ${errors[0]!.message}` };
      const train = sweepTrain(analysis, trainNameOf(params));
      if (!train?.sweep) return { kind: 'no-sweep' };
      const { sweep } = train;
      return {
        kind: 'plan',
        plan: {
          trainName: train.name ?? null,
          metric: sweep.metric,
          keys: sweep.axes.map((axis) => axis.key),
          epochs: train.settings.epochs,
          earlyStop: sweep.earlyStop ?? null,
          configurations: expandSweep(document.getText(), analysis, train),
        },
      };
    }),
  );
  state.connection.onRequest(
    applyRequest,
    state.handle('sweep apply', (document, params: SweepApplyParams, analysis): SweepApplyResult => {
      if (document.version !== params.version) return { problem: 'the file changed while the edit was being made; apply it again' };
      if (!Array.isArray(params.settings)) return { problem: 'no configuration was given' };
      const edits = applyConfigurationEdits(document.getText(), analysis, params.settings, trainNameOf(params));
      return typeof edits === 'string' ? { problem: edits } : { edits };
    }),
  );
}
