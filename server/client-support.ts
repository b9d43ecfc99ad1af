import type * as lsp from 'vscode-languageserver';

/** What the client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** False in a VS Code Restricted Mode window: no data file is read. Other editors omit it. */
  trusted?: boolean;
  /**
   * True from the VS Code extension, which registers the commands code lenses run (`dlmodel.train`)
   * and draws `$(icon)` titles. Other editors omit it and get plain-text lenses without commands.
   */
  vscodeCommands?: boolean;
}

/**
 * What the client can do, read once from `initialize`. Every capability the server relies on is
 * named here, so an editor that lacks one (Neovim 0.7 has no snippets, no watched files; Helix
 * pushes settings instead of answering `workspace/configuration`) gets a plainer answer, not a
 * request it cannot serve.
 */
export interface ClientSupport {
  /** Answers `workspace/configuration` (pull); otherwise settings arrive only by push. */
  readonly pullConfiguration: boolean;
  /** Accepts `client/registerCapability` for `workspace/didChangeConfiguration`. */
  readonly registerConfiguration: boolean;
  readonly refreshInlayHints: boolean;
  /** Accepts `client/registerCapability` for `workspace/didChangeWatchedFiles`. */
  readonly registerWatchedFiles: boolean;
  /** Understands `{ baseUri, pattern }` glob patterns in file watchers (LSP 3.17). */
  readonly relativePatterns: boolean;
  /** Sends `workspace/didChangeWorkspaceFolders`. */
  readonly workspaceFolderEvents: boolean;
  /** Expands `${1:16}` tab stops in completion items; otherwise items are plain text. */
  readonly snippets: boolean;
  readonly vscodeCommands: boolean;
}

export function clientSupportOf(params: lsp.InitializeParams): ClientSupport {
  const workspace = params.capabilities.workspace;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  return {
    pullConfiguration: workspace?.configuration === true,
    registerConfiguration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    refreshInlayHints: workspace?.inlayHint?.refreshSupport === true,
    registerWatchedFiles: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    relativePatterns: workspace?.didChangeWatchedFiles?.relativePatternSupport === true,
    workspaceFolderEvents: workspace?.workspaceFolders === true,
    snippets: params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
    vscodeCommands: options.vscodeCommands === true,
  };
}
