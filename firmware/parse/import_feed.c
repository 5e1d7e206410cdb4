/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_feed — RSS (0.90, 0.91–0.94, 1.0/RDF, 2.0) and Atom (0.3, 1.0)
 * with expat, streaming: items are built as their elements end, and only
 * the text of the element being read is held. Items wait in a list until
 * the document ends, so what the channel says after them (its language,
 * its link) still applies: language, links resolved against xml:base, the
 * item link or the channel link, and guids scoped by the feed.
 *
 * A DOCTYPE naming an external DTD (Netscape's RSS 0.91) is harmless: no
 * DTD is ever loaded, and the HTML entities it would declare are read by
 * name (so are those of a feed that uses them without any DTD). A feed
 * that stops at such an entity, or at a bare '&' (a link pasted by hand),
 * is mended and read again. Entity declarations are refused before any
 * entity is expanded (billion laughs and external entities). Nesting
 * deeper than the limit is refused too.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "parse/html.h"
#include "parse/import.h"

#define CHUNK 65536
/* A title made from a description is cut after this many bytes. */

/* The vocabularies a feed's elements come from. V_PLAIN is no namespace:
 * RSS 0.91–2.0, or an Atom feed that forgot its namespace. */
enum vocab { V_PLAIN, V_RSS, V_ATOM, V_DC, V_DCTERMS, V_CONTENT, V_MEDIA, V_XHTML, V_OTHER };

static const struct {
	const char *uri;
	enum vocab v;
} namespaces[] = {
    {"http://www.w3.org/2005/Atom", V_ATOM},
    {"http://purl.org/atom/ns#", V_ATOM},
    {"http://purl.org/rss/1.0/", V_RSS},
    {"http://my.netscape.com/rdf/simple/0.9/", V_RSS},
    {"http://channel.netscape.com/rdf/simple/0.9/", V_RSS},
    {"http://backend.userland.com/rss2", V_RSS},
    {"http://blogs.law.harvard.edu/tech/rss", V_RSS},
    {"http://purl.org/dc/elements/1.1/", V_DC},
    {"http://purl.org/dc/terms/", V_DCTERMS},
    {"http://purl.org/rss/1.0/modules/content/", V_CONTENT},
    {"http://search.yahoo.com/mrss/", V_MEDIA},
    {"http://search.yahoo.com/mrss", V_MEDIA},
    {"http://www.w3.org/1999/xhtml", V_XHTML},
};

#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

enum kind { FEED_UNKNOWN, FEED_RSS, FEED_ATOM };
/* How the text of the element being read is kept. */
enum mode { TEXT_PLAIN, TEXT_HTML, TEXT_XHTML, TEXT_SNIFF };
/* The date fields of an item, the one that wins first. */
enum date_field { D_PUB, D_PUBLISHED, D_DC, D_UPDATED, D_N };

/* An item read, waiting for the end of the document. */
struct pending {
	struct article a;
	size_t item;
	char *guid;
};

struct feed {
	XML_Parser p;
	const struct import_limits *lim;
	struct import_result *r;
	enum kind kind;
	int depth;
	int channel_depth; /* the element whose children describe the feed */
	int item_depth;	   /* depth of the open <item>/<entry>, 0 when none */
	int source_depth;  /* inside an Atom entry's <source> */
	size_t items;
	char *refused;	 /* why the parser was stopped */
	char **lang;	 /* xml:lang in scope at each depth (borrowed or owned) */
	char **base;	 /* xml:base in scope at each depth */
	struct buf text; /* character data of the element being read */
	enum mode mode;
	int text_depth;	  /* the element whose text is read */
	char *feed_title; /* the channel's or feed's title: the default source */
	char *feed_lang;  /* <language>, dc:language of the channel */
	char *feed_link;  /* the channel's link: base of relative links */
	char *feed_self;  /* Atom rel="self": the feed's own address */
	struct pending *pend;
	size_t npend, cappend;
	struct article a;
	char *guid, *summary_html, *content_html, *dates[D_N];
	int doctype;	      /* the document has a DOCTYPE */
	int undefined_entity; /* stopped at an undeclared entity without one */
	int bare_ampersand;   /* stopped at a '&' that starts no reference */
	int unbound_prefix;   /* stopped at a prefix without its xmlns */
	int image_score;      /* of the item's image so far (media_image()); -1 none */
};

static enum vocab vocab_of(const struct feed *f, const char *name, const char **local)
{
	const char *sp = strchr(name, ' ');
	*local = sp ? sp + 1 : name;
	if (!sp)
		return f->kind == FEED_ATOM ? V_ATOM : V_RSS;
	size_t n = (size_t)(sp - name);
	for (size_t i = 0; i < ARRAY_LEN(namespaces); i++)
		if (strlen(namespaces[i].uri) == n && strncmp(name, namespaces[i].uri, n) == 0)
			return namespaces[i].v;
	return V_OTHER;
}

/* Is name the element local of vocabulary v? */
static int is(const struct feed *f, const char *name, enum vocab v, const char *local)
{
	const char *l;
	return vocab_of(f, name, &l) == v && strcmp(l, local) == 0;
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

static int empty(const char *s)
{
	return !s || !*s;
}

static void add_tag(struct article *a, const char *t)
{
	if (empty(t))
		return;
	if (empty(a->category)) {
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

/* Whether a URL names audio, video or a document by its extension. */
static int not_a_picture(const char *url)
{
	static const char *const ext[] = {
	    ".mp4", ".m4v", ".mov", ".webm", ".mp3",  ".m4a",
	    ".ogg", ".oga", ".wav", ".pdf",  ".m3u8",
	};
	size_t n = strcspn(url, "?#");
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		size_t e = strlen(ext[i]);
		if (n >= e && !strncasecmp(url + n - e, ext[i], e))
			return 1;
	}
	return 0;
}

/* An enclosure, media:content or media:thumbnail as the lead image: -1
 * when it is not one, else its score, the larger the better: its width
 * when it gives one, else 1 (0 for a thumbnail). A media:content with
 * neither type nor medium (the Guardian's) counts unless its URL names
 * audio or video: the bytes decide when the image is fetched. */
static int media_image(const struct feed *f, const char *name, const char **atts)
{
	const char *url = attr(atts, "url"), *type = attr(atts, "type"),
		   *medium = attr(atts, "medium"), *width = attr(atts, "width");
	int thumb = is(f, name, V_MEDIA, "thumbnail");
	int untyped = is(f, name, V_MEDIA, "content") && !type && !medium;
	if (!url || !(thumb || is_image(type, medium) || (untyped && !not_a_picture(url))))
		return -1;
	long w = width ? strtol(width, NULL, 10) : 0;
	return w > 0 && w < 100000 ? (int)w : !thumb;
}

/* xml:lang and xml:base at this depth: the element's own, else inherited. */
static void push_scope(struct feed *f, const char **atts)
{
	int d = f->depth;
	const char *lang = attr(atts, NS_XML " lang"), *base = attr(atts, NS_XML " base");
	f->lang[d] = lang ? xstrdup(lang) : f->lang[d - 1] ? xstrdup(f->lang[d - 1]) : NULL;
	if (base)
		f->base[d] = import_resolve_url(f->base[d - 1], base);
	else
		f->base[d] = f->base[d - 1] ? xstrdup(f->base[d - 1]) : NULL;
}

static void pop_scope(struct feed *f, int d)
{
	free(f->lang[d]);
	free(f->base[d]);
	f->lang[d] = f->base[d] = NULL;
}

static void root_start(struct feed *f, const char *name)
{
	const char *local;
	enum vocab v = vocab_of(f, name, &local);
	if ((v == V_RSS && strcmp(local, "rss") == 0) ||
	    (strcmp(local, "RDF") == 0 && strncmp(name, NS_RDF, strlen(NS_RDF)) == 0)) {
		f->kind = FEED_RSS;
	} else if ((v == V_ATOM || !strchr(name, ' ')) && strcmp(local, "feed") == 0) {
		f->kind = FEED_ATOM;
		f->channel_depth = 1;
	} else if (strcasecmp(local, "html") == 0) {
		refuse(f, "an HTML page, not a feed (an error or login page saved as a feed?)");
	} else {
		char *why = xasprintf("not a feed: the root element is <%s>; khabar reads RSS "
				      "0.90 to 2.0, RSS 1.0 (RDF) and Atom 0.3 and 1.0",
				      local);
		refuse(f, why);
		free(why);
	}
}

/* Inside Atom type="xhtml" content: the markup is part of the text. */
static void xhtml_start(struct feed *f, const char *name)
{
	const char *local;
	vocab_of(f, name, &local);
	buf_printf(&f->text, "<%s>", local);
}

static void item_start(struct feed *f, const char *name, const char **atts);

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	struct feed *f = ud;
	if (++f->depth > f->lim->max_depth) {
		refuse(f, "XML nested too deeply");
		return;
	}
	push_scope(f, atts);
	if (f->depth == 1) {
		root_start(f, name);
		return;
	}
	if (f->text_depth && f->depth > f->text_depth) {
		if (f->mode == TEXT_XHTML)
			xhtml_start(f, name);
		else if (f->text.len)
			buf_putc(&f->text, ' ');
	}
	if (f->item_depth) {
		item_start(f, name, atts);
		return;
	}
	if ((f->kind == FEED_RSS && is(f, name, V_RSS, "item")) ||
	    (f->kind == FEED_ATOM && is(f, name, V_ATOM, "entry"))) {
		f->item_depth = f->depth;
		f->items++;
		f->image_score = -1;
		article_clear(&f->a);
		return;
	}
	if (f->kind == FEED_RSS && !f->channel_depth && is(f, name, V_RSS, "channel")) {
		f->channel_depth = f->depth;
		return;
	}
	if (f->depth == f->channel_depth + 1) {
		buf_free(&f->text);
		f->text_depth = f->depth;
		f->mode = TEXT_PLAIN;
		const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
		if (f->kind == FEED_ATOM && href && is(f, name, V_ATOM, "link")) {
			char *url = import_resolve_url(f->base[f->depth], href);
			if (rel && strcmp(rel, "self") == 0)
				set_field(&f->feed_self, url);
			else if ((!rel || strcmp(rel, "alternate") == 0) && empty(f->feed_link))
				set_field(&f->feed_link, url);
			free(url);
		}
	}
}

/* The text mode of an element from its Atom type and mode attributes. */
static enum mode mode_of(const struct feed *f, const char *name, const char **atts)
{
	const char *type = attr(atts, "type"), *mode = attr(atts, "mode");
	const char *local;
	enum vocab v = vocab_of(f, name, &local);
	if (v == V_RSS || v == V_CONTENT)
		return TEXT_HTML; /* RSS titles and descriptions are HTML */
	if (v != V_ATOM)
		return TEXT_PLAIN;
	if (type && (strcmp(type, "xhtml") == 0 || strcmp(type, "application/xhtml+xml") == 0))
		return mode && strcmp(mode, "escaped") == 0 ? TEXT_HTML : TEXT_XHTML;
	if ((type && (strcmp(type, "html") == 0 || strcmp(type, "text/html") == 0)) ||
	    (mode && strcmp(mode, "escaped") == 0))
		return TEXT_HTML;
	/* Content without a type is text by the RFC, but feeds put escaped
	 * HTML there: its text decides. */
	if (!type && (strcmp(local, "content") == 0 || strcmp(local, "summary") == 0))
		return TEXT_SNIFF;
	return TEXT_PLAIN;
}

/* Whether s holds a tag: '<', an optional '/', letters, then a space, '/'
 * or '>'. */
static int holds_tags(const char *s)
{
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
		const char *q = p + 1 + (p[1] == '/');
		const char *start = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		       (q > start && *q >= '1' && *q <= '6'))
			q++;
		if (q > start && (*q == '>' || *q == ' ' || *q == '/' || *q == '\n'))
			return 1;
	}
	return 0;
}

