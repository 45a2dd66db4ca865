// Frames the embed page with the options in this page's query, and keeps every message it sends in window.received.
const query = new URLSearchParams(location.search);
const kplay = new URL(query.get('kplay'));
const allow = query.get('allow') ?? location.origin;
window.received = [];
window.addEventListener('message', (event) => {
  if (event.origin === kplay.origin) window.received.push(event.data);
});
document.getElementById('kplay').src = new URL(`embed.html#origin=${encodeURIComponent(allow)}`, kplay).href;
window.send = (message) => document.getElementById('kplay').contentWindow.postMessage(message, kplay.origin);
