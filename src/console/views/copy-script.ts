import { createHash } from 'node:crypto';

/**
 * The console's one script: the copy buttons. Inline, and allowed by its hash in the console's
 * CSP (script-src), so no script file and nothing from elsewhere. Without it the field is still
 * selectable.
 */
export const COPY_SCRIPT = `document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    var field = document.getElementById(button.getAttribute('data-copy'));
    field.select();
    var done = function () { button.textContent = 'Copied'; };
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () { if (document.execCommand('copy')) done(); });
    else if (document.execCommand('copy')) done();
  });
});`;

/** The CSP source that lets COPY_SCRIPT, and nothing else, run. */
export const COPY_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(COPY_SCRIPT).digest('base64')}'`;
