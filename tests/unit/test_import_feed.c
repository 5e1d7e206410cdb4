/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for the feed importer through import_parse, bytes in, articles
 * out: the formats (RSS 0.91, 1.0/RDF, 2.0, Atom 0.3 and 1.0), encodings,
 * language and direction, dates, titles, links, guids, and what is
 * refused (HTML pages, error messages, entity declarations) with a reason.
 */
#include "testutil.h"

#include <time.h>

#include "base/calendar.h"
#include "parse/import.h"

/* Parse data; fail the test when the file is refused. */
static void parse_ok(const char *data, size_t len, struct import_result *r)
{
	struct import_limits lim;
	import_limits_default(&lim);
	memset(r, 0, sizeof *r);
	if (import_parse(data, len, &lim, r))
		fail_msg("refused: %s", r->error);
}

static void parse_str(const char *data, struct import_result *r)
{
	parse_ok(data, strlen(data), r);
}

/* The reason data is refused; fails the test when it is not. Caller frees. */
static char *refusal(const char *data, size_t len)
{
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	if (import_parse(data, len, &lim, &r) == 0)
		fail_msg("accepted %zu articles", r.articles.n);
	char *e = xstrdup(r.error);
	import_result_free(&r);
	return e;
}

static void refused_because(const char *data, const char *why)
{
	char *e = refusal(data, strlen(data));
	if (!strstr(e, why))
		fail_msg("refused with '%s', not '%s'", e, why);
	free(e);
}

static void error_pages_are_refused_with_a_reason(void **state)
{
	(void)state;
	refused_because(
	    "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
	    "<body><h1>Not Found</h1><p>The requested URL was not found.<hr></body></html>",
	    "an HTML page (\"404 Not Found\"), not a feed");
	refused_because("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
			"<head><title>Hotel WiFi: please log in</title><body><form><input>",
			"an HTML page (\"Hotel WiFi: please log in\"), not a feed");
	refused_because("curl: (22) The requested URL returned error: 404\n",
			"an error message, not an article");
	refused_because("404 Not Found\n", "an error message, not an article");
	refused_because("HTTP/1.1 503 Service Unavailable\n\nRetry later\n",
			"an error message, not an article");
	refused_because("\x1F\x8B\x08\x00\x00\x00", "gzip-compressed");
	refused_because("<note><to>x</to></note>", "not a feed: the root element is <note>");
}

