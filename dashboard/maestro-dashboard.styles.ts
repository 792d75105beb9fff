/**
 * @module Styles of `<maestro-dashboard>`: the theme's defaults (light and dark), the top bar, the
 * consent overlay.
 */
import { css } from 'lit'
import { buttons, surfaces, tokens } from './styles/shared.ts'

export const dashboardStyles = [tokens, buttons, surfaces, css`
  :host { display: block; background: var(--m-bg); min-height: 100%; container-type: inline-size; }
  :host([theme='dark']) {
    --maestro-bg: #0b0f17; --maestro-surface: #131a26; --maestro-surface-2: #182131; --maestro-text: #e5e7eb; --maestro-muted: #9ca3af;
    --maestro-border: #263043; --maestro-accent: #818cf8; --maestro-accent-hover: #a5b4fc; --maestro-accent-soft: #1e2547; --maestro-on-accent: #0b0f17;
    --maestro-neutral-soft: #1f2937; --maestro-success-soft: #0f2e1c; --maestro-success: #4ade80; --maestro-warning-soft: #33250b; --maestro-warning: #fbbf24;
    --maestro-danger-soft: #3a1212; --maestro-danger: #f87171; --maestro-info-soft: #172554; --maestro-info: #93c5fd;
  }
  header { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; padding: 0.7rem clamp(0.75rem, 3vw, 2rem); background: var(--m-surface); border-bottom: 1px solid var(--m-border); }
  .brand { display: flex; align-items: center; gap: 0.55rem; font-weight: 700; font-size: 1rem; }
  .logo { width: 1.8rem; height: 1.8rem; border-radius: 8px; background: linear-gradient(135deg, var(--m-accent), color-mix(in srgb, var(--m-accent) 60%, #06b6d4)); color: #fff; display: grid; place-items: center; font-weight: 800; font-size: 0.95rem; }
  nav { display: flex; gap: 0.25rem; flex-wrap: wrap; }
  nav button { background: none; border: 0; padding: 0.45rem 0.7rem; border-radius: 8px; font: 500 0.9rem var(--m-font); color: var(--m-muted); cursor: pointer; }
  nav button:hover { color: var(--m-text); background: var(--m-neutral-soft); }
  nav button[aria-current='page'] { color: var(--m-accent); background: var(--m-accent-soft); }
  nav button:focus-visible { outline: none; box-shadow: var(--m-focus); }
  .end { margin-left: auto; display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; }
  .scope { font-size: 0.8rem; font-weight: 600; padding: 0.25rem 0.6rem; border-radius: 999px; background: var(--m-neutral-soft); color: var(--m-text); max-width: 14rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .live { display: inline-flex; align-items: center; gap: 0.35rem; font-size: 0.78rem; color: var(--m-muted); }
  .live .dot { width: 0.5rem; height: 0.5rem; border-radius: 50%; background: var(--m-muted); }
  .live.on .dot { background: var(--m-success); box-shadow: 0 0 0 3px color-mix(in srgb, var(--m-success) 25%, transparent); }
  main { display: block; max-width: 76rem; margin: 0 auto; padding: clamp(1rem, 3vw, 2rem); outline: none; }
  .expired { background: var(--m-warning-soft); color: var(--m-warning); padding: 0.75rem clamp(0.75rem, 3vw, 2rem); font-size: 0.9rem; font-weight: 600; }
  .overlay { position: fixed; inset: 0; z-index: 40; background: rgb(17 24 39 / 0.45); display: grid; place-items: center; padding: 1rem; }
  .modal { width: min(26rem, 100%); padding: 1.5rem; display: grid; gap: 0.8rem; justify-items: start; }
  .modal h2 { margin: 0; font-size: 1.1rem; }
  .modal p { margin: 0; color: var(--m-muted); line-height: 1.5; font-size: 0.9rem; }
  .modal .actions { display: flex; gap: 0.5rem; justify-self: end; flex-wrap: wrap; }
  .spinner { width: 1.6rem; height: 1.6rem; border-radius: 50%; border: 3px solid var(--m-accent-soft); border-top-color: var(--m-accent); animation: spin 0.9s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 3s; } }
  @container (max-width: 40rem) { .end { margin-left: 0; width: 100%; } }
`]
