import * as vscode from 'vscode';
import type { HealthFinding } from '../core/train/events';

/**
 * The DL6xx findings of the latest run, published on the offending layer's line. They describe the
 * text that was trained, so they are cleared as soon as that document changes or a new run starts.
 */
export class HealthDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dlmodel training health');
  private readonly subscriptions: vscode.Disposable[] = [];
  private shownFor: { uri: vscode.Uri; version: number } | undefined;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.shownFor && event.document.uri.toString() === this.shownFor.uri.toString() && event.contentChanges.length > 0) this.clear();
      }),
    );
  }

  /** Shows the findings for a document, as long as it still has the version that was trained. */
  show(document: vscode.TextDocument, trainedVersion: number, findings: readonly HealthFinding[]): void {
    if (document.version !== trainedVersion) return;
    this.shownFor = { uri: document.uri, version: trainedVersion };
    this.collection.set(
      document.uri,
      findings.map((finding) => {
        const range = new vscode.Range(document.positionAt(finding.range.start), document.positionAt(finding.range.end));
        const diagnostic = new vscode.Diagnostic(range, finding.message, finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.code = finding.code;
        diagnostic.source = 'dlmodel training';
        return diagnostic;
      }),
    );
  }

  clear(): void {
    this.collection.clear();
    this.shownFor = undefined;
  }

  dispose(): void {
    this.collection.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