static void whitespace_or_comment_before_the_declaration_is_accepted(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("\n\n  <?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item>"
		  "<title>A</title></item></channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 1);
	import_result_free(&r);
	parse_str("<!-- generated -->\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss><channel>"
		  "<item><title>B</title></item></channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 1);
	import_result_free(&r);
}

static void item_with_only_a_description_gets_its_first_sentence_as_title(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<rss version=\"2.0\"><channel><item><description>Good morning &lt;b&gt;students"
		  "&lt;/b&gt;! The rest follows.</description></item>"
		  "<item><description>بدون نقطه پایانی</description></item></channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 2);
	assert_string_equal(r.articles.items[0].title, "Good morning students!");
	assert_string_equal(r.articles.items[0].body, "Good morning students! The rest follows.");
	assert_string_equal(r.articles.items[1].title, "بدون نقطه پایانی");
	import_result_free(&r);
}

static void bad_dates_fall_back_and_publication_time_wins(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
		  "<entry><title>a</title><published>yesterday</published>"
		  "<updated>2022-06-07T07:09:14Z</updated></entry>"
		  "<entry><title>b</title><updated>2023-01-01T00:00:00Z</updated>"
		  "<published>2022-06-07T07:09:14Z</published></entry>"
		  "<entry><title>c</title><updated>soon</updated></entry></feed>",
		  &r);
	assert_int_equal(r.articles.n, 3);
	assert_int_equal(r.articles.items[0].published, 1654585754);
	assert_int_equal(r.articles.items[1].published, 1654585754);
	assert_int_equal(r.articles.items[2].published, 0);
	import_result_free(&r);
	parse_str(
	    "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><title>d</title>"
	    "<dc:date>not a date</dc:date><pubDate>Tue, 07 Jun 2022 07:09:14 GMT</pubDate>"
	    "</item></channel></rss>",
	    &r);
	assert_int_equal(r.articles.items[0].published, 1654585754);
	import_result_free(&r);
}

static void dates_far_in_the_future_become_the_import_time(void **state)
{
	(void)state;
	const char *feed = "<rss><channel><item><title>x</title><pubDate>Fri, 31 Dec 9999 "
			   "23:59:59 GMT</pubDate></item></channel></rss>";
	struct import_result r = {0};
	struct import_limits lim;
	import_limits_default(&lim);
	/* The caller says when the import is; the parser reads no clock. */
	lim.now = 1654585754;
	assert_int_equal(import_parse(feed, strlen(feed), &lim, &r), 0);
	assert_int_equal(r.articles.items[0].published, 1654585754);
	import_result_free(&r);
	/* No time given: the date as written. */
	lim.now = 0;
	memset(&r, 0, sizeof r);
	assert_int_equal(import_parse(feed, strlen(feed), &lim, &r), 0);
	assert_true(r.articles.items[0].published > 253402300000);
	import_result_free(&r);
}

static void declared_encodings_are_converted(void **state)
{
	(void)state;
	struct import_result r;
	/* windows-1256: خبر, then Arabic yeh and kaf, which layout makes
	 * Persian. */
	const char cp1256[] = "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel>"
			      "<language>fa</language><item><title>\xCE\xC8\xD1 \xED\xDF</title>"
			      "</item></channel></rss>";
	parse_ok(cp1256, sizeof cp1256 - 1, &r);
	assert_string_equal(r.articles.items[0].title, "خبر يك");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_RTL);
	import_result_free(&r);
	const char latin1[] = "<?xml version='1.0' encoding='ISO-8859-1'?><rss><channel><item>"
			      "<title>Caf\xE9</title></item></channel></rss>";
	parse_ok(latin1, sizeof latin1 - 1, &r);
	assert_string_equal(r.articles.items[0].title, "Café");
	import_result_free(&r);
	/* UTF-16 with a byte order mark. */
	const char *doc = "<rss><channel><item><title>Zürich</title></item></channel></rss>";
	struct buf b = {0};
	buf_append(&b, "\xFF\xFE", 2);
	for (const unsigned char *p = (const unsigned char *)doc; *p; p++) {
		size_t used;
		uint32_t cp = utf8_decode(p, strlen((const char *)p), &used);
		char u16[2] = {(char)(cp & 0xFF), (char)(cp >> 8)};
		buf_append(&b, u16, 2);
		p += used - 1;
	}
	parse_ok(b.data, b.len, &r);
	assert_string_equal(r.articles.items[0].title, "Zürich");
	import_result_free(&r);
	buf_free(&b);
	/* No declaration: windows-1256 Persian is recognised. */
	const char guess[] =
	    "<rss><channel><item><title>\xC7\xED\xD1\xC7\xE4 \xE6 \xCA\xE5\xD1\xC7\xE4"
	    "</title><description>\xCF\xD1 \xC7\xED\xE4 \xCF\xED\xCF\xC7\xD1 \xDF\xE5"
	    " \xCF\xD1 \xCA\xE5\xD1\xC7\xE4 \xC8\xD1\x90\xD2\xC7\xD1 \xD4\xCF\xA1 \xCF"
	    "\xD1\xC8\xC7\xD1\xE5 \xE3\xD3\xC7\xC6\xE1 \xDF\xD4\xE6\xD1 \xE6 \xC7\xE4"
	    "\xCA\xCE\xC7\xC8\xC7\xCA \xC2\xED\xE4\xCF\xE5 \x90\xDD\xCA\x90\xE6 \xD4"
	    "\xCF \xE6 \xCA\xD5\xE3\xED\xE3\xC7\xCA \xE3\xE5\xE3\xED \x90\xD1\xDD\xCA"
	    "\xE5 \xD4\xCF. \xD1\xC6\xED\xD3 \xCC\xE3\xE5\xE6\xD1 \xC7\xE3\xD1\xE6\xD2"
	    " \xC8\xC7 \xE6\xD2\xED\xD1 \xDF\xD4\xE6\xD1 \xCF\xED\xCF\xC7\xD1 \xDF\xD1"
	    "\xCF.</description></item></channel></rss>";
	parse_ok(guess, sizeof guess - 1, &r);
	assert_string_equal(r.articles.items[0].title, "ايران و تهران");
	import_result_free(&r);
	/* No declaration, Thai in TIS-620: no NUL byte, so never UTF-16
	 * (ICU's first guess for these bytes), but Thai. */
	const char thai[] = "<rss><channel><item><title>SIPA</title><description>"
	    "\xCA\xD3\xB9\xD1\xA1\xA7\xD2\xB9\xCA\xE8\xA7\xE0\xCA\xC3\xD4\xC1"
	    "\xCD\xD8\xB5\xCA\xD2\xCB\xA1\xC3\xC3\xC1\xAB\xCD\xBF\xB5\xEC\xE1"
	    "\xC7\xC3\xEC\xE1\xCB\xE8\xA7\xAA\xD2\xB5\xD4 \xCB\xC3\xD7\xCD SIPA "
	    "\xC3\xE8\xC7\xC1\xA1\xD1\xBA MamboHub.com \xA2\xCD\xE0\xC3\xD5"
	    "\xC2\xB9\xE0\xAA\xD4\xAD\xB7\xD8\xA1\xB7\xE8\xD2\xB9\xB7\xD5\xE8"
	    "\xCA\xB9\xE3\xA8\xCA\xE8\xA7 Template \xE0\xA2\xE9\xD2\xC3\xE8"
	    "\xC7\xC1\xA1\xD2\xC3\xBB\xC3\xD0\xA1\xC7\xB4"
	    "</description></item></channel></rss>";
	parse_ok(thai, sizeof thai - 1, &r);
	assert_non_null(strstr(r.articles.items[0].summary, "สำนักงานส่งเสริม"));
	import_result_free(&r);
	/* Declared ISO-8859-1, saved as UTF-8: read as UTF-8, not "CafÃ©". */
	parse_str("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
		  "<title>Café</title></item></channel></rss>",
		  &r);
	assert_string_equal(r.articles.items[0].title, "Café");
	import_result_free(&r);
	refused_because("<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss>\xE9</rss>",
			"unknown encoding \"x-no-such\"");
}

