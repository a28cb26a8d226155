// TeX to SVG with the local MathJax 3 (the django-static-mathjax package's es5 folder), at build time.
// Usage: node mathjax_svg.js ES5_DIR  — then one JSON request per line on stdin,
// {"tex": "...", "display": true}, one JSON answer per line on stdout, {"html": "<mjx-container…>"}
// or {"error": "..."}. Used by hzbook/sphinx/html.py: the pages carry the typeset math as inline SVG
// (with MathML beside it for screen readers), so no page loads MathJax or asks another host for it.
'use strict';
const path = require('path');
const readline = require('readline');

const es5 = path.resolve(process.argv[2] || '');
global.MathJax = {
  loader: {paths: {mathjax: es5}, load: ['input/tex', 'output/svg', 'adaptors/liteDOM', 'a11y/assistive-mml'],
           require: require},
  tex: {packages: {'[+]': ['ams'], '[-]': ['noundefined']}},  // an unknown macro is an error, not red text
  svg: {fontCache: 'none'},  // every glyph inline: no ids, so no id can depend on the order pages are written
  startup: {typeset: false},
};
require(path.join(es5, 'startup.js'));

MathJax.startup.promise.then(() => {
  const adaptor = MathJax.startup.adaptor;
  const lines = readline.createInterface({input: process.stdin, terminal: false});
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let answer;
    try {
      const request = JSON.parse(line);
      const node = MathJax.tex2svg(request.tex, {display: !!request.display});
      const html = adaptor.outerHTML(node);
      const error = /data-mml-node="merror"[^>]*data-mjx-error="([^"]*)"/.exec(html) || /data-mml-node="merror"/.exec(html);
      answer = error ? {error: (error[1] || 'TeX error') + ' in ' + request.tex} : {html};
    } catch (e) {
      answer = {error: String(e && e.message || e)};
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
}).catch((e) => { process.stderr.write(`MathJax did not start: ${e}\n`); process.exit(2); });
