/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for html: feed descriptions reduced to plain paragraphs.
 */
#include "testutil.h"

#include "parse/html.h"

static void check(const char *html, const char *want)
{
	char *got = html_to_text(html, strlen(html));
	if (strcmp(got, want) != 0)
		fail_msg("'%s' gave '%s', want '%s'", html, got, want);
	free(got);
}

static void paragraphs_come_from_p_and_br(void **state)
{
	(void)state;
	check("<p>بند یکم</p><p>بند دوم<br/>بند سوم</p>", "بند یکم\nبند دوم\nبند سوم");
	check("<div><h2>تیتر</h2>متن</div>", "تیتر\nمتن");
	check("  <p>  </p><p>تنها</p>  ", "تنها");
}

static void tags_are_dropped_and_spaces_collapse(void **state)
{
	(void)state;
	check("<b>خبر</b>   <i>فوری</i>\n\tامروز", "خبر فوری امروز");
	check("<a href=\"x?a=1&b=>2\">پیوند</a>", "پیوند");
	check("x<td>y</td>", "x y");
}

static void scripts_styles_and_comments_are_removed(void **state)
{
	(void)state;
	check("<p>پیش</p><script>if (a < b) alert('x')</script><p>پس</p>", "پیش\nپس");
	check("<STYLE>p{}</STYLE>متن<!-- <p>پنهان</p> -->", "متن");
	check("<script>never closed", "");
}

static void entities_are_decoded(void **state)
{
	(void)state;
	check("&laquo;سلام&raquo; &amp; &lt;b&gt; &#1601;&#x627;", "«سلام» & <b> فا");
	check("می&zwnj;شود", "می\xE2\x80\x8Cشود");
	check("&unknown; &#xD800; &#99999999; &", "&unknown; \xEF\xBF\xBD \xEF\xBF\xBD &");
	check("a&nbsp;b", "a b");
	check("caf&eacute; &Auml;", "café Ä");
}

static void every_html5_named_entity_is_decoded(void **state)
{
	(void)state;
	check("&infin; &bdquo;quote&ldquo; 5&euro; &rarr; &hearts;", "∞ „quote“ 5€ → ♥");
	check("&CounterClockwiseContourIntegral; &nvlt; &fjlig;", "∳ <\xE2\x83\x92 fj");
	check("&InfinityAndBeyond;", "&InfinityAndBeyond;");
}

static void entities_escaped_twice_are_mended(void **state)
{
	(void)state;
	/* A site that escapes its HTML twice (common for &zwnj; in Persian
	 * feeds): the reader never sees "&zwnj;" on the screen. */
	check("آرنج&amp;zwnj;بند", "آرنج\xE2\x80\x8Cبند");
	check("a&amp;nbsp;b &amp;laquo;c&amp;raquo; &amp;#1601;", "a b «c» ف");
	/* A real ampersand stays one. */
	check("R&amp;D &amp; AT&amp;T &amp;unknown;", "R&D & AT&T &unknown;");
}

static void plain_text_keeps_blank_line_paragraphs(void **state)
{
	(void)state;
	check("بند یکم\nادامه\n\nبند دوم", "بند یکم ادامه\nبند دوم");
	check("a < b", "a < b");
}

static void inline_tags_join_without_a_space(void **state)
{
	(void)state;
	check("<a href=\"/t\">Tehran</a>, <b>Shiraz</b>.", "Tehran, Shiraz.");
	check("<a>ایران</a>، و <strong>تهران</strong>.", "ایران، و تهران.");
	check("x<span>y</span>", "xy");
	check("<em>one</em> <em>two</em>", "one two");
	check("a<img src=x>b", "a b");
}

static void first_image(const char *html, const char *want)
{
	char *got = html_first_image(html, strlen(html));
	if (!want ? got != NULL : !got || strcmp(got, want) != 0)
		fail_msg("'%s' gave '%s', want '%s'", html, got ? got : "(none)",
			 want ? want : "(none)");
	free(got);
}

static void the_first_image_is_the_first_img_with_a_real_src(void **state)
{
	(void)state;
	first_image("<p>متن</p><img src=\"a.jpg\"><img src=\"b.jpg\">", "a.jpg");
	first_image("<IMG\nclass=\"x\" SRC='/i?a=1&amp;b=2' />", "/i?a=1&b=2");
	first_image("<img src=https://x.ir/a.png>", "https://x.ir/a.png");
	first_image("<img alt=\"src=no.jpg\" src=\" yes.jpg \">", "yes.jpg");
	first_image("<img src=\"data:image/png;base64,AAAA\"><img src=\"b.jpg\">", "b.jpg");
	first_image("<img src=\"\"><img data-src=\"x.jpg\">", NULL);
	first_image("<!-- <img src=\"c.jpg\"> --><imgx src=\"d.jpg\">", NULL);
	first_image("<img src=\"unterminated", "unterminated");
	first_image("<img", NULL);
	first_image("<img src", NULL);
	first_image("<img = = src=a>", "a");
	first_image("", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(paragraphs_come_from_p_and_br),
	    cmocka_unit_test(tags_are_dropped_and_spaces_collapse),
	    cmocka_unit_test(scripts_styles_and_comments_are_removed),
	    cmocka_unit_test(entities_are_decoded),
	    cmocka_unit_test(every_html5_named_entity_is_decoded),
	    cmocka_unit_test(entities_escaped_twice_are_mended),
	    cmocka_unit_test(plain_text_keeps_blank_line_paragraphs),
	    cmocka_unit_test(inline_tags_join_without_a_space),
	    cmocka_unit_test(the_first_image_is_the_first_img_with_a_real_src),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