static void rss_1_0_rss_0_9x_and_atom_0_3_are_read(void **state)
{
	(void)state;
	struct import_result r;
	parse_str(
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	    "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel><title>DW فارسی</title><link>https://www.dw.com/fa-ir</link>"
	    "<dc:language>fa</dc:language></channel>"
	    "<item><title>خبر یک</title><link>/fa-ir/a-1</link><description>متن</description>"
	    "<dc:date>2022-06-07T07:09:14Z</dc:date></item></rdf:RDF>",
	    &r);
	assert_int_equal(r.articles.n, 1);
	struct article *a = &r.articles.items[0];
	assert_string_equal(a->source, "DW فارسی");
	assert_string_equal(a->url, "https://www.dw.com/fa-ir/a-1");
	assert_string_equal(a->lang, "fa");
	assert_int_equal(a->published, 1654585754);
	import_result_free(&r);
	parse_str(
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD "
	    "RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
	    "<rss version=\"0.91\"><channel><language>fr</language><item><title>Le caf&eacute;"
	    "</title></item></channel></rss>",
	    &r);
	assert_string_equal(r.articles.items[0].title, "Le café");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	import_result_free(&r);
	parse_str("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\" xml:lang=\"en\">"
		  "<entry><title mode=\"escaped\" type=\"text/html\">A &lt;b&gt;bold&lt;/b&gt; move"
		  "</title><issued>2004-01-01T00:00:00Z</issued>"
		  "<content mode=\"escaped\" type=\"text/html\">&lt;p&gt;One&lt;/p&gt;</content>"
		  "</entry></feed>",
		  &r);
	assert_string_equal(r.articles.items[0].title, "A bold move");
	assert_string_equal(r.articles.items[0].body, "One");
	assert_int_equal(r.articles.items[0].published, 1072915200);
	import_result_free(&r);
}

