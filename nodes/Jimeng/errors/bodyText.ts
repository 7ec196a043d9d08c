/** What an answer that is not the expected JSON looks like, in a few words for an error. Pure. */
import { BODY_SNIPPET_CHARS } from '../run/constants';

export function looksLikeHtml(text: string): boolean {
	return /^\s*(<!doctype html|<html|<head|<body)/i.test(text) || /<\/html>\s*$/i.test(text);
}

/** A web page becomes its title (or its text without tags); anything else its first characters. */
export function bodySnippet(text: string): string {
	if (looksLikeHtml(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		const plain = text
			.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
		return (title || plain).slice(0, BODY_SNIPPET_CHARS);
	}
	return text.trim().slice(0, BODY_SNIPPET_CHARS);
}
