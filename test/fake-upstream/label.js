'use strict';
// Text drawn into the fake's images, so a newcomer sees that their prompt went through: a 5×7 pixel
// font made here (A–Z, 0–9 and a little punctuation; any other character is drawn as a small box).
// Pure: returns which cells of a grid are ink.

/** Each glyph: 7 rows of 5 bits, the high bit on the left. */
const GLYPHS = {
	A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14],
	D: [30, 17, 17, 17, 17, 17, 30], E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16],
	G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17], I: [14, 4, 4, 4, 4, 4, 14],
	J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
	M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14],
	P: [30, 17, 17, 30, 16, 16, 16], Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17],
	S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4], U: [17, 17, 17, 17, 17, 17, 14],
	V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
	Y: [17, 17, 10, 4, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
	0: [14, 17, 19, 21, 25, 17, 14], 1: [4, 12, 4, 4, 4, 4, 14], 2: [14, 17, 1, 2, 4, 8, 31],
	3: [31, 2, 4, 2, 1, 17, 14], 4: [2, 6, 10, 18, 31, 2, 2], 5: [31, 16, 30, 1, 1, 17, 14],
	6: [6, 8, 16, 30, 17, 17, 14], 7: [31, 1, 2, 4, 8, 8, 8], 8: [14, 17, 17, 14, 17, 17, 14],
	9: [14, 17, 17, 15, 1, 2, 12],
	' ': [0, 0, 0, 0, 0, 0, 0], '-': [0, 0, 0, 31, 0, 0, 0], '.': [0, 0, 0, 0, 0, 12, 12],
	',': [0, 0, 0, 0, 12, 4, 8], ':': [0, 12, 12, 0, 12, 12, 0], '!': [4, 4, 4, 4, 4, 0, 4],
	'?': [14, 17, 1, 2, 4, 0, 4], '/': [1, 1, 2, 4, 8, 16, 16], "'": [4, 4, 8, 0, 0, 0, 0],
	'(': [2, 4, 8, 8, 8, 4, 2], ')': [8, 4, 2, 2, 2, 4, 8], '*': [0, 4, 21, 14, 21, 4, 0],
	'+': [0, 4, 4, 31, 4, 4, 0], '=': [0, 0, 31, 0, 31, 0, 0], '#': [10, 10, 31, 10, 31, 10, 10],
};
const UNKNOWN = [0, 14, 14, 14, 14, 14, 0];

/** The lines a generated image shows: the prompt's first words, its size, and where it came from. */
function labelLines(prompt, width, height) {
	const words = String(prompt ?? '')
		.replace(/\s+/g, ' ')
		.trim()
		.split(' ')
		.filter(Boolean);
	const lines = [];
	let line = '';
	for (const word of words) {
		if (lines.length === 2) break;
		const next = line ? `${line} ${word}` : word;
		if ([...next].length > 18 && line) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line && lines.length < 2) lines.push(line);
	if (lines.length === 0) lines.push('(no prompt)');
	return [...lines.map((l) => [...l].slice(0, 18).join('').toUpperCase()), `${width}X${height}`, 'FAKE - NOT BILLED'];
}

/**
 * A cols × rows grid (1 = ink) with `lines` drawn centred, each glyph scaled to the largest whole
 * number of cells that fits (at least 1).
 */
function inkGrid(cols, rows, lines) {
	const grid = new Uint8Array(cols * rows);
	const longest = Math.max(...lines.map((l) => [...l].length), 1);
	// a glyph is 5 wide + 1 gap, 7 high + 3 gap; leave a margin of about a tenth
	const scale = Math.max(1, Math.floor(Math.min((cols * 0.9) / (longest * 6), (rows * 0.8) / (lines.length * 10))));
	const blockHeight = lines.length * 10 * scale;
	let top = Math.max(0, Math.floor((rows - blockHeight) / 2));
	for (const text of lines) {
		const chars = [...text];
		let left = Math.max(0, Math.floor((cols - chars.length * 6 * scale) / 2));
		for (const char of chars) {
			const glyph = GLYPHS[char] ?? UNKNOWN;
			for (let gy = 0; gy < 7; gy++) {
				for (let gx = 0; gx < 5; gx++) {
					if (!(glyph[gy] & (16 >> gx))) continue;
					for (let dy = 0; dy < scale; dy++) {
						const y = top + gy * scale + dy;
						if (y >= rows) continue;
						const start = y * cols + left + gx * scale;
						for (let dx = 0; dx < scale && left + gx * scale + dx < cols; dx++) grid[start + dx] = 1;
					}
				}
			}
			left += 6 * scale;
		}
		top += 10 * scale;
	}
	return grid;
}

module.exports = { labelLines, inkGrid, GLYPHS };
