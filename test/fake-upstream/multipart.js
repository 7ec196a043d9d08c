'use strict';
// multipart/form-data parsing of the raw received body with busboy.

const busboy = require('busboy');

/**
 * @typedef {{ field: string, filename: string, mimeType: string, size: number, data: Buffer }} MultipartFile
 * @typedef {{ fields: Record<string, string|string[]>, fieldList: Array<{ name: string, value: string }>, files: MultipartFile[], partOrder: string[] }} Multipart
 */

/**
 * @param {Record<string, string|string[]|undefined>} headers
 * @param {Buffer} body
 * @returns {Promise<Multipart>}
 */
function parseMultipart(headers, body) {
	return new Promise((resolve, reject) => {
		/** @type {Multipart} */
		const result = { fields: {}, fieldList: [], files: [], partOrder: [] };
		let bb;
		try {
			bb = busboy({ headers: /** @type {any} */ (headers), limits: { fileSize: 100 * 1024 * 1024, fieldSize: 50 * 1024 * 1024 } });
		} catch (error) {
			reject(error);
			return;
		}
		bb.on('field', (name, value) => {
			result.partOrder.push(name);
			result.fieldList.push({ name, value });
			const prev = result.fields[name];
			result.fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
		});
		bb.on('file', (name, stream, info) => {
			result.partOrder.push(name);
			/** @type {Buffer[]} */
			const chunks = [];
			stream.on('data', (chunk) => chunks.push(chunk));
			stream.on('end', () => {
				const data = Buffer.concat(chunks);
				result.files.push({ field: name, filename: info.filename, mimeType: info.mimeType, size: data.length, data });
			});
		});
		bb.on('error', reject);
		bb.on('close', () => resolve(result));
		bb.end(body);
	});
}

module.exports = { parseMultipart };
