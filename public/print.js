// @ts-check
// The print button of poster and card pages (a file, not an inline handler, so the CSP can forbid those).
document.querySelectorAll('[data-print]').forEach((button) => button.addEventListener('click', () => window.print()));
