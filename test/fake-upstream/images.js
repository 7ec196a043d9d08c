'use strict';
// Real image bytes for the fake upstream: a minimal PNG encoder (zlib + CRC32) and a minimal
// baseline JPEG encoder for solid-colour images, plus an independent header parser so tests can
// check dimensions without using the product's own sniffer.

const zlib = require('node:zlib');

const { inkGrid } = require('./label');

// ---------- PNG ----------

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** @param {Buffer} buf */
function crc32(buf) {
	let c = 0xffffffff;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A palette PNG (bit depth 1, two colours): left half colour A, right half colour B, so even a
 * 4096x4096 image is small and quick to build.
 * @param {number} width @param {number} height @param {[number, number, number]} rgb
 */
function encodePng(width, height, rgb) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 1; // bit depth
	ihdr[9] = 3; // colour type: palette
	ihdr[10] = 0;
	ihdr[11] = 0;
	ihdr[12] = 0;
	const palette = Buffer.from([rgb[0], rgb[1], rgb[2], 255 - rgb[0], 255 - rgb[1], 255 - rgb[2]]);
	const rowBytes = Math.ceil(width / 8);
	const row = Buffer.alloc(1 + rowBytes); // filter byte 0, then bits
	const half = Math.floor(width / 2);
	for (let x = half; x < width; x++) row[1 + (x >> 3)] |= 0x80 >> (x & 7);
	const raw = Buffer.alloc(row.length * height);
	for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('PLTE', palette),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A mask-like PNG: left half 0 (keep), right half 255 (redraw), 8 bits per channel. `colourType`
 * 0 is the one-channel grayscale the inpaint API asks for; 2 (RGB), 4 (gray + alpha) and 6 (RGBA)
 * are what drawing tools often save instead.
 * @param {number} width @param {number} height @param {0|2|4|6} [colourType]
 */
function encodeMaskPng(width, height, colourType = 0) {
	const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType];
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8;
	ihdr[9] = colourType;
	const row = Buffer.alloc(1 + width * channels);
	for (let x = Math.floor(width / 2); x < width; x++) row.fill(255, 1 + x * channels, 1 + (x + 1) * channels);
	if (colourType === 4 || colourType === 6) for (let x = 0; x < width; x++) row[(x + 1) * channels] = 255;
	const raw = Buffer.alloc(row.length * height);
	for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * Channels of a PNG (from its colour type) or JPEG (from its frame header), read independently of
 * the product's code: 1 = one-channel grayscale.
 * @param {Uint8Array} input @returns {number | undefined}
 */
function channelCount(input) {
	const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	if (buf.length >= 26 && buf.readUInt32BE(0) === 0x89504e47) return { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 }[buf[25]];
	if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
		let i = 2;
		while (i + 9 < buf.length) {
			if (buf[i] !== 0xff) return undefined;
			const marker = buf[i + 1];
			if (marker === 0xff) {
				i++;
				continue;
			}
			const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
			if (isSof) return buf[i + 9];
			i += 2 + buf.readUInt16BE(i + 2);
		}
	}
	return undefined;
}

// ---------- JPEG (baseline, 3 components, 4:4:4, solid colour) ----------
// For a flat 8x8 block every AC coefficient is 0 and the DC coefficient is 8*(v-128). With the
// standard Huffman tables each block is "DC difference + EOB", so any size encodes in a few bits
// per block and stays a fully valid baseline JPEG.

const STD_DC_LUM = {
	counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
	values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const STD_DC_CHR = {
	counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
	values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
// Only EOB (symbol 0x00) is ever written; a table holding just that symbol is valid.
const AC_EOB_ONLY = { counts: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], values: [0] };

/** Canonical Huffman codes: symbol -> {code, length}. */
function huffmanCodes(table) {
	/** @type {Map<number, {code: number, length: number}>} */
	const codes = new Map();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < table.counts[length - 1]; i++) codes.set(table.values[k++], { code: code++, length });
		code <<= 1;
	}
	return codes;
}

