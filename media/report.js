// @ts-check
// The report's only script (loaded with the page's nonce): turns clicks into messages for the
// extension, which decides what they may do. It never builds markup and loads nothing.
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    if (target.dataset.open) vscode.postMessage({ type: 'open', file: target.dataset.open });
    else if (target.dataset.command) vscode.postMessage({ type: target.dataset.command });
    else if (target.dataset.settings) vscode.postMessage({ type: 'settings', id: target.dataset.settings });
  });
})();
