// SentimentWatch duty console: keyboard triage and live refresh of the queue. The only script of the console, served
// from /static/ (CSP script-src 'self'); every page works without it.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live) { return; }
  var selected = live.getAttribute('data-at') || '';

  function rows() { return Array.prototype.slice.call(document.querySelectorAll('#queue > li.row')); }

  function select(row) {
    rows().forEach(function (r) { r.classList.remove('sel'); });
    if (!row) { selected = ''; return; }
    row.classList.add('sel');
    selected = row.getAttribute('data-id');
    row.scrollIntoView({ block: 'nearest' });
  }

  function current() {
    var all = rows();
    for (var i = 0; i < all.length; i++) { if (all[i].getAttribute('data-id') === selected) { return i; } }
    return -1;
  }

  function restore() {
    var all = rows();
    var i = current();
    select(i >= 0 ? all[i] : all[0]);
  }

  function submit(row, key) {
    var form = row && row.querySelector('form[data-key="' + key + '"]');
    if (!form) { return false; }
    if (key === 'r') {
      var choice = form.querySelector('select');
      if (choice) { choice.focus(); return true; }
    }
    form.submit();
    return true;
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || (tag === 'SELECT' && e.key !== 'Enter')) { return; }
    if (tag === 'SELECT' && e.key === 'Enter') { e.preventDefault(); e.target.form.submit(); return; }
    var all = rows();
    var i = current();
    switch (e.key) {
      case 'j': select(all[Math.min(all.length - 1, i + 1)]); break;
      case 'k': select(all[Math.max(0, i - 1)]); break;
      case 'Enter':
        if (i >= 0 && all[i].getAttribute('data-href')) { window.location.href = all[i].getAttribute('data-href'); } else { return; }
        break;
      case 'c': case 'f': case 'r': case 'a':
        if (!submit(all[i], e.key)) { return; }
        break;
      default: return;
    }
    e.preventDefault();
  });

  // Live refresh: ask for the stamp every data-poll ms (Console:QueuePoll); when it changed, fetch the counts and rows and
  // swap them in. The next poll is timed from the start of this one, so a slow answer delays it but never skips a round.
  var every = parseInt(live.getAttribute('data-poll'), 10) || 1000;
  function poll() {
    var started = Date.now();
    var counts = live.querySelector('.counts');
    var stamp = counts ? counts.getAttribute('data-stamp') : '';
    fetch(live.getAttribute('data-stamp-url'), { headers: { 'X-SW-Poll': '1' }, credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 401) { window.location.reload(); throw new Error('signed out'); }
        return r.ok ? r.text() : stamp;
      })
      .then(function (s) {
        if (s === stamp) { return null; }
        return fetch(live.getAttribute('data-rows'), { headers: { 'X-SW-Poll': '1' }, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.text() : null; });
      })
      .then(function (html) {
        if (html !== null && html !== undefined) { live.innerHTML = html; restore(); }
      })
      .catch(function () { })
      .then(function () { setTimeout(poll, Math.max(0, every - (Date.now() - started))); });
  }

  restore();
  setTimeout(poll, every);
})();