/* A sniffed element's mode, once its text s is whole. */
static void settle_mode(struct feed *f, const char *s)
{
	if (f->mode == TEXT_SNIFF)
		f->mode = holds_tags(s) ? TEXT_HTML : TEXT_PLAIN;
}

static void item_start(struct feed *f, const char *name, const char **atts)
{
	struct article *a = &f->a;
	if (f->kind == FEED_ATOM && is(f, name, V_ATOM, "source"))
		f->source_depth = f->depth;
	if (f->depth == f->item_depth + 1) {
		buf_free(&f->text);
		f->text_depth = f->depth;
		f->mode = mode_of(f, name, atts);
	}
	const char *base = f->base[f->depth];
	if (is(f, name, V_RSS, "enclosure") || is(f, name, V_MEDIA, "content") ||
	    is(f, name, V_MEDIA, "thumbnail")) {
		int score = media_image(f, name, atts);
		if (score > f->image_score || (score >= 0 && empty(a->image))) {
			free(a->image);
			a->image = import_resolve_url(base, attr(atts, "url"));
			f->image_score = score;
		}
	} else if (f->kind == FEED_ATOM && is(f, name, V_ATOM, "link") && !f->source_depth) {
		const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
		if (href && (!rel || strcmp(rel, "alternate") == 0) && empty(a->url)) {
			free(a->url);
			a->url = import_resolve_url(base, href);
		} else if (href && rel && strcmp(rel, "enclosure") == 0 &&
			   is_image(attr(atts, "type"), NULL) && empty(a->image)) {
			free(a->image);
			a->image = import_resolve_url(base, href);
			f->image_score = 1;
		}
	} else if (f->kind == FEED_ATOM && is(f, name, V_ATOM, "category") && !f->source_depth) {
		const char *label = attr(atts, "label");
		add_tag(a, label ? label : attr(atts, "term"));
	}
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	struct feed *f = ud;
	/* Bounded: nothing longer than the body limit is kept. */
	if (!f->text_depth || f->depth < f->text_depth || f->text.len > f->lim->max_body + 1)
		return;
	if (f->mode != TEXT_XHTML) {
		buf_append(&f->text, s, (size_t)len);
		return;
	}
	/* Escaped again, since the markup around it goes to the HTML reducer. */
	for (int i = 0; i < len; i++) {
		if (s[i] == '&')
			buf_puts(&f->text, "&amp;");
		else if (s[i] == '<')
			buf_puts(&f->text, "&lt;");
		else
			buf_putc(&f->text, s[i]);
	}
}

