// Applied before first paint so a dark-mode user never sees a white flash (see src/stores/settings.ts).
(function () {
  var pref = 'system';
  try { pref = localStorage.getItem('conveyor.theme') || 'system'; } catch { /* storage disabled */ }
  var dark = pref === 'dark' || (pref !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
