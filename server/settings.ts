/** Settings under `dlmodel.*` that the server reads. */
export interface Settings {
  readonly inlayHints: { readonly enabled: boolean };
}

export const defaultSettings: Settings = { inlayHints: { enabled: true } };

/**
 * The settings in a `dlmodel` section, whether pulled (`workspace/configuration`) or pushed
 * (`workspace/didChangeConfiguration`); anything missing or of the wrong type keeps its default.
 */
export function settingsFrom(section: unknown): Settings {
  const enabled = field(field(section, 'inlayHints'), 'enabled');
  return { inlayHints: { enabled: typeof enabled === 'boolean' ? enabled : defaultSettings.inlayHints.enabled } };
}

/**
 * The `dlmodel` section of pushed settings (`{ dlmodel: { inlayHints: { enabled: false } } }`),
 * or undefined when the push carries none: VS Code pushes `null` and expects the server to pull.
 */
export function pushedSection(settings: unknown): unknown {
  return field(settings, 'dlmodel');
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