/* Text of the element that just ended, as plain text; "" when none.
 * Caller frees. */
static char *take_text(struct feed *f)
{
	char *s = buf_steal(&f->text);
	settle_mode(f, s);
	if (f->mode != TEXT_PLAIN) {
		char *t = html_to_text(s, strlen(s));
		free(s);
		return t;
	}
	return str_trim(s);
}

/* Like take_text, but the HTML is kept for the body's paragraphs. */
static char *take_html(struct feed *f)
{
	char *s = buf_steal(&f->text);
	settle_mode(f, s);
	if (f->mode == TEXT_PLAIN) {
		/* Plain text: paragraphs from its blank lines, markup-looking
		 * characters kept as they are. */
		struct buf b = {0};
		buf_puts(&b, "");
		for (const char *p = s; *p; p++)
			if (*p == '&')
				buf_puts(&b, "&amp;");
			else if (*p == '<')
				buf_puts(&b, "&lt;");
			else
				buf_putc(&b, *p);
		free(s);
		return buf_steal(&b);
	}
	return s;
}

/* The first date field that reads; 0 when none does. */
static int64_t item_date(const struct feed *f)
{
	for (int i = 0; i < D_N; i++) {
		int64_t t;
		const char *s = f->dates[i];
		if (empty(s))
			continue;
		if (calendar_parse_rfc822(s, &t) == 0 || calendar_parse_iso8601(s, &t) == 0)
			return t;
	}
	return 0;
}