static void html_entities_without_a_dtd_are_read_by_name(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<?xml version=\"1.0\"?>\n<rss><channel><item><title>Caf&eacute; &amp; "
		  "&raquo;news&laquo;&nosuch;</title></item></channel></rss>",
		  &r);
	assert_string_equal(r.articles.items[0].title, "Café & »news«");
	import_result_free(&r);
	/* A later error still names its place in the file as given. */
	refused_because("<?xml version=\"1.0\"?>\n<rss><channel><item><title>&eacute;</title>"
			"</item>\n<bad</channel></rss>",
			"line 3, byte 77: XML: not well-formed");
}

static void bare_ampersands_are_read_as_ampersands(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<rss><channel><item><title>Q&A: news & views</title>"
		  "<link>http://x.example/?a=1&b=2&amp;c=3</link>"
		  "<description><![CDATA[<p>A&amp;B</p>]]></description></item></channel></rss>",
		  &r);
	assert_string_equal(r.articles.items[0].title, "Q&A: news & views");
	assert_string_equal(r.articles.items[0].url, "http://x.example/?a=1&b=2&c=3");
	assert_string_equal(r.articles.items[0].body, "A&B");
	import_result_free(&r);
	refused_because("<rss><channel><item><title>a & b</title></item>\n<bad</channel></rss>",
			"line 2, byte 52: XML: not well-formed");
}

static void entity_declarations_are_refused_in_plain_words(void **state)
{
	(void)state;
	refused_because(
	    "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaa\">]><rss>&a;</rss>",
	    "the feed declares an entity (<!ENTITY a ...>)");
}

static void language_comes_from_the_item_else_the_channel_and_sets_the_direction(void **state)
{
	(void)state;
	struct import_result r;
	parse_str(
	    "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Guardian</title>"
	    "<item><title>Tottenham v Manchester United: live!</title></item>"
	    "<item><title>خبر</title><dc:language>fa</dc:language></item>"
	    "<language>en-gb</language></channel></rss>",
	    &r);
	assert_string_equal(r.articles.items[0].lang, "en-GB");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	assert_string_equal(r.articles.items[1].lang, "fa");
	assert_int_equal(r.articles.items[1].dir, ARTICLE_DIR_RTL);
	import_result_free(&r);
	parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ur\"><entry>"
		  "<title>BBC News اردو</title></entry><entry xml:lang=\"sk\"><title>Správy</title>"
		  "</entry></feed>",
		  &r);
	assert_string_equal(r.articles.items[0].lang, "ur");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_RTL);
	assert_string_equal(r.articles.items[1].lang, "sk");
	assert_int_equal(r.articles.items[1].dir, ARTICLE_DIR_LTR);
	import_result_free(&r);
	/* No language anywhere: the text decides. */
	parse_str(
	    "<rss><channel><item><title>Weather today</title><description>Sunny.</description>"
	    "</item><item><title>ITU از ایران حمایت کرد</title><description>دبیرکل اتحادیه"
	    "</description></item></channel></rss>",
	    &r);
	assert_string_equal(r.articles.items[0].lang, "");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	assert_int_equal(r.articles.items[1].dir, ARTICLE_DIR_RTL);
	import_result_free(&r);
}

static void guids_are_scoped_by_their_feed_unless_globally_unique(void **state)
{
	(void)state;
	struct import_result a, b;
	parse_str("<rss><channel><link>https://a.example/</link><item><title>x</title>"
		  "<guid>1</guid></item><item><title>y</title><guid>https://a.example/2</guid>"
		  "</item></channel></rss>",
		  &a);
	parse_str("<rss><channel><link>https://b.example/</link><item><title>z</title>"
		  "<guid>1</guid></item></channel></rss>",
		  &b);
	assert_string_not_equal(a.articles.items[0].id, b.articles.items[0].id);
	assert_string_equal(a.articles.items[1].id, "https://a.example/2");
	import_result_free(&a);
	import_result_free(&b);
}

