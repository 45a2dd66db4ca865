/*! kplay-embed.js: one <script src=".../kplay-embed.js"></script> turns every <kplay-playground> element and every
 * <div class="kplay"> on the page into a kplay playground (embed.html in a frame, served from where this script is).
 * Options come from the element's attributes, files from child <script type="text/yaml" data-file="deployment.yaml">
 * elements, the startup script from a child <script type="text/x-shellscript">. See docs/embedding.md. */
(() => {
  'use strict';
  const here = document.currentScript && document.currentScript.src;
  const base = new URL('./', here || window.location.href);
  const OPTIONS = ['panels', 'tab', 'readonly', 'lang', 'height', 'workers', 'persist', 'opening', 'share', 'lesson'];
  const FILES = ['deployment.yaml', 'service.yaml', 'ingress.yaml'];
  const frames = new Map();
  // The first playground loads at once; the others once it is ready, so the wasm comes over the network once and
  // the others take it from the browser's cache.
  let first = null;
  const waiting = [];

  /** Text written indented inside HTML, without the indentation and the blank lines around it. */
  function dedent(text) {
    const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
    const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)[0].length);
    const cut = indents.length ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(cut)).join('\n') + '\n';
  }

  /** The embed page's fragment for an element: its options, files and script, percent-encoded. */
  function fragment(element) {
    const pairs = [];
    const add = (key, value) => pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    for (const name of OPTIONS) {
      const value = element.getAttribute(name) ?? element.getAttribute(`data-${name}`);
      if (value !== null) add(name, value);
    }
    for (const child of element.querySelectorAll('script[type="text/yaml"][data-file]')) {
      const file = child.getAttribute('data-file');
      if (FILES.includes(file)) add(file, dedent(child.textContent));
      else console.warn(`kplay: ${file} is not one of ${FILES.join(', ')}`);
    }
    const script = element.querySelector('script[type="text/x-shellscript"]');
    if (script) add('script', dedent(script.textContent));
    // Only this page may drive its playgrounds.
    if (window.location.origin !== 'null') add('origin', window.location.origin);
    return pairs.join('&');
  }

  function mount(element) {
    if (frames.has(element) || element.dataset.kplayMounted) return;
    element.dataset.kplayMounted = 'true';
    const frame = document.createElement('iframe');
    frame.title = element.getAttribute('title') || 'kplay: a Kubernetes playground';
    frame.setAttribute('loading', 'lazy');
    frame.setAttribute('allow', 'clipboard-write');
    frame.style.width = '100%';
    frame.style.border = '1px solid #8884';
    frame.style.borderRadius = '8px';
    frame.style.boxSizing = 'border-box';
    frame.style.height = `${Number(element.getAttribute('height')) || 600}px`;
    frame.dataset.src = new URL(`embed.html#${fragment(element)}`, base).href;
    element.appendChild(frame);
    frames.set(element, frame);
    // The element speaks for its playground: element.kplay.send({type: 'run', line: 'kubectl get pods'}).
    element.kplay = {
      frame,
      send(message) {
        frame.contentWindow.postMessage({ kplay: 1, ...message }, base.origin === 'null' ? '*' : base.origin);
      },
    };
    if (first === null) {
      first = frame;
      frame.src = frame.dataset.src;
    } else if (first.dataset.ready) {
      frame.src = frame.dataset.src;
    } else {
      waiting.push(frame);
    }
  }

  /** Events from the playgrounds: their height, and every event again as a `kplay` DOM event on the element. */
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.kplay !== 1) return;
    for (const [element, frame] of frames) {
      if (frame.contentWindow !== event.source) continue;
      if (data.type === 'resize' && data.height > 0) frame.style.height = `${Math.ceil(data.height) + 2}px`;
      if (data.type === 'ready' && frame === first && !first.dataset.ready) {
        first.dataset.ready = 'true';
        for (const next of waiting.splice(0)) next.src = next.dataset.src;
      }
      element.dispatchEvent(new CustomEvent('kplay', { detail: data }));
    }
  });

  function mountAll() {
    document.querySelectorAll('kplay-playground, div.kplay').forEach(mount);
  }

  if (window.customElements && !window.customElements.get('kplay-playground')) {
    window.customElements.define('kplay-playground', class extends HTMLElement {
      connectedCallback() {
        // While the page is still being read, the element's children (its files) are not there yet.
        if (document.readyState === 'loading') return;
        mount(this);
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