static void finish_item(struct feed *f, int depth)
{
	struct article *a = &f->a;
	const char *html = !empty(f->content_html) ? f->content_html : f->summary_html;
	if (html)
		a->body = html_to_text(html, strlen(html));
	/* No enclosure or media image: the first picture of the HTML, as
	 * written (a relative one is the item page's, resolved later). */
	for (int k = 0; k < 2 && empty(a->image); k++) {
		const char *h = k ? f->summary_html : f->content_html;
		char *src = h ? html_first_image(h, strlen(h)) : NULL;
		if (src) {
			free(a->image);
			a->image = src;
		}
	}
	if (f->summary_html && !empty(f->content_html))
		a->summary = html_to_text(f->summary_html, strlen(f->summary_html));
	else if (a->body) {
		char *nl = strchr(a->body, '\n');
		a->summary = nl ? xstrndup(a->body, (size_t)(nl - a->body)) : xstrdup(a->body);
	}
	if (empty(a->title) && !empty(a->body)) {
		free(a->title);
		a->title = import_title_from(a->body);
	}
	if (empty(a->source) && f->feed_title)
		set_field(&a->source, f->feed_title);
	if (empty(a->lang) && f->lang[depth])
		set_field(&a->lang, f->lang[depth]);
	a->published = item_date(f);
	f->pend = xgrow(f->pend, &f->cappend, f->npend + 1, sizeof *f->pend);
	struct pending *p = &f->pend[f->npend++];
	p->a = *a;
	p->item = f->items;
	p->guid = f->guid;
	memset(a, 0, sizeof *a);
	f->guid = NULL;
	free(f->summary_html);
	free(f->content_html);
	f->summary_html = f->content_html = NULL;
	for (int i = 0; i < D_N; i++) {
		free(f->dates[i]);
		f->dates[i] = NULL;
	}
}

/* A child of the channel (or of the Atom feed) ended. */
static void channel_end(struct feed *f, const char *name)
{
	char *t = take_text(f);
	if (is(f, name, V_RSS, "title") || is(f, name, V_ATOM, "title")) {
		set_field(&f->feed_title, t);
	} else if (is(f, name, V_RSS, "language") || is(f, name, V_DC, "language")) {
		set_field(&f->feed_lang, t);
	} else if (is(f, name, V_RSS, "link") && *t && empty(f->feed_link)) {
		free(f->feed_link);
		f->feed_link = import_resolve_url(f->base[f->depth], t);
	}
	free(t);
}

