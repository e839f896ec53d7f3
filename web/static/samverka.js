// SPDX-License-Identifier: Apache-2.0
// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // The sort menu applies itself; its button stays for keyboard and script-less use.
  document.querySelectorAll('form.sort select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  // A form that comes back with errors moves focus to its summary, which lists and links them.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  // On phones the filters start closed, so the results come first.
  if (window.matchMedia('(max-width: 48rem)').matches) {
    document.querySelectorAll('details.facet[open]').forEach(function (details) {
      if (!details.querySelector('[aria-current]')) details.removeAttribute('open');
    });
  }
})();
