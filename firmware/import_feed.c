/*
 * import_feed — RSS 2.0 and Atom 1.0 with expat, streaming: items are
 * built as their elements end, and only the text of the element being read
 * is held.
 *
 * A feed has no business declaring a DOCTYPE or entities; a document that
 * does is refused before any entity is expanded (billion laughs and
 * external entities). Nesting deeper than the limit is refused too.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "calendar.h"
#include "import.h"

#define NS_ATOM	   "http://www.w3.org/2005/Atom"
#define NS_MEDIA   "http://search.yahoo.com/mrss/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC	   "http://purl.org/dc/elements/1.1/"
#define CHUNK	   65536

enum kind { FEED_UNKNOWN, FEED_RSS, FEED_ATOM };

struct feed {
	XML_Parser p;
	const struct import_limits *lim;
	struct import_result *r;
	enum kind kind;
	int depth;
	int item_depth;	  /* depth of the open <item>/<entry>, 0 when none */
	int source_depth; /* inside an Atom entry's <source> */
	size_t items;
	char *refused;	  /* why the parser was stopped */
	struct buf text;  /* character data of the element being read */
	int text_html;	  /* Atom type="html" on the element being read */
	char *feed_title; /* the channel's or feed's title: the default source */
	struct article a;
	char *summary_html, *content_html, *atom_published, *atom_updated;
};