static void set_date(struct feed *f, enum date_field d, char *t)
{
	if (empty(f->dates[d]))
		set_field(&f->dates[d], t);
}

/* A child of an item ended: the field it names. */
static void field_end(struct feed *f, const char *name, int depth)
{
	struct article *a = &f->a;
	const char *local;
	enum vocab v = vocab_of(f, name, &local);
	if ((v == V_RSS || v == V_ATOM) &&
	    (strcmp(local, "description") == 0 || strcmp(local, "summary") == 0 ||
	     strcmp(local, "content") == 0)) {
		char *html = take_html(f);
		char **to = strcmp(local, "content") == 0 ? &f->content_html : &f->summary_html;
		free(*to);
		*to = html;
		return;
	}
	if (v == V_CONTENT && strcmp(local, "encoded") == 0) {
		free(f->content_html);
		f->content_html = take_html(f);
		return;
	}
	if (v == V_DC && strcmp(local, "description") == 0 && !f->summary_html) {
		f->summary_html = take_html(f);
		return;
	}
	char *t = take_text(f);
	if ((v == V_RSS || v == V_ATOM) && strcmp(local, "title") == 0)
		set_field(&a->title, t);
	else if (v == V_DC && strcmp(local, "title") == 0 && empty(a->title))
		set_field(&a->title, t);
	else if (v == V_RSS && strcmp(local, "link") == 0 && *t && empty(a->url)) {
		free(a->url);
		a->url = import_resolve_url(f->base[depth], t);
	} else if ((v == V_RSS && strcmp(local, "guid") == 0) ||
		   (v == V_ATOM && strcmp(local, "id") == 0))
		set_field(&f->guid, t);
	else if (v == V_RSS && strcmp(local, "pubDate") == 0)
		set_date(f, D_PUB, t);
	else if (v == V_ATOM && (strcmp(local, "published") == 0 || strcmp(local, "issued") == 0 ||
				 strcmp(local, "created") == 0))
		set_date(f, D_PUBLISHED, t);
	else if ((v == V_DC && strcmp(local, "date") == 0) ||
		 (v == V_DCTERMS &&
		  (strcmp(local, "issued") == 0 || strcmp(local, "created") == 0)))
		set_date(f, D_DC, t);
	else if ((v == V_ATOM &&
		  (strcmp(local, "updated") == 0 || strcmp(local, "modified") == 0)) ||
		 (v == V_DCTERMS && strcmp(local, "modified") == 0))
		set_date(f, D_UPDATED, t);
	else if ((v == V_RSS && strcmp(local, "category") == 0) ||
		 (v == V_DC && strcmp(local, "subject") == 0))
		add_tag(a, t);
	else if (v == V_RSS && strcmp(local, "source") == 0)
		set_field(&a->source, t);
	else if ((v == V_DC || v == V_RSS) && strcmp(local, "language") == 0)
		set_field(&a->lang, t);
	free(t);
}

static void item_end(struct feed *f, const char *name, int depth)
{
	if (depth == f->item_depth) {
		finish_item(f, depth);
		f->item_depth = 0;
		return;
	}
	if (f->source_depth) {
		if (depth == f->source_depth + 1 && is(f, name, V_ATOM, "title")) {
			char *t = take_text(f);
			free(f->a.source);
			f->a.source = t;
		}
		if (depth == f->source_depth)
			f->source_depth = 0;
		return;
	}
	if (depth == f->item_depth + 1)
		field_end(f, name, depth);
}

static void XMLCALL on_end(void *ud, const char *name)
{
	struct feed *f = ud;
	int depth = f->depth;
	if (f->text_depth && depth > f->text_depth && f->mode == TEXT_XHTML) {
		const char *local;
		vocab_of(f, name, &local);
		buf_printf(&f->text, "</%s>", local);
	}
	if (f->item_depth)
		item_end(f, name, depth);
	else if (depth == f->channel_depth + 1 && depth > 1)
		channel_end(f, name);
	if (depth == f->text_depth) {
		f->text_depth = 0;
		buf_free(&f->text);
	}
	pop_scope(f, depth);
	f->depth--;
}

/* An entity of an external DTD that is never read (&eacute; in a Netscape
 * RSS 0.91 feed): the HTML character of that name, else nothing. */
static void XMLCALL on_skipped(void *ud, const char *name, int is_param)
{
	char in[64], out[8];
	size_t n;
	if (is_param || snprintf(in, sizeof in, "&%s;", name) >= (int)sizeof in)
		return;
	if (html_entity(in, strlen(in), out, &n))
		on_text(ud, out, (int)n);
}