class BitWriter {
	constructor() {
		/** @type {number[]} */
		this.bytes = [];
		this.acc = 0;
		this.n = 0;
	}
	write(value, length) {
		for (let i = length - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((value >> i) & 1);
			this.n++;
			if (this.n === 8) this.flushByte();
		}
	}
	flushByte() {
		this.bytes.push(this.acc);
		if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
		this.acc = 0;
		this.n = 0;
	}
	finish() {
		while (this.n !== 0) this.write(1, 1); // pad with 1 bits
		return Buffer.from(this.bytes);
	}
}

function segment(marker, payload) {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

function dhtPayload(tableClass, id, table) {
	return Buffer.from([(tableClass << 4) | id, ...table.counts, ...table.values]);
}

/** @param {number} width @param {number} height @param {[number, number, number]} rgb */
function encodeJpeg(width, height, rgb, blockColour) {
	const toYcc = ([r, g, b]) =>
		[
			0.299 * r + 0.587 * g + 0.114 * b,
			128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
			128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
		].map((v) => Math.max(0, Math.min(255, Math.round(v))));
	const flat = toYcc(rgb);
	const blocksAcross = Math.ceil(width / 8);
	const dcLum = huffmanCodes(STD_DC_LUM);
	const dcChr = huffmanCodes(STD_DC_CHR);
	const ac = huffmanCodes(AC_EOB_ONLY);
	const eob = /** @type {{code:number,length:number}} */ (ac.get(0));

	const bits = new BitWriter();
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const prevDc = [0, 0, 0];
	for (let block = 0; block < blocks; block++) {
		const ycc = blockColour ? toYcc(blockColour(block % blocksAcross, Math.floor(block / blocksAcross))) : flat;
		for (let c = 0; c < 3; c++) {
			const dc = 8 * (ycc[c] - 128);
			const diff = dc - prevDc[c];
			prevDc[c] = dc;
			const magnitude = Math.abs(diff);
			const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
			const code = /** @type {{code:number,length:number}} */ ((c === 0 ? dcLum : dcChr).get(category));
			bits.write(code.code, code.length);
			if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
			bits.write(eob.code, eob.length);
		}
	}

	const quant = Buffer.alloc(65, 1);
	quant[0] = 0; // 8-bit precision, table 0
	const sof = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
	const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, jfif),
		segment(0xdb, quant),
		segment(0xc0, sof),
		segment(0xc4, dhtPayload(0, 0, STD_DC_LUM)),
		segment(0xc4, dhtPayload(1, 0, AC_EOB_ONLY)),
		segment(0xc4, dhtPayload(0, 1, STD_DC_CHR)),
		segment(0xc4, dhtPayload(1, 1, AC_EOB_ONLY)),
		segment(0xda, sos),
		bits.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}

// ---------- helpers ----------

/** Distinct colours so images of one response differ byte for byte. */
const PALETTE = [
	[230, 57, 70],
	[42, 157, 143],
	[69, 123, 157],
	[244, 162, 97],
	[131, 56, 236],
	[255, 190, 11],
	[58, 134, 255],
	[251, 86, 7],
];

/** @param {number} index */
function colourFor(index) {
	return /** @type {[number, number, number]} */ (PALETTE[Math.abs(index) % PALETTE.length]);
}

// ---------- labelled images: a gradient with text (label.js) ----------

const INK = [255, 255, 255];
const SHADE = (rgb, t) => rgb.map((v) => Math.round(v * (1 - t) + (v * 0.25) * t));

/**
 * A 4-bit palette PNG: a left-to-right gradient of `rgb` (14 steps, down to a quarter of its
 * brightness) with `lines` drawn in white.
 */
