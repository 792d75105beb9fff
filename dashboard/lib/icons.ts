/**
 * @module A handful of line icons drawn for the dashboard (24×24 grid, stroke = currentColor), inline so
 * nothing is fetched at runtime. Decorative: buttons carry their own text or aria-label.
 */
import { svg, type SVGTemplateResult } from 'lit'

const icon = (body: SVGTemplateResult): SVGTemplateResult =>
  svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`

export const icons = {
  sync: icon(svg`<path d="M20 11a8 8 0 0 0-14.9-3.5M4 4v4h4"/><path d="M4 13a8 8 0 0 0 14.9 3.5M20 20v-4h-4"/>`),
  pause: icon(svg`<rect x="6" y="5" width="4" height="14" rx="1"/><rect x="14" y="5" width="4" height="14" rx="1"/>`),
  play: icon(svg`<path d="M7 5l12 7-12 7z"/>`),
  trash: icon(svg`<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"/>`),
  plus: icon(svg`<path d="M12 5v14M5 12h14"/>`),
  search: icon(svg`<circle cx="11" cy="11" r="7"/><path d="M20 20l-3.5-3.5"/>`),
  back: icon(svg`<path d="M15 18l-6-6 6-6"/>`),
  next: icon(svg`<path d="M9 18l6-6-6-6"/>`),
  external: icon(svg`<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>`),
  alert: icon(svg`<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>`),
  check: icon(svg`<path d="M5 12l5 5 9-10"/>`),
  key: icon(svg`<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9M17 6l3 3M15 8l2 2"/>`),
  eye: icon(svg`<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`),
  eyeOff: icon(svg`<path d="M3 3l18 18M10.6 6.1A9.8 9.8 0 0 1 12 6c6 0 10 6 10 6a17 17 0 0 1-3 3.6M6.5 7.6C3.8 9.4 2 12 2 12s4 7 10 7c1.7 0 3.2-.5 4.5-1.2"/><path d="M9.9 10a3 3 0 0 0 4.1 4.1"/>`),
  clock: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`),
  list: icon(svg`<path d="M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01"/>`),
  link: icon(svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
}
