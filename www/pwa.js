/*! kplay's offline support: registers sw.js (written by scripts/csp-hook.py with every file of the build under a
 * versioned cache), and when a new build is waiting, offers to reload into it. The embed page does neither: it lives
 * in other sites' frames, where the host page decides. */
(() => {
  'use strict';
  const app = document.getElementById('app');
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (app && app.dataset.mode === 'embed') return;
  const TEXT = {
    en: ['A new version of kplay is available.', 'Reload'],
    ja: ['kplay の新しいバージョンがあります。', '再読み込み'],
  };

  function offer(worker) {
    if (document.getElementById('update')) return;
    const [message, action] = TEXT[document.documentElement.lang] || TEXT.en;
    const banner = document.createElement('div');
    banner.id = 'update';
    banner.className = 'banner update';
    banner.setAttribute('role', 'status');
    banner.dataset.testid = 'update-available';
    const text = document.createElement('span');
    text.textContent = `${message} `;
    const button = document.createElement('button');
    button.textContent = action;
    button.dataset.testid = 'update-reload';
    button.addEventListener('click', () => {
      asked = true;
      worker.postMessage('skipWaiting');
    });
    banner.append(text, button);
    document.body.prepend(banner);
  }

  // Reload only into a build the learner chose; the first visit's worker taking control changes nothing visible.
  let asked = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!asked) return;
    asked = false;
    location.reload();
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').then((registration) => {
      // A new build installed while this page runs an older one waits until the learner chooses to reload.
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      });
    }).catch((error) => console.warn('kplay: offline support is off:', error));
  });
})();