static void XMLCALL on_entity(void *ud, const char *name, int is_param, const char *value, int len,
			      const char *base, const char *sysid, const char *pubid,
			      const char *notation)
{
	(void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid;
	(void)notation;
	struct feed *f = ud;
	char *why = xasprintf("the feed declares an entity (<!ENTITY %s ...>); feeds with "
			      "entity declarations are refused, since entities can expand "
			      "without limit",
			      name);
	refuse(f, why);
	free(why);
}

/* Whether a guid is an identity of its own (a URL, URN or tag URI), or
 * only unique within its feed. */
static int globally_unique(const char *id)
{
	return strstr(id, "://") || strncasecmp(id, "urn:", 4) == 0 ||
	       strncasecmp(id, "tag:", 4) == 0 || strncasecmp(id, "mailto:", 7) == 0;
}

/* The document ended: what the channel said applies to every item. */
static void add_pending(struct feed *f)
{
	const char *scope = !empty(f->feed_self)   ? f->feed_self
			    : !empty(f->feed_link) ? f->feed_link
						   : f->feed_title;
	for (size_t i = 0; i < f->npend; i++) {
		struct pending *p = &f->pend[i];
		struct article *a = &p->a;
		if (empty(a->lang) && f->feed_lang)
			set_field(&a->lang, f->feed_lang);
		if (!empty(a->url)) {
			char *u = import_resolve_url(f->feed_link, a->url);
			free(a->url);
			a->url = u;
		}
		if (!empty(a->image)) {
			char *u =
			    import_resolve_url(!empty(a->url) ? a->url : f->feed_link, a->image);
			free(a->image);
			a->image = u;
		}
		char *guid = p->guid ? str_trim(p->guid) : NULL;
		if (!empty(guid)) {
			free(a->id);
			a->id = globally_unique(guid) ? xstrdup(guid) : import_make_id(scope, guid);
		}
		free(p->guid);
		import_add(f->r, a, p->item, f->lim);
	}
	f->npend = 0;
}

static void feed_free(struct feed *f)
{
	XML_ParserFree(f->p);
	for (int d = 0; d <= f->lim->max_depth + 1; d++)
		pop_scope(f, d);
	free(f->lang);
	free(f->base);
	for (size_t i = 0; i < f->npend; i++) {
		article_clear(&f->pend[i].a);
		free(f->pend[i].guid);
	}
	free(f->pend);
	article_clear(&f->a);
	buf_free(&f->text);
	char *strings[] = {f->refused,	 f->feed_title,	  f->feed_lang,	   f->feed_link,
			   f->feed_self, f->summary_html, f->content_html, f->guid};
	for (size_t i = 0; i < ARRAY_LEN(strings); i++)
		free(strings[i]);
	for (int i = 0; i < D_N; i++)
		free(f->dates[i]);
}

static int is_reference(const char *s, size_t n);

/* Whether expat's "invalid token" at offset at is a bare '&' (at it, or a
 * few name characters before it). */
static int bare_ampersand(const char *data, size_t len, size_t at)
{
	for (size_t k = MIN(at, len - 1) + 1; k-- > 0 && at - k < 64;)
		if (data[k] == '&')
			return !is_reference(data + k, len - k);
	return 0;
}

static int feed_run(struct feed *f, const char *data, size_t len)
{
	size_t off = 0;
	do {
		size_t n = MIN(len - off, (size_t)CHUNK);
		int final = off + n == len;
		if (XML_Parse(f->p, data + off, (int)n, final) != XML_STATUS_OK) {
			size_t at = (size_t)XML_GetCurrentByteIndex(f->p);
			enum XML_Error e = XML_GetErrorCode(f->p);
			f->undefined_entity = e == XML_ERROR_UNDEFINED_ENTITY && !f->doctype;
			f->bare_ampersand =
			    e == XML_ERROR_INVALID_TOKEN && bare_ampersand(data, len, at);
			f->unbound_prefix = e == XML_ERROR_UNBOUND_PREFIX;
			if (f->refused)
				return import_fail_at(f->r, data, len, at, "%s", f->refused);
			return import_fail_at(f->r, data, len, at, "XML: %s", XML_ErrorString(e));
		}
		off += n;
	} while (off < len);
	if (f->kind == FEED_UNKNOWN)
		return import_fail_at(f->r, data, len, 0, "not an RSS or Atom feed");
	add_pending(f);
	return 0;
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
			       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	((struct feed *)ud)->doctype = 1;
}

/* What a failed pass stopped at that a second pass can mend. */
enum mend { MEND_DTD = 1, MEND_AMPERSANDS = 2, MEND_PREFIXES = 4 };

/* One pass of expat over data; *mend says what could be mended when it
 * fails. */
static int parse_once(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r, int *mend)
{
	struct feed f = {.lim = lim, .r = r};
	f.p = XML_ParserCreateNS("UTF-8", ' ');
	if (!f.p)
		return import_fail_at(r, data, len, 0, "out of memory for the XML parser");
	f.lang = xcalloc((size_t)lim->max_depth + 2, sizeof *f.lang);
	f.base = xcalloc((size_t)lim->max_depth + 2, sizeof *f.base);
	if (lim->base_url && *lim->base_url)
		f.base[0] = xstrdup(lim->base_url);
	XML_SetUserData(f.p, &f);
	XML_SetElementHandler(f.p, on_start, on_end);
	XML_SetCharacterDataHandler(f.p, on_text);
	XML_SetStartDoctypeDeclHandler(f.p, on_doctype);
	XML_SetEntityDeclHandler(f.p, on_entity);
	XML_SetSkippedEntityHandler(f.p, on_skipped);
	/* No external entities or DTDs are ever loaded. */
	XML_SetParamEntityParsing(f.p, XML_PARAM_ENTITY_PARSING_NEVER);
	int ret = feed_run(&f, data, len);
	*mend = (f.undefined_entity ? MEND_DTD : 0) | (f.bare_ampersand ? MEND_AMPERSANDS : 0) |
		(f.unbound_prefix ? MEND_PREFIXES : 0);
	feed_free(&f);
	return ret;
}

/* Whether s (n bytes, at a '&') starts an entity or character reference. */
static int is_reference(const char *s, size_t n)
{
	size_t i = 1;
	if (i < n && s[i] == '#') {
		i++;
		int hex = i < n && s[i] == 'x';
		i += hex;
		size_t start = i;
		while (i < n &&
		       ((s[i] >= '0' && s[i] <= '9') ||
			(hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))))
			i++;
		return i > start && i < n && s[i] == ';';
	}
	size_t start = i;
	while (i < n && i < 40 &&
	       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		(i > start &&
		 ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '_'))))
		i++;
	return i > start && i < n && s[i] == ';';
}

