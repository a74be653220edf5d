// Vigil console: what the pages do with script on. Without it every page still works (links and
// forms); with it the queue stays live (server-sent events), the keyboard drives it, and the
// slow parts of an alert's page (its flows) load after the page. Served from this origin only.
(function () {
  'use strict';
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  var csrf = document.querySelector('meta[name="csrf"]');

  // ---- live queue -------------------------------------------------------------------------
  var queue = document.getElementById('queue');
  var status = document.getElementById('live-status');
  var alertHeading = document.getElementById('alert-heading');
  if ((queue || alertHeading) && window.EventSource) {
    var source = new EventSource('/events');
    var pending = null;
    source.addEventListener('changed', function (e) {
      var change = JSON.parse(e.data);
      if (queue) {
        if (pending) return;
        pending = setTimeout(function () { pending = null; refresh(); }, 250);
      } else if (alertHeading) {
        var id = location.pathname.split('/')[2];
        if (change.alerts.indexOf(decodeURIComponent(id)) >= 0) showUpdated();
      }
    });
    source.onerror = function () { if (status) { status.classList.add('vigil-live--off'); status.textContent = 'Reconnecting…'; } };
    source.onopen = function () { if (status) { status.classList.remove('vigil-live--off'); status.textContent = 'Live: new alerts appear here as they are raised.'; } };
  }

  function refresh() {
    var before = rowKeys();
    fetch('/queue/rows?' + queue.getAttribute('data-query'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var selected = selectedKey();
        queue.innerHTML = html; // rendered and escaped by the server
        var added = 0;
        queue.querySelectorAll('tr.vigil-row').forEach(function (tr) {
          var key = tr.getAttribute('data-group') + '@' + tr.getAttribute('data-updated');
          if (before.indexOf(key) < 0) { tr.classList.add('vigil-row--new'); added++; }
          if (tr.getAttribute('data-group') === selected) tr.classList.add('vigil-row--selected');
        });
        if (status && added > 0) status.textContent = added + (added === 1 ? ' group' : ' groups') + ' new or updated just now.';
      })
      .catch(function () { if (status) status.textContent = 'Could not refresh the queue; reload the page.'; });
  }

  function rowKeys() {
    return Array.prototype.map.call(document.querySelectorAll('tr.vigil-row'), function (tr) {
      return tr.getAttribute('data-group') + '@' + tr.getAttribute('data-updated');
    });
  }

  function selectedKey() {
    var s = document.querySelector('tr.vigil-row--selected');
    return s ? s.getAttribute('data-group') : null;
  }

  function showUpdated() {
    if (document.getElementById('alert-updated')) return;
    var p = document.createElement('div');
    p.id = 'alert-updated';
    p.className = 'govuk-notification-banner';
    p.setAttribute('role', 'status');
    var inner = document.createElement('div');
    inner.className = 'govuk-notification-banner__content';
    var a = document.createElement('a');
    a.href = location.pathname;
    a.className = 'govuk-notification-banner__link';
    a.textContent = 'This alert has changed since the page was shown: reload it';
    inner.appendChild(a);
    p.appendChild(inner);
    alertHeading.parentNode.insertBefore(p, alertHeading);
  }

  // ---- rows open on click -----------------------------------------------------------------
  document.addEventListener('click', function (e) {
    var tr = e.target.closest && e.target.closest('tr.vigil-row');
    if (tr && !e.target.closest('a, button, input, select')) location.href = tr.getAttribute('data-href');
  });

  // ---- fragments loaded after the page ----------------------------------------------------
  document.querySelectorAll('[data-fragment]').forEach(function (el) {
    el.textContent = 'Loading…';
    fetch(el.getAttribute('data-fragment') + (el.getAttribute('data-fragment').indexOf('?') < 0 ? '?' : '&') + 'fragment=1',
      { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) { el.innerHTML = html; })
      .catch(function () { el.textContent = 'Could not load this part; reload the page.'; });
  });

  // ---- keyboard ---------------------------------------------------------------------------
  var help = null;
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr.vigil-row'));
    var current = rows.findIndex(function (r) { return r.classList.contains('vigil-row--selected'); });
    if (e.key === 'j' || e.key === 'k') {
      if (!rows.length) return;
      var next = current < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, current + (e.key === 'j' ? 1 : -1)));
      rows.forEach(function (r) { r.classList.remove('vigil-row--selected'); });
      rows[next].classList.add('vigil-row--selected');
      rows[next].querySelector('a').focus();
      e.preventDefault();
    } else if ((e.key === 'Enter' || e.key === 'o') && current >= 0) {
      location.href = rows[current].getAttribute('data-href');
      e.preventDefault();
    } else if (e.key === '/') {
      var f = document.getElementById('f-host');
      if (f) { f.focus(); e.preventDefault(); }
    } else if (e.key === 'a') {
      var ack = document.getElementById('ack-note');
      if (ack) { ack.focus(); e.preventDefault(); }
    } else if (e.key === 'c') {
      var close = document.getElementById('verdict-true_positive');
      if (close) { close.focus(); e.preventDefault(); }
    } else if (e.key === 'g') {
      location.href = '/';
    } else if (e.key === '?') {
      toggleHelp();
    } else if (e.key === 'Escape' && help && !help.hidden) {
      help.hidden = true;
    }
  });

  function toggleHelp() {
    if (!help) {
      help = document.createElement('div');
      help.className = 'vigil-help';
      help.setAttribute('role', 'dialog');
      help.setAttribute('aria-label', 'Keyboard keys');
      var keys = [['j / k', 'next / previous line of the queue'], ['Enter or o', 'open the selected line'],
        ['/', 'filter by host'], ['a', 'acknowledge (on an alert)'], ['c', 'close with a verdict (on an alert)'],
        ['g', 'go to the queue'], ['?', 'this help'], ['Esc', 'leave a field, close this help']];
      var h = document.createElement('h2');
      h.className = 'govuk-heading-s';
      h.textContent = 'Keyboard';
      help.appendChild(h);
      var dl = document.createElement('dl');
      keys.forEach(function (k) {
        var dt = document.createElement('dt'); var kbd = document.createElement('kbd'); kbd.textContent = k[0]; dt.appendChild(kbd);
        var dd = document.createElement('dd'); dd.className = 'govuk-body-s'; dd.textContent = k[1];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      help.appendChild(dl);
      document.body.appendChild(help);
      help.hidden = false;
    } else {
      help.hidden = !help.hidden;
    }
  }
  void csrf;
})();