/* A podcast or WordPress feed that uses itunes:, content:, wfw: and
 * dcterms: without declaring them: read, the prefixes declared for it. */
static void undeclared_well_known_prefixes_are_declared_for_the_feed(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
		  "<channel><title>پادکست</title><itunes:author>رادیو</itunes:author>\n"
		  "<item><title>قسمت یکم</title><link>https://pod.example.ir/1</link>\n"
		  "<content:encoded><![CDATA[<p>متن کامل قسمت یکم</p>]]></content:encoded>\n"
		  "<wfw:commentRss>https://pod.example.ir/1/feed</wfw:commentRss>\n"
		  "<dcterms:modified>2025-12-06T07:00:00Z</dcterms:modified>\n"
		  "<itunes:duration>12:00</itunes:duration></item>\n"
		  "<item><title>قسمت دوم</title><link>https://pod.example.ir/2</link>"
		  "<dc:creator>سارا</dc:creator></item></channel></rss>\n",
		  &r);
	assert_int_equal(r.articles.n, 2);
	assert_string_equal(r.articles.items[0].body, "متن کامل قسمت یکم");
	assert_string_equal(r.articles.items[1].title, "قسمت دوم");
	import_result_free(&r);
	/* An unknown prefix is still refused, at its place in the file. */
	char *why = refusal("<rss><channel><item><title>x</title><foo:bar>1</foo:bar>"
			    "<itunes:x/></item></channel></rss>",
			    strlen("<rss><channel><item><title>x</title><foo:bar>1</foo:bar>"
				   "<itunes:x/></item></channel></rss>"));
	assert_non_null(strstr(why, "unbound prefix"));
	assert_non_null(strstr(why, "byte 36"));
	free(why);
}

/* Atom content without a type is text by the RFC; feeds put escaped HTML
 * there all the same. */
static void atom_content_without_a_type_that_holds_tags_is_html(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
		  "<entry><id>tag:x.ir,2025:1</id><title>خبر</title>"
		  "<content>&lt;p&gt;بند یکم&lt;/p&gt;&lt;p&gt;بند &lt;b&gt;دوم&lt;/b&gt;&lt;/p&gt;"
		  "</content></entry>"
		  "<entry><id>tag:x.ir,2025:2</id><title>نماد</title>"
		  "<content>a &lt; b and c &gt; d</content></entry></feed>",
		  &r);
	assert_int_equal(r.articles.n, 2);
	assert_string_equal(r.articles.items[0].body, "بند یکم\nبند دوم");
	assert_string_equal(r.articles.items[1].body, "a < b and c > d");
	import_result_free(&r);
}

/* Two stories with one headline stay two: keyed by their links, else by
 * title and date. */
static void items_without_a_guid_are_keyed_by_link_else_title_and_date(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<rss><channel><title>خبرگزاری</title>"
		  "<item><title>زلزله در کرمان</title><link>https://x.ir/1</link></item>"
		  "<item><title>زلزله در کرمان</title><link>https://x.ir/2</link></item>"
		  "<item><title>اطلاعیه</title><pubDate>Sat, 06 Dec 2025 10:00:00 GMT</pubDate></item>"
		  "<item><title>اطلاعیه</title><pubDate>Sun, 07 Dec 2025 10:00:00 GMT</pubDate></item>"
		  "</channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 4);
	assert_string_not_equal(r.articles.items[0].id, r.articles.items[1].id);
	assert_string_not_equal(r.articles.items[2].id, r.articles.items[3].id);
	import_result_free(&r);
}

