/**
 * @module Styles every element shares: the theme's custom properties resolved with their defaults, and
 * the few building blocks (buttons, fields, cards, tables) the elements are made of.
 */
import { css } from 'lit'

/**
 * The public `--maestro-*` custom properties, read once per element into private `--m-*` ones with the
 * default palette as fallback, so every element also works outside `<maestro-dashboard>`.
 */
export const tokens = css`
  :host {
    --m-accent: var(--maestro-accent, #4f46e5);
    --m-accent-hover: var(--maestro-accent-hover, #4338ca);
    --m-accent-soft: var(--maestro-accent-soft, #eef2ff);
    --m-on-accent: var(--maestro-on-accent, #ffffff);
    --m-bg: var(--maestro-bg, #f5f6f8);
    --m-surface: var(--maestro-surface, #ffffff);
    --m-surface-2: var(--maestro-surface-2, #f9fafb);
    --m-text: var(--maestro-text, #111827);
    --m-muted: var(--maestro-muted, #6b7280);
    --m-border: var(--maestro-border, #e5e7eb);
    --m-success: var(--maestro-success, #15803d);
    --m-success-soft: var(--maestro-success-soft, #dcfce7);
    --m-warning: var(--maestro-warning, #b45309);
    --m-warning-soft: var(--maestro-warning-soft, #fef3c7);
    --m-danger: var(--maestro-danger, #b91c1c);
    --m-danger-soft: var(--maestro-danger-soft, #fee2e2);
    --m-info: var(--maestro-info, #1d4ed8);
    --m-info-soft: var(--maestro-info-soft, #dbeafe);
    --m-neutral-soft: var(--maestro-neutral-soft, #f3f4f6);
    --m-radius: var(--maestro-radius, 10px);
    --m-font: var(--maestro-font, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    --m-mono: var(--maestro-mono-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    --m-shadow: var(--maestro-shadow, 0 1px 2px rgb(16 24 40 / 0.05), 0 1px 3px rgb(16 24 40 / 0.06));
    --m-focus: 0 0 0 3px color-mix(in srgb, var(--m-accent) 35%, transparent);
    font-family: var(--m-font);
    color: var(--m-text);
    -webkit-font-smoothing: antialiased;
  }
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }
`

/** Buttons: primary, secondary (default), danger, ghost; `.small` for dense rows. */
export const buttons = css`
  .btn {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem;
    min-height: 2.25rem; padding: 0 0.9rem; border-radius: 8px;
    border: 1px solid var(--m-border); background: var(--m-surface); color: var(--m-text);
    font: 500 0.875rem/1 var(--m-font); cursor: pointer; white-space: nowrap; text-decoration: none;
    transition: background 0.15s, border-color 0.15s, box-shadow 0.15s;
  }
  .btn:hover:not(:disabled) { background: var(--m-surface-2); border-color: color-mix(in srgb, var(--m-border) 60%, var(--m-muted)); }
  .btn:focus-visible { outline: none; box-shadow: var(--m-focus); }
  .btn:disabled { opacity: 0.55; cursor: not-allowed; }
  .btn.primary { background: var(--m-accent); border-color: var(--m-accent); color: var(--m-on-accent); }
  .btn.primary:hover:not(:disabled) { background: var(--m-accent-hover); border-color: var(--m-accent-hover); }
  .btn.danger { color: var(--m-danger); }
  .btn.danger.solid { background: var(--m-danger); border-color: var(--m-danger); color: #fff; }
  .btn.ghost { background: transparent; border-color: transparent; }
  .btn.ghost:hover:not(:disabled) { background: var(--m-neutral-soft); }
  .btn.small { min-height: 1.9rem; padding: 0 0.65rem; font-size: 0.8125rem; }
  .btn svg { width: 1rem; height: 1rem; flex: none; }
  .link { background: none; border: 0; padding: 0; color: var(--m-accent); font: inherit; cursor: pointer; text-decoration: none; }
  .link:hover { text-decoration: underline; }
  .link:focus-visible { outline: none; box-shadow: var(--m-focus); border-radius: 4px; }
`

/** Labels, inputs, selects and their help and error lines. */
export const fields = css`
  .field { display: grid; gap: 0.35rem; }
  .field label, .label { font-weight: 600; font-size: 0.875rem; }
  .help { color: var(--m-muted); font-size: 0.8125rem; line-height: 1.4; margin: 0; }
  .error-text { color: var(--m-danger); font-size: 0.8125rem; margin: 0; }
  input, select, textarea {
    width: 100%; min-height: 2.4rem; padding: 0.5rem 0.7rem; border-radius: 8px;
    border: 1px solid var(--m-border); background: var(--m-surface); color: var(--m-text);
    font: 0.9375rem/1.3 var(--m-font);
  }
  input:focus, select:focus, textarea:focus { outline: none; border-color: var(--m-accent); box-shadow: var(--m-focus); }
  input[aria-invalid='true'] { border-color: var(--m-danger); }
  input[type='checkbox'] { width: auto; min-height: 0; accent-color: var(--m-accent); }
`

/** Cards, tables and small text helpers. */
export const surfaces = css`
  .card { background: var(--m-surface); border: 1px solid var(--m-border); border-radius: var(--m-radius); box-shadow: var(--m-shadow); }
  .muted { color: var(--m-muted); }
  .mono { font-family: var(--m-mono); font-size: 0.8125rem; }
  .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { width: 100%; border-collapse: collapse; font-size: 0.875rem; }
  th { text-align: left; font-weight: 600; color: var(--m-muted); font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; padding: 0.6rem 0.75rem; border-bottom: 1px solid var(--m-border); white-space: nowrap; }
  td { padding: 0.65rem 0.75rem; border-bottom: 1px solid var(--m-border); vertical-align: top; }
  tr:last-child td { border-bottom: 0; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  h2, h3 { margin: 0; }
`
