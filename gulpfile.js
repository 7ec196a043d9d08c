// `n8n-node build` compiles TypeScript and copies icons; this adds what it leaves out:
// the codex files (node metadata n8n reads beside each *.node.js) and the licence.
const { src, dest, parallel } = require('gulp');

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function copyLicense() {
	return src('LICENSE').pipe(dest('dist'));
}

exports.default = parallel(copyCodex, copyLicense);