static void relative_links_and_images_are_resolved(void **state)
{
	(void)state;
	struct import_result r;
	parse_str(
	    "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel>"
	    "<link>https://news.example/fa/</link><item><title>a</title><link>2022/06/1</link>"
	    "<media:thumbnail url=\"../img/1.jpg\"/></item></channel></rss>",
	    &r);
	assert_string_equal(r.articles.items[0].url, "https://news.example/fa/2022/06/1");
	assert_string_equal(r.articles.items[0].image, "https://news.example/fa/2022/img/1.jpg");
	import_result_free(&r);
	parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://x.example/blog/\">"
		  "<entry xml:base=\"posts/\"><title>t</title><link href=\"one.html\"/>"
		  "<link rel=\"enclosure\" type=\"image/png\" href=\"/i.png\"/></entry></feed>",
		  &r);
	assert_string_equal(r.articles.items[0].url, "http://x.example/blog/posts/one.html");
	assert_string_equal(r.articles.items[0].image, "http://x.example/i.png");
	import_result_free(&r);
}

/* Fetched from a URL (as `khabar sync` parses): relative enclosures and
 * links are the document's, and an item with no enclosure takes the first
 * picture of its HTML, relative to its own page. */
static void fetched_feeds_resolve_against_their_url_and_html_gives_an_image(void **state)
{
	(void)state;
	struct import_limits lim;
	import_limits_default(&lim);
	lim.base_url = "http://127.0.0.1:8080/feeds/news.xml";
	const char *xml =
	    "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>c</title>"
	    "<item><title>a</title><link>https://news.example/fa/1</link>"
	    "<media:content url=\"img/a.jpg\" medium=\"image\"/></item>"
	    "<item><title>b</title><link>https://news.example/fa/2</link><description>"
	    "&lt;p&gt;&lt;img src=\"data:image/gif;base64,R0lGOD\"&gt;&lt;img alt='x' "
	    "SRC = '/up/b.jpg?w=1&amp;h=2'&gt;&lt;/p&gt;</description></item>"
	    "<item><title>c</title><description><![CDATA[<!-- <img src=\"no.jpg\"> -->"
	    "<IMG src=https://cdn.example/c.png>]]></description></item>"
	    "</channel></rss>";
	struct import_result r = {0};
	assert_int_equal(import_parse(xml, strlen(xml), &lim, &r), 0);
	assert_int_equal(r.articles.n, 3);
	assert_string_equal(r.articles.items[0].image, "http://127.0.0.1:8080/feeds/img/a.jpg");
	assert_string_equal(r.articles.items[1].image, "https://news.example/up/b.jpg?w=1&h=2");
	assert_string_equal(r.articles.items[2].image, "https://cdn.example/c.png");
	import_result_free(&r);
}

static void the_largest_offered_picture_is_taken_and_untyped_media_counts(void **state)
{
	(void)state;
	struct import_result r;
	/* The Guardian: media:content with neither type nor medium, the
	 * 140 px size first. */
	parse_str("<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>c</title>"
		  "<item><title>a</title>"
		  "<media:content width=\"140\" url=\"https://i.example/140.jpg\"/>"
		  "<media:content width=\"460\" url=\"https://i.example/460.jpg\"/>"
		  "<media:content width=\"300\" url=\"https://i.example/300.jpg\"/></item>"
		  "<item><title>b</title>"
		  "<media:content url=\"https://i.example/talk.mp4\"/>"
		  "<media:thumbnail url=\"https://i.example/t.jpg\"/></item>"
		  "<item><title>c</title><media:thumbnail url=\"https://i.example/t.jpg\"/>"
		  "<media:content url=\"https://i.example/big.jpg\" medium=\"image\"/></item>"
		  "</channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 3);
	assert_string_equal(r.articles.items[0].image, "https://i.example/460.jpg");
	assert_string_equal(r.articles.items[1].image, "https://i.example/t.jpg");
	assert_string_equal(r.articles.items[2].image, "https://i.example/big.jpg");
	import_result_free(&r);
}

static void urls_resolve_as_a_browser_would(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
	    {"https://x.ir/news/1", "/a.jpg", "https://x.ir/a.jpg"},
	    {"https://x.ir/news/1", "a.jpg", "https://x.ir/news/a.jpg"},
	    {"https://x.ir/news/1", "../a.jpg", "https://x.ir/a.jpg"},
	    {"https://x.ir/news/1", "//cdn.ir/a.jpg", "https://cdn.ir/a.jpg"},
	    {"https://x.ir/news/1?p=2", "?p=3", "https://x.ir/news/1?p=3"},
	    {"https://x.ir/news/1#top", "#end", "https://x.ir/news/1#end"},
	    {"https://x.ir", "a", "https://x.ir/a"},
	    {"https://x.ir/", "http://y.ir/", "http://y.ir/"},
	    {NULL, "a.jpg", "a.jpg"},
	    {"not a url", "a.jpg", "a.jpg"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *u = import_resolve_url(cases[i][0], cases[i][1]);
		assert_string_equal(u, cases[i][2]);
		free(u);
	}
}

static void atom_xhtml_lists_keep_their_paragraphs(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title>"
		  "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One "
		  "<a href=\"x\">link</a>, then &amp; more.</p><ul><li>Two</li><li>Three &lt;3</li>"
		  "</ul></div></content></entry></feed>",
		  &r);
	assert_string_equal(r.articles.items[0].body, "One link, then & more.\nTwo\nThree <3");
	import_result_free(&r);
}