/* "uri local" (expat's namespace form) split: is it local in ns? */
static int is(const char *name, const char *ns, const char *local)
{
	const char *sp = strchr(name, ' ');
	if (!ns)
		return !sp && strcmp(name, local) == 0;
	size_t n = strlen(ns);
	return sp && (size_t)(sp - name) == n && strncmp(name, ns, n) == 0 &&
	       strcmp(sp + 1, local) == 0;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static void refuse(struct feed *f, const char *why)
{
	if (!f->refused)
		f->refused = xstrdup(why);
	XML_StopParser(f->p, XML_FALSE);
}

static void set_field(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

static void add_tag(struct article *a, const char *t)
{
	if (!t || !*t)
		return;
	if (!a->category || !*a->category) {
		set_field(&a->category, t);
		return;
	}
	a->tags = xrealloc(a->tags, (a->ntags + 1) * sizeof *a->tags);
	a->tags[a->ntags++] = xstrdup(t);
}

static int is_image(const char *type, const char *medium)
{
	return (type && strncmp(type, "image/", 6) == 0) ||
	       (medium && strcmp(medium, "image") == 0);
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	struct feed *f = ud;
	if (++f->depth > f->lim->max_depth) {
		refuse(f, "XML nested too deeply");
		return;
	}
	if (f->depth == 1) {
		if (is(name, NULL, "rss"))
			f->kind = FEED_RSS;
		else if (is(name, NS_ATOM, "feed"))
			f->kind = FEED_ATOM;
		else
			refuse(f, "not an RSS 2.0 or Atom 1.0 feed (unknown root element)");
		return;
	}
	if (!f->item_depth) {
		if ((f->kind == FEED_RSS && is(name, NULL, "item")) ||
		    (f->kind == FEED_ATOM && is(name, NS_ATOM, "entry"))) {
			f->item_depth = f->depth;
			f->items++;
			article_clear(&f->a);
		}
		buf_free(&f->text);
		return;
	}
	if (f->kind == FEED_ATOM && is(name, NS_ATOM, "source"))
		f->source_depth = f->depth;
	/* Element text is collected from the element and its descendants
	 * (Atom type="xhtml" content is markup in the feed itself). */
	if (f->depth == f->item_depth + 1) {
		buf_free(&f->text);
		const char *type = attr(atts, "type");
		f->text_html = type && (strcmp(type, "html") == 0 || strcmp(type, "xhtml") == 0);
	} else if (f->text.len) {
		buf_putc(&f->text, ' ');
	}
	struct article *a = &f->a;
	if (is(name, NULL, "enclosure") || is(name, NS_MEDIA, "content") ||
	    is(name, NS_MEDIA, "thumbnail")) {
		const char *url = attr(atts, "url");
		if (url && (!a->image || !*a->image) &&
		    (is(name, NS_MEDIA, "thumbnail") ||
		     is_image(attr(atts, "type"), attr(atts, "medium"))))
			set_field(&a->image, url);
	} else if (f->kind == FEED_ATOM && is(name, NS_ATOM, "link") && !f->source_depth) {
		const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
		if (href && (!rel || strcmp(rel, "alternate") == 0) && (!a->url || !*a->url))
			set_field(&a->url, href);
		else if (href && rel && strcmp(rel, "enclosure") == 0 &&
			 is_image(attr(atts, "type"), NULL) && (!a->image || !*a->image))
			set_field(&a->image, href);
	} else if (f->kind == FEED_ATOM && is(name, NS_ATOM, "category") && !f->source_depth) {
		const char *label = attr(atts, "label");
		add_tag(a, label ? label : attr(atts, "term"));
	}
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	struct feed *f = ud;
	/* Bounded: nothing longer than the body limit is kept. */
	if (f->item_depth && f->depth > f->item_depth && f->text.len <= f->lim->max_body + 1)
		buf_append(&f->text, s, (size_t)len);
	else if (!f->item_depth && f->depth == 2 + (f->kind == FEED_RSS) &&
		 f->text.len <= f->lim->max_title + 1)
		buf_append(&f->text, s, (size_t)len);
}

/* Text of the element that just ended; "" when none. Caller frees. */
static char *take_text(struct feed *f)
{
	char *s = buf_steal(&f->text);
	return import_trim(s);
}

static void finish_item(struct feed *f)
{
	struct article *a = &f->a;
	const char *html = f->content_html && *f->content_html ? f->content_html : f->summary_html;
	if (html)
		a->body = html_to_text(html, strlen(html));
	if (f->summary_html && f->content_html && *f->content_html)
		a->summary = html_to_text(f->summary_html, strlen(f->summary_html));
	else if (a->body) {
		char *nl = strchr(a->body, '\n');
		a->summary = nl ? xstrndup(a->body, (size_t)(nl - a->body)) : xstrdup(a->body);
	}
	if ((!a->source || !*a->source) && f->feed_title)
		set_field(&a->source, f->feed_title);
	const char *when = f->atom_published ? f->atom_published : f->atom_updated;
	if (when && calendar_parse_iso8601(when, &a->published)) {
		import_skip(f->r, "item %zu: %s is not an ISO 8601 time", f->items, when);
		article_clear(a);
	} else {
		import_add(f->r, a, f->items, f->lim);
	}
	free(f->summary_html);
	free(f->content_html);
	free(f->atom_published);
	free(f->atom_updated);
	f->summary_html = f->content_html = f->atom_published = f->atom_updated = NULL;
}

static void XMLCALL on_end(void *ud, const char *name)
{
	struct feed *f = ud;
	int depth = f->depth--;
	if (!f->item_depth) {
		if ((f->kind == FEED_RSS && depth == 3 && is(name, NULL, "title")) ||
		    (f->kind == FEED_ATOM && depth == 2 && is(name, NS_ATOM, "title"))) {
			free(f->feed_title);
			f->feed_title = html_to_text(f->text.data ? f->text.data : "", f->text.len);
		}
		buf_free(&f->text);
		return;
	}
	if (depth == f->item_depth) {
		f->item_depth = 0;
		finish_item(f);
		return;
	}
	if (f->source_depth) {
		if (depth == f->source_depth + 1 && is(name, NS_ATOM, "title")) {
			char *t = take_text(f);
			free(f->a.source);
			f->a.source = t;
		}
		if (depth == f->source_depth)
			f->source_depth = 0;
		return;
	}
	if (depth != f->item_depth + 1)
		return;
	struct article *a = &f->a;
	char *t = take_text(f);
	if (is(name, NULL, "title") || is(name, NS_ATOM, "title")) {
		free(a->title);
		a->title =
		    f->kind == FEED_RSS || f->text_html ? html_to_text(t, strlen(t)) : xstrdup(t);
	} else if (is(name, NULL, "link") && f->kind == FEED_RSS) {
		set_field(&a->url, t);
	} else if (is(name, NULL, "guid") || is(name, NS_ATOM, "id")) {
		set_field(&a->id, t);
	} else if (is(name, NULL, "pubDate")) {
		/* A date nobody can read leaves the article undated, not lost. */
		if (*t && calendar_parse_rfc822(t, &a->published) &&
		    calendar_parse_iso8601(t, &a->published))
			a->published = 0;
	} else if (is(name, NS_DC, "date") || is(name, NS_ATOM, "published")) {
		set_field(&f->atom_published, t);
	} else if (is(name, NS_ATOM, "updated")) {
		set_field(&f->atom_updated, t);
	} else if (is(name, NULL, "description") || is(name, NS_ATOM, "summary")) {
		set_field(&f->summary_html, t);
	} else if (is(name, NS_CONTENT, "encoded") || is(name, NS_ATOM, "content")) {
		set_field(&f->content_html, t);
	} else if (is(name, NULL, "category")) {
		add_tag(a, t);
	} else if (is(name, NULL, "source")) {
		set_field(&a->source, t);
	} else if (is(name, NS_DC, "language") || is(name, NULL, "language")) {
		set_field(&a->lang, t);
	}
	free(t);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
			       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	refuse(ud, "DOCTYPE declarations are refused (entity expansion attack?)");
}

static void XMLCALL on_entity(void *ud, const char *name, int is_param, const char *value, int len,
			      const char *base, const char *sysid, const char *pubid,
			      const char *notation)
{
	(void)name, (void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid;
	(void)notation;
	refuse(ud, "entity declarations are refused (entity expansion attack?)");
}

int import_feed_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r)
{
	struct feed f = {.lim = lim, .r = r};
	int ret = 0;
	f.p = XML_ParserCreateNS("UTF-8", ' ');
	if (!f.p)
		return import_fail_at(r, data, len, 0, "out of memory for the XML parser");
	XML_SetUserData(f.p, &f);
	XML_SetElementHandler(f.p, on_start, on_end);
	XML_SetCharacterDataHandler(f.p, on_text);
	XML_SetStartDoctypeDeclHandler(f.p, on_doctype);
	XML_SetEntityDeclHandler(f.p, on_entity);
	/* No external entities or DTDs are ever loaded. */
	XML_SetParamEntityParsing(f.p, XML_PARAM_ENTITY_PARSING_NEVER);
	size_t off = 0;
	do {
		size_t n = MIN(len - off, (size_t)CHUNK);
		int final = off + n == len;
		if (XML_Parse(f.p, data + off, (int)n, final) != XML_STATUS_OK) {
			size_t at = (size_t)XML_GetCurrentByteIndex(f.p);
			if (f.refused)
				ret = import_fail_at(r, data, len, at, "%s", f.refused);
			else
				ret = import_fail_at(r, data, len, at, "XML: %s",
						     XML_ErrorString(XML_GetErrorCode(f.p)));
			break;
		}
		off += n;
	} while (off < len);
	if (!ret && f.kind == FEED_UNKNOWN)
		ret = import_fail_at(r, data, len, 0, "not an RSS 2.0 or Atom 1.0 feed");
	XML_ParserFree(f.p);
	article_clear(&f.a);
	buf_free(&f.text);
	free(f.refused);
	free(f.feed_title);
	free(f.summary_html);
	free(f.content_html);
	free(f.atom_published);
	free(f.atom_updated);
	return ret;
}