/* data with an external DTD that is never loaded (MEND_DTD: old feeds
 * write &eacute; without one; its entities then arrive by name), every
 * bare '&' outside CDATA and comments escaped (MEND_AMPERSANDS: links
 * pasted into feeds by hand), and the well-known prefixes the root element
 * does not declare declared on it (MEND_PREFIXES: itunes:, content:, dc:
 * used without their xmlns). A bare '&' or an unbound prefix is never
 * valid XML, so no valid document changes meaning. */
struct mended {
	struct buf b;
	size_t ins, dtd_len;	/* where the DTD went, and its length */
	size_t pins, plen;	/* where the declarations went, and their length */
	size_t *esc, nesc, cap; /* where each "&amp;" starts in b */
};

/* An offset in the mended document as an offset in the original. */
static size_t original_offset(const struct mended *m, size_t at)
{
	size_t shift = 0;
	for (size_t k = 0; k < m->nesc && m->esc[k] < at; k++)
		shift += 4;
	if (at >= m->ins + m->dtd_len)
		shift += m->dtd_len;
	else if (at > m->ins)
		shift += at - m->ins;
	if (m->plen && at >= m->pins + m->plen)
		shift += m->plen;
	else if (m->plen && at > m->pins)
		shift += at - m->pins;
	return at - shift;
}

/* The first n bytes of needle in the len bytes at hay, or NULL. */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
	for (const char *p = hay; n && (size_t)(hay + len - p) >= n;) {
		p = memchr(p, needle[0], (size_t)(hay + len - p) - n + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
		p++;
	}
	return NULL;
}

/* The prefixes feeds use without declaring them, with their namespaces. */
static const char *const known_prefixes[][2] = {
    {"atom", "http://www.w3.org/2005/Atom"},
    {"content", "http://purl.org/rss/1.0/modules/content/"},
    {"dc", "http://purl.org/dc/elements/1.1/"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"georss", "http://www.georss.org/georss"},
    {"itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"},
    {"googleplay", "http://www.google.com/schemas/play-podcasts/1.0"},
    {"media", "http://search.yahoo.com/mrss/"},
    {"rdf", NS_RDF},
    {"slash", "http://purl.org/rss/1.0/modules/slash/"},
    {"sy", "http://purl.org/rss/1.0/modules/syndication/"},
    {"wfw", "http://wellformedweb.org/CommentAPI/"},
};

/* The offset just after the root element's name (0 when there is none),
 * and in *tag_end the end of its start tag. Comments, processing
 * instructions and a DOCTYPE before it are passed over. */