static void invisible_titles_are_skipped_and_controls_stripped(void **state)
{
	(void)state;
	struct import_result r;
	parse_str("<rss><channel><item><title>\xE2\x80\x8F\xE2\x80\xAB \xE2\x80\x8C</title></item>"
		  "<item><title>\xE2\x80\xAB"
		  "خبر\xE2\x81\xA7</title></item></channel></rss>",
		  &r);
	assert_int_equal(r.articles.n, 1);
	assert_string_equal(r.articles.items[0].title, "خبر");
	assert_int_equal(r.skipped, 1);
	assert_non_null(strstr(r.reasons.data, "item 1: the title has no visible character"));
	import_result_free(&r);
}

static void a_cache_export_of_more_than_a_thousand_articles_imports_again(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "{\"articles\": [");
	for (int i = 0; i < 1500; i++)
		buf_printf(&b, "%s{\"id\": \"a%d\", \"title\": \"t%d\", \"dir\": \"ltr\"}",
			   i ? "," : "", i, i);
	buf_puts(&b, "]}");
	struct import_result r;
	parse_ok(b.data, b.len, &r);
	assert_int_equal(r.articles.n, 1500);
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	import_result_free(&r);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(error_pages_are_refused_with_a_reason),
	    cmocka_unit_test(whitespace_or_comment_before_the_declaration_is_accepted),
	    cmocka_unit_test(item_with_only_a_description_gets_its_first_sentence_as_title),
	    cmocka_unit_test(bad_dates_fall_back_and_publication_time_wins),
	    cmocka_unit_test(dates_far_in_the_future_become_the_import_time),
	    cmocka_unit_test(declared_encodings_are_converted),
	    cmocka_unit_test(rss_1_0_rss_0_9x_and_atom_0_3_are_read),
	    cmocka_unit_test(html_entities_without_a_dtd_are_read_by_name),
	    cmocka_unit_test(bare_ampersands_are_read_as_ampersands),
	    cmocka_unit_test(entity_declarations_are_refused_in_plain_words),
	    cmocka_unit_test(language_comes_from_the_item_else_the_channel_and_sets_the_direction),
	    cmocka_unit_test(guids_are_scoped_by_their_feed_unless_globally_unique),
	    cmocka_unit_test(undeclared_well_known_prefixes_are_declared_for_the_feed),
	    cmocka_unit_test(atom_content_without_a_type_that_holds_tags_is_html),
	    cmocka_unit_test(items_without_a_guid_are_keyed_by_link_else_title_and_date),
	    cmocka_unit_test(relative_links_and_images_are_resolved),
	    cmocka_unit_test(fetched_feeds_resolve_against_their_url_and_html_gives_an_image),
	    cmocka_unit_test(the_largest_offered_picture_is_taken_and_untyped_media_counts),
	    cmocka_unit_test(urls_resolve_as_a_browser_would),
	    cmocka_unit_test(atom_xhtml_lists_keep_their_paragraphs),
	    cmocka_unit_test(invisible_titles_are_skipped_and_controls_stripped),
	    cmocka_unit_test(a_cache_export_of_more_than_a_thousand_articles_imports_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
