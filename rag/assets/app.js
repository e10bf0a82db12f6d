// Page behaviour, installed once by the article panel (Gradio js_on_load: element, trigger, watch).
// - citation / article / remove links become the panel's `click` event on the server;
// - on phones a citation opens the article in a drawer over the page ("Close" hides it);
// - copy and export use the plain-text form each answer carries (textarea.rag-plain);
// - the question box shows how many characters are left;
// - a new answer opens at its top, and the highlighted sentence is scrolled into view.
window.__ragTrigger = trigger;
const panel = () => document.getElementById('rag-panel');
const narrow = () => window.matchMedia('(max-width: 820px)').matches;

const scrollToMark = () => {
  const body = element.querySelector('.rag-article-body');
  const mark = element.querySelector('mark.rag-hl');
  if (body) body.scrollTop = mark ? Math.max(0, mark.offsetTop - body.clientHeight / 3) : 0;
  const p = panel();
  if (p && p.classList.contains('rag-drawer-open') && mark) {
    p.scrollTop += mark.getBoundingClientRect().top - p.getBoundingClientRect().top - p.clientHeight / 3;
  }
};
watch('value', scrollToMark);

function copyText(text, button) {
  const done = () => { button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = '✓ ' + button.dataset.label; setTimeout(() => { button.textContent = button.dataset.label; }, 1500); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => {});
  } else {
    const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t); t.select();
    try { document.execCommand('copy'); done(); } finally { t.remove(); }
  }
  window.__ragCopied = text;  // lets a test read what was copied without clipboard permissions
}

function conversationMarkdown() {
  const title = (document.querySelector('.rag-title h1') || {}).textContent || 'Conversation';
  const parts = ['# ' + title.trim(), ''];
  document.querySelectorAll('#rag-conv .rag-turn').forEach((turn, i) => {
    const q = turn.querySelector('.rag-question'), plain = turn.querySelector('textarea.rag-plain');
    const err = turn.querySelector('.rag-error .rag-answer');
    parts.push('## ' + (i + 1) + '. ' + (q ? q.textContent.trim() : ''), '');
    parts.push(plain ? plain.value : (err ? err.textContent.trim() : ''), '');
  });
  return parts.join('\n');
}

function exportConversation() {
  const text = conversationMarkdown();
  window.__ragExported = text;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], {type: 'text/markdown;charset=utf-8'}));
  a.download = 'conversation.md';
  a.hidden = true; a.textContent = 'conversation.md';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function updateCount() {
  const box = document.querySelector('#rag-question textarea'), out = document.getElementById('rag-count');
  if (!box || !out) return;
  const limit = Number(out.dataset.limit || 0), n = box.value.length;
  out.textContent = (out.dataset.template || '{n} / {limit}').replace('{n}', n).replace('{limit}', limit);
  out.classList.toggle('rag-full', limit > 0 && n >= limit);
}

function scrollToLastTurn() {
  const conv = document.querySelector('#rag-conv .rag-conv');
  const last = conv && conv.querySelector('.rag-turn:last-child');
  if (!last) return;
  if (conv.scrollHeight > conv.clientHeight + 2) {
    conv.scrollTop = last.getBoundingClientRect().top - conv.getBoundingClientRect().top + conv.scrollTop - 4;
  } else if (narrow()) {
    last.scrollIntoView({block: 'start'});
  }
}

if (!window.__ragBound) {
  window.__ragBound = true;
  document.addEventListener('click', (ev) => {
    const t = ev.target && ev.target.closest ? ev.target : null;
    if (!t) return;
    const copy = t.closest('button.rag-copy');
    if (copy) {
      const plain = copy.closest('.rag-msg').querySelector('textarea.rag-plain');
      copyText(plain ? plain.value : '', copy);
      return;
    }
    if (t.closest('#rag-export-btn')) { exportConversation(); return; }
    const a = t.closest('a[href^="#cite:"], a[href^="#doc:"], a[href="#library"], a[href^="#remove:"], a[href="#close"]');
    if (!a) return;
    ev.preventDefault();
    ev.stopPropagation();
    const href = a.getAttribute('href');
    const p = panel();
    if (href === '#close') { if (p) p.classList.remove('rag-drawer-open'); return; }
    document.querySelectorAll('a.rag-cite.rag-active').forEach((x) => x.classList.remove('rag-active'));
    if (a.classList.contains('rag-cite')) a.classList.add('rag-active');
    if (p && narrow() && (href.startsWith('#cite:') || href.startsWith('#doc:'))) {
      p.classList.add('rag-drawer-open');
      setTimeout(scrollToMark, 50);  // the same article may already be open: no new value to watch
    }
    if (p && href === '#library') p.classList.remove('rag-drawer-open');
    window.__ragLinkSeq = (window.__ragLinkSeq || 0) + 1;  // clicks may reach the server out of order: the last wins
    window.__ragTrigger('click', {href: href, seq: window.__ragLinkSeq});
  }, true);
  document.addEventListener('keydown', (ev) => {
    const p = panel();
    if (ev.key === 'Escape' && p && p.classList.contains('rag-drawer-open')) p.classList.remove('rag-drawer-open');
  });
  document.addEventListener('input', (ev) => { if (ev.target && ev.target.closest('#rag-question')) updateCount(); });
  let seen = '';
  const watchConversation = () => {
    const conv = document.getElementById('rag-conv');
    if (!conv) { setTimeout(watchConversation, 200); return; }
    new MutationObserver(() => {  // only when a turn is added or its answer arrives, not on every change
      const key = conv.querySelectorAll('.rag-turn').length + ':' + conv.querySelectorAll('.rag-pending').length;
      if (key !== seen) { seen = key; scrollToLastTurn(); updateCount(); }
    }).observe(conv, {childList: true, subtree: true});
  };
  watchConversation();
  const watchCounter = () => {
    const wrap = document.getElementById('rag-count-wrap');
    if (!wrap) { setTimeout(watchCounter, 200); return; }
    updateCount();
    new MutationObserver(() => {
      const out = document.getElementById('rag-count');
      if (out && !out.dataset.filled) { out.dataset.filled = '1'; updateCount(); }
    }).observe(wrap, {childList: true, subtree: true});
  };
  watchCounter();
}