static size_t root_name_end(const char *data, size_t len, size_t *tag_end)
{
	size_t i = 0;
	while (i < len) {
		const char *lt = memchr(data + i, '<', len - i);
		if (!lt || (size_t)(lt - data) + 1 >= len)
			return 0;
		i = (size_t)(lt - data);
		const char *close = data[i + 1] == '!' && len - i >= 4 && !memcmp(data + i, "<!--", 4)
					? "-->"
					: ">";
		if (data[i + 1] == '!' || data[i + 1] == '?') {
			const char *e = find(data + i + 1, len - i - 1, close, strlen(close));
			if (!e)
				return 0;
			i = (size_t)(e - data) + strlen(close);
			continue;
		}
		size_t j = i + 1;
		while (j < len && !strchr(" \t\r\n/>", data[j]))
			j++;
		const char *gt = memchr(data + j, '>', len - j);
		*tag_end = gt ? (size_t)(gt - data) : len;
		return j;
	}
	return 0;
}

/* Declarations of the well-known prefixes the root's start tag (at..end)
 * leaves undeclared, into b. */
static void declare_prefixes(const char *data, size_t at, size_t end, struct buf *b)
{
	for (size_t k = 0; k < ARRAY_LEN(known_prefixes); k++) {
		char decl[32];
		snprintf(decl, sizeof decl, "xmlns:%s", known_prefixes[k][0]);
		size_t n = strlen(decl);
		const char *d = find(data + at, end - at, decl, n);
		if (d && d + n < data + end && strchr("= \t\r\n", d[n]))
			continue;
		buf_printf(b, " %s=\"%s\"", decl, known_prefixes[k][1]);
	}
}

static void mend_document(const char *data, size_t len, int mend, struct mended *m)
{
	static const char dtd[] = "<!DOCTYPE feed SYSTEM \"about:legacy-entities\">";
	struct buf *b = &m->b;
	size_t i = 0;
	buf_puts(b, "");
	if (mend & MEND_DTD) {
		if (len >= 5 && memcmp(data, "<?xml", 5) == 0) {
			const char *end = memchr(data, '>', len);
			i = end ? (size_t)(end - data) + 1 : 0;
		}
		buf_append(b, data, i);
		buf_append(b, dtd, sizeof dtd - 1);
		m->ins = i;
		m->dtd_len = sizeof dtd - 1;
	}
	size_t root_tag_end = 0,
	       root = mend & MEND_PREFIXES ? root_name_end(data, len, &root_tag_end) : 0;
	while (i < len) {
		const char *close = NULL;
		if (root && i == root) {
			m->pins = b->len;
			declare_prefixes(data, root, root_tag_end, b);
			m->plen = b->len - m->pins;
			root = 0;
		}
		if (len - i >= 9 && memcmp(data + i, "<![CDATA[", 9) == 0)
			close = "]]>";
		else if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0)
			close = "-->";
		if (close) {
			size_t j = i + 4;
			while (j + 3 <= len && memcmp(data + j, close, 3) != 0)
				j++;
			j = j + 3 <= len ? j + 3 : len;
			buf_append(b, data + i, j - i);
			i = j;
		} else if (data[i] == '&' && (mend & MEND_AMPERSANDS) &&
			   !is_reference(data + i, len - i)) {
			m->esc = xgrow(m->esc, &m->cap, m->nesc + 1, sizeof *m->esc);
			m->esc[m->nesc++] = b->len;
			buf_puts(b, "&amp;");
			i++;
		} else {
			buf_putc(b, data[i++]);
		}
	}
}

int import_feed_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r)
{
	int mend = 0, done = 0;
	int ret = parse_once(data, len, lim, r, &mend);
	/* Mend what stopped the parse and read again (a document may need
	 * both mendings, one found after the other). */
	for (int pass = 0; ret && (mend & ~done) && pass < 3; pass++) {
		struct mended m = {0};
		done |= mend;
		mend_document(data, len, done, &m);
		free(r->error);
		r->error = NULL;
		ret = parse_once(m.b.data, m.b.len, lim, r, &mend);
		if (ret) {
			/* The message names the place in the file as given. */
			size_t at = 0;
			const char *e = strstr(r->error, ", byte ");
			if (e && sscanf(e, ", byte %zu:", &at) == 1) {
				const char *why = strchr(e + 7, ':');
				char *msg = xstrdup(why ? why + 2 : r->error);
				import_fail_at(r, data, len, original_offset(&m, at), "%s", msg);
				free(msg);
			}
		}
		buf_free(&m.b);
		free(m.esc);
	}
	return ret;
}