function encodeLabelledPng(width, height, rgb, lines) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 4; // bit depth
	ihdr[9] = 3; // palette
	const palette = Buffer.alloc(16 * 3);
	for (let i = 0; i < 14; i++) Buffer.from(SHADE(rgb, i / 13)).copy(palette, i * 3);
	Buffer.from(INK).copy(palette, 15 * 3);
	const rowBytes = Math.ceil(width / 2);
	const base = Buffer.alloc(1 + rowBytes);
	const step = (x) => Math.min(13, Math.floor((x * 14) / width));
	for (let x = 0; x < width; x++) base[1 + (x >> 1)] |= step(x) << (x & 1 ? 0 : 4);
	const ink = inkGrid(width, height, lines);
	const raw = Buffer.alloc(base.length * height);
	for (let y = 0; y < height; y++) {
		const offset = y * base.length;
		base.copy(raw, offset);
		const rowInk = y * width;
		if (ink.subarray(rowInk, rowInk + width).indexOf(1) < 0) continue;
		for (let x = 0; x < width; x++) {
			if (!ink[rowInk + x]) continue;
			const at = offset + 1 + (x >> 1);
			raw[at] = x & 1 ? (raw[at] & 0xf0) | 15 : (raw[at] & 0x0f) | 0xf0;
		}
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('PLTE', palette),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** The same picture as a JPEG whose 8×8 blocks are the pixels (the encoder writes one colour per block). */
function encodeLabelledJpeg(width, height, rgb, lines) {
	const across = Math.ceil(width / 8);
	const down = Math.ceil(height / 8);
	const ink = inkGrid(across, down, lines);
	return encodeJpeg(width, height, rgb, (bx, by) =>
		ink[by * across + bx] ? INK : SHADE(rgb, Math.min(13, Math.floor((bx * 14) / across)) / 13),
	);
}

/** @type {Map<string, Buffer>} */
const cache = new Map();

/**
 * @param {'png'|'jpeg'} format @param {number} width @param {number} height @param {number} [colour]
 * @param {string[]} [lines] text to draw (label.js); without it the image is two flat halves
 * @returns {Buffer}
 */
function makeImage(format, width, height, colour = 0, lines) {
	const key = `${format}:${width}x${height}:${colour}:${lines ? lines.join('|') : ''}`;
	let data = cache.get(key);
	if (!data) {
		const rgb = colourFor(colour);
		if (lines) data = format === 'png' ? encodeLabelledPng(width, height, rgb, lines) : encodeLabelledJpeg(width, height, rgb, lines);
		else data = format === 'png' ? encodePng(width, height, rgb) : encodeJpeg(width, height, rgb);
		if (cache.size > 64) cache.clear();
		cache.set(key, data);
	}
	return data;
}

/**
 * Independent header parser for tests: PNG, JPEG (any SOFn), WebP, GIF.
 * @param {Uint8Array} input
 * @returns {{ type: 'png'|'jpeg'|'webp'|'gif', width: number, height: number } | undefined}
 */
function readImageSize(input) {
	const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('ascii', 12, 16) === 'IHDR') {
		return { type: 'png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	}
	if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
		let i = 2;
		while (i + 9 < buf.length) {
			if (buf[i] !== 0xff) return undefined;
			const marker = buf[i + 1];
			if (marker === 0xff) {
				i++;
				continue;
			}
			const length = buf.readUInt16BE(i + 2);
			const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
			if (isSof) return { type: 'jpeg', height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
			i += 2 + length;
		}
		return undefined;
	}
	if (buf.length >= 30 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') {
		const kind = buf.toString('ascii', 12, 16);
		if (kind === 'VP8X') return { type: 'webp', width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
		if (kind === 'VP8 ') return { type: 'webp', width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
		if (kind === 'VP8L') {
			const bits = buf.readUInt32LE(21);
			return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
		}
		return undefined;
	}
	if (buf.length >= 10 && buf.toString('ascii', 0, 3) === 'GIF') {
		return { type: 'gif', width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
	}
	return undefined;
}

module.exports = { crc32, encodePng, encodeMaskPng, encodeJpeg, makeImage, readImageSize, channelCount, colourFor };
