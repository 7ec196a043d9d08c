/** What an image's first bytes say about it. Pure: no n8n imports. */
export interface ImageInfo {
	mimeType: string;
	extension: string;
	width?: number;
	height?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, prefix: number[], offset = 0): boolean {
	return prefix.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A JPEG's frame header (SOF segment): its size and how many colour components it has. */
export interface JpegFrame {
	height: number;
	width: number;
	/** 1 = grayscale, 3 = YCbCr (or RGB), 4 = CMYK/YCCK. */
	components: number;
}

/**
 * Walks a JPEG's marker segments to the first frame header. Undefined for bytes that are no JPEG,
 * end before the frame header, or break the marker structure.
 */
export function jpegFrame(bytes: Uint8Array): JpegFrame | undefined {
	if (!startsWith(bytes, JPEG_SIGNATURE)) return undefined;
	const data = view(bytes);
	let offset = 2;
	// The guard keeps every byte read below (up to the component count at +9) inside the buffer.
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		// Fill bytes and stand-alone markers carry no length.
		if (marker === 0xff) {
			offset++;
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			offset += 2;
			continue;
		}
		const length = data.getUint16(offset + 2);
		// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) hold the frame size.
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
			return {
				height: data.getUint16(offset + 5),
				width: data.getUint16(offset + 7),
				components: bytes[offset + 9],
			};
		}
		offset += 2 + length;
	}
	return undefined;
}

function webpSize(bytes: Uint8Array): { width: number; height: number } | undefined {
	if (bytes.length < 30) return undefined;
	const data = view(bytes);
	const chunk = ascii(bytes, 12, 16);
	if (chunk === 'VP8X') {
		const u24 = (offset: number) =>
			data.getUint16(offset, true) + (data.getUint8(offset + 2) << 16);
		const width = 1 + u24(24);
		const height = 1 + u24(27);
		return { width, height };
	}
	if (chunk === 'VP8 ') {
		return { width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff };
	}
	if (chunk === 'VP8L') {
		const bits = data.getUint32(21, true);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	return undefined;
}

/** Recognises PNG, JPEG, WebP and GIF by their signatures; anything else is not an image to us. */
export function sniffImage(bytes: Uint8Array): ImageInfo | undefined {
	if (startsWith(bytes, PNG_SIGNATURE)) {
		const info: ImageInfo = { mimeType: 'image/png', extension: 'png' };
		if (bytes.length >= 24 && ascii(bytes, 12, 16) === 'IHDR') {
			info.width = view(bytes).getUint32(16);
			info.height = view(bytes).getUint32(20);
		}
		return info;
	}
	if (startsWith(bytes, JPEG_SIGNATURE)) {
		const frame = jpegFrame(bytes);
		return {
			mimeType: 'image/jpeg',
			extension: 'jpg',
			...(frame && { height: frame.height, width: frame.width }),
		};
	}
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
		return { mimeType: 'image/webp', extension: 'webp', ...webpSize(bytes) };
	}
	if (bytes.length >= 10 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
		const data = view(bytes);
		return {
			mimeType: 'image/gif',
			extension: 'gif',
			width: data.getUint16(6, true),
			height: data.getUint16(8, true),
		};
	}
	return undefined;
}
