// `n8n-node build` compiles TypeScript and copies icons; this adds what it leaves out: the codex
// files (node metadata n8n reads beside each *.node.js). The licence is packed from the package root.
const { src, dest } = require('gulp');

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports.default = copyCodex;
