/* The sandbox page's little script: live incident list, the Run form, examples, replay. */
/* global document */
(function () {
  'use strict';

  var viewer = document.getElementById('viewer');
  if (viewer) {
    viewer.addEventListener('change', function () {
      viewer.form.submit();
    });
  }

  // ---------------------------------------------------------------- live incident list
  var table = document.getElementById('incidents');
  function showCount() {
    var rows = document.getElementById('incident-rows');
    var count = document.getElementById('incident-count');
    if (rows && count) count.textContent = '(' + rows.getAttribute('data-count') + ')';
  }
  if (table) {
    showCount();
    var interval = Number(document.body.getAttribute('data-poll-ms')) || 1000;
    var refresh = function () {
      fetch(table.getAttribute('data-live'), { headers: { Accept: 'text/html' } })
        .then(function (response) {
          return response.ok ? response.text() : undefined;
        })
        .then(function (html) {
          if (html === undefined) return;
          var holder = document.createElement('table');
          holder.innerHTML = html;
          var fresh = holder.querySelector('tbody');
          var old = document.getElementById('incident-rows');
          if (fresh && old) old.replaceWith(fresh);
          showCount();
          table.setAttribute(
            'data-updates',
            String(Number(table.getAttribute('data-updates') || 0) + 1),
          );
        })
        .catch(function () {
          /* the sandbox is stopping or busy: try again at the next tick */
        })
        .finally(function () {
          setTimeout(refresh, interval);
        });
    };
    setTimeout(refresh, interval);
  }

  // ---------------------------------------------------------------- Run the Data Action
  var form = document.getElementById('run-form');
  if (!form) return;
  var result = document.getElementById('result');
  var replay = document.getElementById('replay');
  var fields = form.querySelectorAll('[data-kind]');
  var lastInput;

  function collect() {
    var input = {};
    fields.forEach(function (el) {
      var kind = el.getAttribute('data-kind');
      if (kind === 'switch') {
        if (el.checked) input[el.name] = true;
        return;
      }
      if (kind === 'select') {
        var chosen = el.selectedOptions[0];
        if (!chosen || chosen.hasAttribute('data-unset')) return;
        input[el.name] = el.value;
        return;
      }
      if (el.value === '') return;
      input[el.name] = kind === 'integer' ? Number(el.value) : el.value;
    });
    return input;
  }

  function fill(input) {
    fields.forEach(function (el) {
      var value = input[el.name];
      var kind = el.getAttribute('data-kind');
      if (kind === 'switch') {
        el.checked = value === true;
      } else if (kind === 'select') {
        var match = Array.prototype.find.call(el.options, function (option) {
          return (
            !option.hasAttribute('data-unset') &&
            value !== undefined &&
            option.value === String(value)
          );
        });
        el.selectedIndex = match ? match.index : 0;
      } else {
        el.value = value === undefined || value === null ? '' : String(value);
      }
    });
  }

  function send(input, fault) {
    form.querySelectorAll('button').forEach(function (b) {
      b.disabled = true;
    });
    result.innerHTML = '<p class="muted" id="running">Running…</p>';
    return fetch('/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/html' },
      body: JSON.stringify({ input: input, fault: fault }),
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        result.innerHTML = html;
        lastInput = input;
      })
      .catch(function (error) {
        result.textContent = 'The sandbox did not answer: ' + error.message;
      })
      .finally(function () {
        form.querySelectorAll('button').forEach(function (b) {
          b.disabled = false;
        });
        replay.disabled = lastInput === undefined;
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(collect(), document.getElementById('fault').value);
  });
  replay.addEventListener('click', function () {
    if (lastInput !== undefined) send(lastInput, 'none');
  });
  document.getElementById('new-id').addEventListener('click', function () {
    var id = form.querySelector('[name="customCallId"]');
    if (id) id.value = 'sandbox-' + crypto.randomUUID();
  });
  document.querySelectorAll('[data-example]').forEach(function (button) {
    button.addEventListener('click', function () {
      fetch('/examples/' + encodeURIComponent(button.getAttribute('data-example')))
        .then(function (response) {
          return response.json();
        })
        .then(function (input) {
          fill(input);
          form.setAttribute('data-example', button.getAttribute('data-example'));
        });
    });
  });
})();
