/**
 * @module Layout shared by the views: page title rows, sections and empty states.
 */
import { css } from 'lit'

export const viewStyles = css`
  :host { display: block; }
  .page-head { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: center; justify-content: space-between; margin-bottom: 1.25rem; }
  .page-head h1 { margin: 0; font-size: 1.4rem; letter-spacing: -0.01em; }
  .page-head p { margin: 0.2rem 0 0; color: var(--m-muted); font-size: 0.9rem; }
  .tools { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; }
  .tools select { width: auto; min-width: 10rem; }
  section.card { margin-bottom: 1.25rem; }
  section.card > h2 { font-size: 0.95rem; padding: 0.9rem 1.1rem; border-bottom: 1px solid var(--m-border); display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; }
  .pad { padding: 1.1rem; }
  .stack { display: grid; gap: 1.25rem; margin-bottom: 1.25rem; }
  .stack > *, .stack > section.card { margin: 0; }
  .stack:not(:has(> *)) { display: none; }
  .empty-state { text-align: center; padding: 3rem 1.5rem; display: grid; gap: 0.75rem; justify-items: center; }
  .empty-state h2 { font-size: 1.15rem; }
  .empty-state p { margin: 0; color: var(--m-muted); max-width: 30rem; }
  .back { display: inline-flex; align-items: center; gap: 0.25rem; margin-bottom: 0.9rem; font-size: 0.875rem; }
  .back svg { width: 1rem; height: 1rem; }
`
