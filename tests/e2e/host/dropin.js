// Loads kplay-embed.js from where kplay is served (?kplay=...), as a tutorial page on another site would.
const script = document.createElement('script');
script.src = new URL('kplay-embed.js', new URL(new URLSearchParams(location.search).get('kplay'))).href;
document.body.appendChild(script);
