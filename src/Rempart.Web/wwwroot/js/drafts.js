// Rempart: what a person typed in a form marked data-draft is kept in this browser tab (sessionStorage, gone when
// the tab closes) until the page shows it saved, and put back after a post that was lost (the session had ended,
// the connection dropped). Each question's version stamp is kept with it, so a draft older than a colleague's change
// comes back as a conflict to resolve, never as a silent overwrite. Without script, the form works the same.
(function () {
  'use strict';
  var form = document.querySelector('form[data-draft]');
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!form || !store) { return; }
  var key = form.getAttribute('data-draft');
  var notice = document.getElementById('draft-restored');

  function editable(e) {
    return e.name && !e.disabled && ['hidden', 'file', 'submit', 'button', 'reset'].indexOf(e.type) < 0;
  }
  function group(name) { var i = name.lastIndexOf('.'); return i < 0 ? name : name.slice(0, i); }
  function stampInput(name) { return form.elements.namedItem(group(name) + '.Stamp'); }
  function same(a, b) {
    var norm = function (v) { return v === null || v === undefined ? '' : String(v).replace(/\r\n/g, '\n').trim(); };
    return norm(a) === norm(b);
  }
  function valueOf(name) {
    var found = null;
    Array.prototype.forEach.call(form.elements, function (e) {
      if (e.name !== name || !editable(e)) { return; }
      if (e.type === 'radio' || e.type === 'checkbox') { if (e.checked) { found = e.value; } } else { found = e.value; }
    });
    return found;
  }
  function setValue(name, value) {
    Array.prototype.forEach.call(form.elements, function (e) {
      if (e.name !== name || !editable(e)) { return; }
      if (e.type === 'radio' || e.type === 'checkbox') { e.checked = e.value === value; } else { e.value = value === null ? '' : value; }
    });
  }
  function read() { try { return JSON.parse(store.getItem(key)) || null; } catch (e) { return null; } }
  function write(draft) { try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* full or refused: the form still works */ } }

  // On arrival: a draft the page already shows is done with; one it does not show is put back, with its stamps.
  var draft = read();
  if (draft && draft.values) {
    var pending = Object.keys(draft.values).filter(function (name) { return !same(valueOf(name), draft.values[name]); });
    if (pending.length === 0) {
      store.removeItem(key);
      draft = null;
    } else {
      pending.forEach(function (name) {
        setValue(name, draft.values[name]);
        var stamp = stampInput(name);
        if (stamp && draft.stamps && draft.stamps[group(name)] !== undefined) { stamp.value = draft.stamps[group(name)]; }
      });
      if (notice) { notice.hidden = false; }
    }
  }
  draft = draft || { values: {}, stamps: {} };

  function remember(event) {
    var e = event.target;
    if (!e || !e.name || !editable(e)) { return; }
    draft.values[e.name] = valueOf(e.name);
    var stamp = stampInput(e.name);
    if (stamp && !(group(e.name) in draft.stamps)) { draft.stamps[group(e.name)] = stamp.value; }
    write(draft);
  }
  form.addEventListener('input', remember);
  form.addEventListener('change', remember);

  var discard = document.getElementById('draft-discard');
  if (discard) {
    discard.addEventListener('click', function () {
      store.removeItem(key);
      window.location.reload();
    });
  }
}());
